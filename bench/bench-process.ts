/**
 * What the benchmark scripts share: their environment settings, and the iSMS
 * sandbox in a process of its own, so its work does not count against pesan.
 */
import { execFile, fork } from 'node:child_process';
import { cpus, platform, release } from 'node:os';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { SoakSandboxCpu, SoakSandboxReady } from './soak-sandbox-process.js';

/** The machine a benchmark ran on, for the tables and the benchmarks document. */
export function machineDescription(): string {
  const processors = cpus();
  return `${processors.length} x ${processors[0]?.model.trim() ?? 'unknown CPU'}, ${platform()} ${release()}`;
}

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

const DIST_TSCONFIG = fileURLToPath(new URL('./tsconfig.dist.json', import.meta.url));
const REPOSITORY_ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs a benchmark script (`node --import tsx script`) in a process of its
 * own on the packages as they ship: `bench/tsconfig.dist.json` points tsx at
 * each package's built `dist/` (`pnpm bench` builds first), since tsx's
 * transform of the sources adds CPU per closure that published JavaScript
 * does not have. The script prints a table, then one line `resultPrefix{json}`.
 *
 * @returns the parsed result line and the table printed before it.
 */
export async function runBuiltBenchScript<Result>(
  script: URL,
  resultPrefix: string,
  timeoutMs: number,
): Promise<{ result: Result; table: string }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', fileURLToPath(script)], {
    cwd: REPOSITORY_ROOT,
    env: { ...process.env, TSX_TSCONFIG_PATH: DIST_TSCONFIG },
    timeout: timeoutMs,
    maxBuffer: 1_048_576,
  });
  const line = stdout.split('\n').find((candidate) => candidate.startsWith(resultPrefix));
  if (line === undefined) throw new Error(`${fileURLToPath(script)} printed no result:\n${stdout}`);
  return {
    result: JSON.parse(line.slice(resultPrefix.length)) as Result,
    table: stdout.slice(0, stdout.indexOf(resultPrefix)).trimEnd(),
  };
}

/** A table as the bench files print it once their run is over: indented, between blank lines. */
export function indentedTable(table: string): string {
  return ['', ...table.split('\n').map((line) => `  ${line}`), ''].join('\n');
}
