/**
 * `@pesan/cli`: the `pesan` command. The package's main export runs it
 * in-process, for tools that embed it; the command itself is `bin.js`.
 */
export { EXIT_CODES, type ExitCode } from './exit-codes.js';
export { type CliHost, runCli } from './run-cli.js';
