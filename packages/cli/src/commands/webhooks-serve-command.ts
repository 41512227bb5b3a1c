import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { InboundEvent, StatusEvent } from '@pesan/core';
import { EXIT_CODES, type ExitCode } from '../exit-codes.js';
import { interruptSignal, whenAborted } from '../interrupt.js';
import { type CliContext, withMessenger } from '../messenger-session.js';

/** Options of `pesan webhooks serve`. */
export interface WebhooksServeOptions {
  port: number;
  host: string;
}

function statusJson(event: StatusEvent): Record<string, unknown> {
  const { record } = event;
  const reported = record.history.at(-1);
  return {
    type: 'status',
    provider: event.provider,
    messageId: record.messageId,
    status: reported?.status ?? record.status,
    scope: reported?.scope ?? record.scope,
    vendorStatus: reported?.vendorStatus ?? record.vendorStatus ?? null,
    ...(record.to === undefined ? {} : { to: record.to }),
    at: (reported?.at ?? record.updatedAt).toISOString(),
    current: record.status,
    changed: event.changed,
    duplicate: event.duplicate,
  };
}

function inboundJson(event: InboundEvent): Record<string, unknown> {
  return {
    type: 'inbound',
    provider: event.provider,
    channel: event.channel,
    from: event.from,
    ...(event.to === undefined ? {} : { to: event.to }),
    text: event.text,
    at: event.at.toISOString(),
    ...(event.vendorMessageId === undefined ? {} : { vendorMessageId: event.vendorMessageId }),
  };
}

/**
 * `pesan webhooks serve`: the messenger's webhook handler behind node:http,
 * printing each delivery report and inbound message (a JSON line each with
 * `--json`) until Ctrl-C.
 */
export async function webhooksServeCommand(context: CliContext, options: WebhooksServeOptions): Promise<ExitCode> {
  const { output } = context;
  return withMessenger(context, {}, async (messenger) => {
    // Reading `webhooks` without `webhooks.token` in the config throws INVALID_CONFIG: exit 2.
    const listener = messenger.webhooks.nodeListener();
    messenger.on('status', (event) => {
      const json = statusJson(event);
      output.jsonLine(json);
      output.line(
        `status   ${json.provider} ${json.messageId} ${json.status} (${json.scope}, vendor ${json.vendorStatus})` +
          `${json.to === undefined ? '' : ` to ${json.to}`}${event.changed || event.duplicate ? '' : ` [kept in history; current ${json.current}]`}`,
      );
    });
    messenger.on('inbound', (event) => {
      const json = inboundJson(event);
      output.jsonLine(json);
      output.line(`inbound  ${json.provider} ${json.channel} from ${json.from}: ${JSON.stringify(json.text)}`);
    });
    const server = createServer(listener);
    server.listen(options.port, options.host);
    await Promise.race([
      once(server, 'listening'),
      once(server, 'error').then(([error]) => {
        throw error;
      }),
    ]);
    const { port } = server.address() as AddressInfo;
    const origin = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${port}`;
    const interrupt = interruptSignal(() => process.exit(EXIT_CODES.interrupted));
    try {
      output.note(`pesan: webhooks listening on ${origin}`);
      // Callback URLs carry the token: the output's redactor prints it as ***.
      for (const id of messenger.providers.keys())
        output.note(`  ${id}: ${messenger.webhooks.callbackUrl(id, origin)}`);
      output.note('Press Ctrl-C to stop.');
      await whenAborted(interrupt.signal);
      output.note('pesan: stopping the webhook server');
    } finally {
      interrupt.dispose();
      server.closeAllConnections?.();
      await new Promise((resolve) => server.close(resolve));
    }
    return EXIT_CODES.ok;
  });
}
