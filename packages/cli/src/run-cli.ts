import { CommanderError } from 'commander';
import { CliOutput, type CliStream } from './cli-output.js';
import { createProgram, type GlobalOptions } from './cli-program.js';
import { CliUsageError } from './cli-usage-error.js';
import { EXIT_CODES, type ExitCode } from './exit-codes.js';
import type { FailureReport } from './failure-report.js';

/** Where `runCli` reads and writes; `process` by default. */
export interface CliHost {
  stdout: CliStream;
  stderr: CliStream;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/**
 * Runs `pesan` with `args` (without `node` and the script) and resolves with
 * the exit code. Never throws: a failure is one line on stderr (the stack
 * with `--debug`) and, with `--json`, a JSON document on stdout.
 */
export async function runCli(
  args: readonly string[],
  host: CliHost = { stdout: process.stdout, stderr: process.stderr, env: process.env, cwd: process.cwd() },
): Promise<ExitCode> {
  let output: CliOutput | undefined;
  let exitCode: ExitCode = EXIT_CODES.ok;
  const program = createProgram({
    writeOut: (text) => host.stdout.write(text),
    writeErr: (text) => host.stderr.write(text),
    env: host.env,
    cwd: host.cwd,
    output: (options: GlobalOptions) => {
      output ??= new CliOutput(host.stdout, host.stderr, options.json === true, options.debug === true);
      return output;
    },
    exit: (code) => {
      exitCode = code;
    },
  });
  try {
    await program.parseAsync([...args], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version exit 0; every other parse error is a usage error (commander printed it).
      if (error.exitCode === 0) return EXIT_CODES.ok;
      if (args.includes('--json')) {
        const message = error.message.replace(/^error: /, '');
        host.stdout.write(
          `${JSON.stringify({ ok: false, exitCode: EXIT_CODES.usage, error: { code: 'USAGE', message } }, null, 2)}\n`,
        );
      }
      return EXIT_CODES.usage;
    }
    const json = args.includes('--json');
    const debug = args.includes('--debug');
    output ??= new CliOutput(host.stdout, host.stderr, json, debug);
    // A usage error needs nothing from @pesan/core; anything else has loaded it already.
    const report =
      error instanceof CliUsageError ? usageReport(error) : (await import('./failure-report.js')).failureReport(error);
    output.document({ ok: false, exitCode: report.exitCode, error: report.json });
    const [first = '', ...rest] = report.lines;
    output.note(`pesan: ${first}`);
    for (const line of rest) output.note(line);
    if (output.debug && error instanceof Error && error.stack) output.note(error.stack);
    return report.exitCode;
  }
}

function usageReport(error: CliUsageError): FailureReport {
  return { exitCode: EXIT_CODES.usage, lines: [error.message], json: { code: 'USAGE', message: error.message } };
}
