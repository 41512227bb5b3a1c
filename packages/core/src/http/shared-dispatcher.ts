import { Agent, type Dispatcher } from 'undici';

let agent: Agent | undefined;

/**
 * The process-wide keep-alive undici `Agent` used when no dispatcher is
 * given, created on first use. Connecting is bounded at 10 s; each try is
 * bounded by the request's `timeoutMs` on top.
 */
export function sharedDispatcher(): Dispatcher {
  agent ??= new Agent({ connect: { timeout: 10_000 }, keepAliveTimeout: 4_000 });
  return agent;
}
