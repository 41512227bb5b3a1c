import { writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SecretRedactor } from '@pesan/core';
import { stringify } from 'yaml';
import { configSecrets } from '../config-secrets.js';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { interruptSignal, whenAborted } from '../interrupt.js';
import type { CliContext } from '../messenger-session.js';
import { SANDBOX_WHATSAPP, sandboxConfig, startSandboxFleet } from '../sandbox-fleet.js';

/** Options of `pesan sandbox`. */
export interface SandboxCommandOptions {
  portBase: number;
  /** Where the ready config is written. */
  out: string;
}

const HEADER = `# Written by "pesan sandbox": a messenger over the local vendor sandboxes.
# Every account here belongs to the sandboxes and opens nothing real.
# Valid while "pesan sandbox" runs with the same --port-base.
`;

/**
 * `pesan sandbox`: every vendor sandbox on 127.0.0.1, a ready config for
 * them, and their URLs; runs until Ctrl-C.
 */
export async function sandboxCommand(context: CliContext, options: SandboxCommandOptions): Promise<ExitCode> {
  const { output } = context;
  const fleet = await startSandboxFleet({ portBase: options.portBase });
  const interrupt = interruptSignal(() => process.exit(EXIT_CODES.interrupted));
  try {
    const config = sandboxConfig(fleet);
    output.useRedactor(new SecretRedactor(configSecrets(config, {})));
    const path = resolve(context.cwd, options.out);
    await writeFile(path, HEADER + stringify(config), 'utf8');
    const urls = {
      isms: fleet.isms.urls,
      ezsms: fleet.ezsms.urls,
      waba: fleet.waba.urls,
      device: fleet.device.urls,
    };
    output.jsonLine({ event: 'ready', config: path, urls, webhooks: fleet.webhookOrigin });
    output.line('Vendor sandboxes on 127.0.0.1 (no vendor account needed):');
    output.line(`  iSMS (2 mirrors)  ${urls.isms.join('  ')}`);
    output.line(`  sms.com.my        ${urls.ezsms.join('  ')}`);
    output.line(`  WhatsApp (WABA)   ${urls.waba.join('  ')}`);
    output.line(`  device gateway    ${urls.device.join('  ')}`);
    output.line(
      `Delivery reports and inbound messages are pushed to ${fleet.webhookOrigin}/webhooks/<provider>/<token>`,
    );
    output.line(`Config written to ${path}`);
    output.line('');
    output.line('Try, in another terminal:');
    output.line(`  export PESAN_CONFIG=${path}`);
    output.line('  pesan config check');
    output.line('  pesan send --to +60123456789 --text "Hello from pesan"');
    output.line(`  pesan send --channel whatsapp --to ${SANDBOX_WHATSAPP.openContact} --text "Hi on WhatsApp"`);
    output.line('  pesan estimate --to +60123456789 --text "Terima kasih!"');
    output.line('  pesan balance');
    output.line(`  pesan webhooks serve --port ${fleet.webhookPort}`);
    output.line('');
    output.line('Press Ctrl-C to stop.');
    await whenAborted(interrupt.signal);
    output.note('pesan: stopping the sandboxes');
    return EXIT_CODES.ok;
  } finally {
    interrupt.dispose();
    await fleet.stop();
  }
}
