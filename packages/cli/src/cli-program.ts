import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { CliOutput } from './cli-output.js';
import { EXIT_CODES_HELP, type ExitCode } from './exit-codes.js';
import type { CliContext } from './messenger-session.js';
import { DEFAULT_SANDBOX_PORT_BASE } from './sandbox-ports.js';

/** The CLI's version, from its package.json (beside `src/` and `dist/` alike). */
export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return manifest.version;
}

/** Options every command takes. */
export interface GlobalOptions {
  config?: string;
  json?: boolean;
  debug?: boolean;
}

/** What the program needs from its runner: where to write, the environment, and where to put the exit code. */
export interface ProgramHost {
  /** Where commander writes help (stdout) and parse errors (stderr). */
  writeOut(text: string): void;
  writeErr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** The output, made once the global options are known. */
  output(options: GlobalOptions): CliOutput;
  /** Records the command's exit code. */
  exit(code: ExitCode): void;
}

function integer(name: string, min: number, max: number) {
  return (value: string): number => {
    const parsed = Number(value);
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(parsed) || parsed < min || parsed > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    }
    return parsed;
  };
}

const channelOption = () =>
  new Option('--channel <channel>', 'sms or whatsapp (default: sms)').choices(['sms', 'whatsapp']);

const DESCRIPTION = `Send SMS and WhatsApp through many vendors from the terminal.

Configuration: --config <file> (YAML or JSON, the format of
createMessengerFromConfig, with \${ENV} interpolation), else $PESAN_CONFIG,
else ./pesan.config.yaml|yml|json. No vendor account? Run "pesan sandbox"
and use the pesan.sandbox.yaml it writes.

Output: human-readable by default; with --json, stdout carries exactly one
JSON document (JSON lines for streams) and everything else goes to stderr.
Passwords, API keys and tokens are never printed.`;

/**
 * Builds the `pesan` program. Commands are imported when they run, so
 * `--help`, `--version` and usage errors answer without loading the vendors.
 * Each action records its exit code through `host.exit`.
 */
export function createProgram(host: ProgramHost): Command {
  // Output and exit settings first: subcommands copy them when they are created.
  const program = new Command('pesan')
    .exitOverride()
    .configureOutput({ writeOut: (text) => host.writeOut(text), writeErr: (text) => host.writeErr(text) })
    .description(DESCRIPTION)
    .version(cliVersion(), '-V, --version', 'print the version')
    .option('-c, --config <file>', 'config file (YAML or JSON)')
    .option('--json', 'machine-readable output: one JSON document on stdout')
    .option('--debug', 'stack traces and the messenger log on stderr')
    .helpOption('-h, --help', 'show help')
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n\nRun "pesan <command> --help" for a command's options.`)
    .configureHelp({ showGlobalOptions: true, sortSubcommands: false })
    .showSuggestionAfterError(true);

  const context = (command: Command): CliContext => {
    const options = command.optsWithGlobals<GlobalOptions>();
    return {
      output: host.output(options),
      env: host.env,
      cwd: host.cwd,
      ...(options.config === undefined ? {} : { config: options.config }),
    };
  };
  const run =
    <Args extends unknown[]>(work: (command: Command, ...args: Args) => Promise<ExitCode>) =>
    async (...args: unknown[]) => {
      const command = args.at(-1) as Command;
      host.exit(await work(command, ...(args.slice(0, -1) as Args)));
    };

  program
    .command('send')
    .description('send one message and print provider, message id, segments, credits and attempts')
    .requiredOption('--to <number>', 'recipient (E.164, or national with the config defaultRegion)')
    .requiredOption('--text <text>', 'message text')
    .option('--from <sender>', 'sender ID or WhatsApp business number')
    .addOption(channelOption())
    .option('--provider <id>', 'send through this provider only, bypassing the route')
    .option('--idempotency-key <key>', 'the same key twice sends once (vendors that deduplicate keep it 24 h)')
    .action(
      run(async (command) => {
        const options = command.opts();
        return (await import('./commands/send-command.js')).sendCommand(context(command), {
          to: options.to,
          text: options.text,
          from: options.from,
          channel: options.channel,
          provider: options.provider,
          idempotencyKey: options.idempotencyKey,
        });
      }),
    );

  program
    .command('bulk')
    .description('send one message per CSV row, with progress, a summary, per-row results and a resumable checkpoint')
    .argument('<file.csv>', 'CSV with a header row')
    .option('--text <template>', 'message text; {{column}} is replaced by the row\'s value, e.g. "Hi {{name}}"')
    .option('--text-column <column>', 'take each message text from this column')
    .option('--to-column <column>', 'column with the recipient', 'phone')
    .option('--from <sender>', 'sender ID or WhatsApp business number')
    .addOption(channelOption())
    .option(
      '--concurrency <n>',
      'requests in flight per provider (default: its concurrency limit, else 4)',
      integer('--concurrency', 1, 64),
    )
    .option('--window <n>', 'most messages in flight at once (default 1000)', integer('--window', 1, 100_000))
    .option('--out <results.csv>', 'write one result row per message (appended to on --resume)')
    .option('--checkpoint <file>', 'checkpoint file (default: <file.csv>.checkpoint.json)')
    .option('--resume <checkpoint-file>', 'continue an interrupted send: rows already settled are not sent again')
    .addHelpText(
      'after',
      `
Ctrl-C stops taking rows, lets messages in flight settle and writes the checkpoint;
"pesan bulk <file.csv> --resume <checkpoint>" then sends only the rest (exit 130 when interrupted).`,
    )
    .action(
      run(async (command, file: string) => {
        const options = command.opts();
        return (await import('./commands/bulk-command.js')).bulkCommand(context(command), file, {
          text: options.text,
          textColumn: options.textColumn,
          toColumn: options.toColumn,
          from: options.from,
          channel: options.channel,
          concurrency: options.concurrency,
          window: options.window,
          out: options.out,
          checkpoint: options.checkpoint,
          resume: options.resume,
        });
      }),
    );

  program
    .command('estimate')
    .description('route, encoding, segments and cost per candidate provider, without sending')
    .requiredOption('--to <number>', 'recipient')
    .requiredOption('--text <text>', 'message text')
    .option('--from <sender>', 'sender ID or WhatsApp business number')
    .addOption(channelOption())
    .action(
      run(async (command) => {
        const options = command.opts();
        return (await import('./commands/estimate-command.js')).estimateCommand(context(command), {
          to: options.to,
          text: options.text,
          from: options.from,
          channel: options.channel,
        });
      }),
    );

  program
    .command('balance')
    .description('credit left at one provider, or at every provider that can tell')
    .argument('[providerId]', 'provider id from the config')
    .action(
      run(async (command, providerId: string | undefined) =>
        (await import('./commands/balance-command.js')).balanceCommand(context(command), providerId),
      ),
    );

  program
    .command('status')
    .description(
      'the status of a sent message (from providers that can be asked; push-only vendors report to "webhooks serve")',
    )
    .argument('<messageId>', "the vendor's message id, as send printed it")
    .option('--provider <id>', 'ask only this provider')
    .action(
      run(async (command, messageId: string) =>
        (await import('./commands/status-command.js')).statusCommand(context(command), messageId, {
          provider: command.opts().provider,
        }),
      ),
    );

  program
    .command('sandbox')
    .description(
      'start every vendor sandbox on 127.0.0.1, print their URLs and write a ready config; runs until Ctrl-C',
    )
    .option(
      '--port-base <port>',
      `first port: iSMS +0/+1, sms.com.my +10, WhatsApp +20, device gateway +30, webhooks +90; 0 for any free ports`,
      integer('--port-base', 0, 65_000),
      DEFAULT_SANDBOX_PORT_BASE,
    )
    .option('--out <file>', 'where to write the config', 'pesan.sandbox.yaml')
    .action(
      run(async (command) => {
        const options = command.opts();
        return (await import('./commands/sandbox-command.js')).sandboxCommand(context(command), {
          portBase: options.portBase,
          out: options.out,
        });
      }),
    );

  const webhooks = program.command('webhooks').description('receive delivery reports and inbound messages');
  webhooks
    .command('serve')
    .description("serve the messenger's webhook handler on node:http and print each status and inbound event")
    .requiredOption('--port <port>', 'port to listen on (0: any free port)', integer('--port', 0, 65_535))
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .action(
      run(async (command) => {
        const options = command.opts();
        return (await import('./commands/webhooks-serve-command.js')).webhooksServeCommand(context(command), {
          port: options.port,
          host: options.host,
        });
      }),
    );

  const config = program.command('config').description('work with the configuration');
  config
    .command('check')
    .description('validate the config and list every problem by path (secrets masked)')
    .action(
      run(async (command) => (await import('./commands/config-check-command.js')).configCheckCommand(context(command))),
    );

  return program;
}
