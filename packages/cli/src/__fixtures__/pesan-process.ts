import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Runs the `pesan` bin as a child process, as a user runs it: from source
 * through tsx (so the tests need no build), with the root tsconfig's
 * `@pesan/*` paths, in a working directory of the test's choosing.
 */

const REPOSITORY = fileURLToPath(new URL('../../../../', import.meta.url));
const BIN = fileURLToPath(new URL('../bin.ts', import.meta.url));
const TSX = pathToFileURL(join(REPOSITORY, 'node_modules/tsx/dist/loader.mjs')).href;

/** Longest a child may run before it is killed: every wait in these tests is bounded. */
export const CHILD_TIMEOUT_MS = 45_000;

/** What a finished `pesan` run left. */
export interface PesanRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Options of a run. */
export interface PesanRunOptions {
  cwd: string;
  env?: Record<string, string | undefined>;
  timeoutMs?: number;
}

/** A `pesan` child still running. */
export interface PesanChild {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves once stdout or stderr matches `pattern` (rejects when the child ends first or after `timeoutMs`). */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Resolves when the child exits. */
  readonly done: Promise<PesanRun>;
}

/** Every output of every run, so a test can check that no secret was ever printed. */
export const allOutput: string[] = [];

function environment(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TSX_TSCONFIG_PATH: join(REPOSITORY, 'tsconfig.json'),
    NO_COLOR: '1',
    FORCE_COLOR: '0',
  };
  delete env.PESAN_CONFIG;
  delete env.NODE_OPTIONS;
  for (const [name, value] of Object.entries(extra)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** Starts `pesan args...`. */
export function startPesan(args: readonly string[], options: PesanRunOptions): PesanChild {
  const child = spawn(process.execPath, ['--import', TSX, BIN, ...args], {
    cwd: options.cwd,
    env: environment(options.env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  const watchers = new Set<() => void>();
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
    for (const watcher of watchers) watcher();
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    for (const watcher of watchers) watcher();
  });
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? CHILD_TIMEOUT_MS);
  const done = new Promise<PesanRun>((resolve) => {
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      allOutput.push(stdout, stderr);
      for (const watcher of watchers) watcher();
      resolve({ code, signal, stdout, stderr });
    });
  });
  let exited = false;
  void done.then(() => {
    exited = true;
  });
  return {
    child,
    stdout: () => stdout,
    stderr: () => stderr,
    done,
    waitFor(pattern, timeoutMs = CHILD_TIMEOUT_MS) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => finish(new Error(`timed out waiting for ${pattern}`)), timeoutMs);
        const finish = (error?: Error) => {
          clearTimeout(timer);
          watchers.delete(check);
          if (error) reject(error);
          else resolve();
        };
        const check = () => {
          if (pattern.test(stdout) || pattern.test(stderr)) finish();
          else if (exited) finish(new Error(`pesan exited before ${pattern}:\n${stdout}\n${stderr}`));
        };
        watchers.add(check);
        check();
      });
    },
  };
}

/** Runs `pesan args...` to the end. */
export function runPesan(args: readonly string[], options: PesanRunOptions): Promise<PesanRun> {
  return startPesan(args, options).done;
}

/** Parses a run's stdout as the one JSON document `--json` promises. */
export function jsonOf(run: PesanRun): Record<string, unknown> {
  try {
    return JSON.parse(run.stdout) as Record<string, unknown>;
  } catch {
    throw new Error(`stdout is not one JSON document:\n${run.stdout}\n--- stderr ---\n${run.stderr}`);
  }
}

/** A fresh temporary directory, and its removal. */
export function temporaryDirectory(): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), 'pesan-cli-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * Runs `pesan args...` inside the test process through `runCli`: the same
 * code as the bin, for the variations of a command that one child process
 * per case would make slow. Never for commands that wait for Ctrl-C.
 */
export async function runPesanInProcess(args: readonly string[], options: PesanRunOptions): Promise<PesanRun> {
  const { runCli } = await import('../run-cli.js');
  let stdout = '';
  let stderr = '';
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[name] = value;
  const code = await runCli(args, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env,
    cwd: options.cwd,
  });
  allOutput.push(stdout, stderr);
  return { code, signal: null, stdout, stderr };
}
