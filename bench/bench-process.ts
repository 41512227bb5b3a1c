/**
 * What the benchmark scripts share: their environment settings, and the iSMS
 * sandbox in a process of its own, so its work does not count against pesan.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { SoakSandboxCpu, SoakSandboxReady } from './soak-sandbox-process.js';

/** An integer setting from the environment (`_` separators allowed), from 1 to `max`. */
export function integerFromEnvironment(name: string, fallback: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw.replace(/_/g, ''));
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new RangeError(`${name} must be an integer from 1 to ${max}, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** Starts the sandbox in its own process; resolves once it listens. */
export async function startSandboxProcess() {
  const child = fork(fileURLToPath(new URL('./soak-sandbox-process.ts', import.meta.url)), {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const ready = await new Promise<SoakSandboxReady>((resolve, reject) => {
    child.once('message', (message) => resolve(message as SoakSandboxReady));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`the sandbox process exited with code ${code}`)));
  });
  return {
    urls: ready.urls,
    /** The sandbox process's CPU time so far (user + system). */
    cpuUsage: () =>
      new Promise<NodeJS.CpuUsage>((resolve) => {
        const listener = (message: unknown) => {
          if (typeof message !== 'object' || message === null || !('cpu' in message)) return;
          child.off('message', listener);
          resolve((message as SoakSandboxCpu).cpu);
        };
        child.on('message', listener);
        child.send('cpu');
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}
