/**
 * `@pesan/provider-isms/sandbox`: a local iSMS simulator for tests, demos and
 * benchmarks, built on the sandbox kit of `@pesan/core/testing`. Real HTTP
 * servers on 127.0.0.1, one per mirror.
 */
export * from './isms-sandbox.js';
