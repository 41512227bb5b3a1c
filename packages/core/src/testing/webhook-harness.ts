import type { InboundEvent, StatusEvent } from '../events/messenger-events.js';
import { createMessenger } from '../messenger/create-messenger.js';
import type { Messenger } from '../messenger/messenger.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';

/** A messenger around one provider, with its webhook endpoint and what it emitted. */
export interface WebhookHarness {
  readonly messenger: Messenger;
  /** `<base>/webhooks/<providerId>/<token>`, as a vendor would be given it. */
  readonly callbackUrl: string;
  /** `status` events, in order. */
  readonly statuses: StatusEvent[];
  /** `inbound` events, in order. */
  readonly inbound: InboundEvent[];
  /** A vendor GET: `query` (without `?`) appended to the callback URL, through `messenger.webhooks.handle`. */
  get(query: string): Promise<Response>;
  /** A vendor POST of `body` with `contentType` to the callback URL. */
  post(body: string, contentType: string): Promise<Response>;
  /** Resolves once the events the handler schedules after its answer have run. */
  afterAnswer(): Promise<void>;
  /** Closes the messenger. */
  close(): Promise<void>;
}

/**
 * Runs a provider's recorded callbacks through the real webhook endpoint
 * (token check, parsing, status store, events), without a server:
 *
 * ```ts
 * const harness = createWebhookHarness(isms({ username: 'u', password: 'p' }));
 * const answer = await harness.get('msisdn=60123456789&trx_id=1&dn_status=DELIVERED');
 * await harness.afterAnswer();
 * expect(harness.statuses[0]?.record.status).toBe('sent');
 * ```
 */
export function createWebhookHarness(
  provider: ProviderV1,
  options: { token?: string; base?: string } = {},
): WebhookHarness {
  const messenger = createMessenger({
    providers: [provider],
    webhooks: { token: options.token ?? 'webhook-harness-token-0123456789' },
  });
  const callbackUrl = messenger.webhooks.callbackUrl(provider.id, options.base ?? 'https://app.example.com');
  const statuses: StatusEvent[] = [];
  const inbound: InboundEvent[] = [];
  messenger.on('status', (event) => {
    statuses.push(event);
  });
  messenger.on('inbound', (event) => {
    inbound.push(event);
  });
  return {
    messenger,
    callbackUrl,
    statuses,
    inbound,
    get: (query) => messenger.webhooks.handle(new Request(query === '' ? callbackUrl : `${callbackUrl}?${query}`)),
    post: (body, contentType) =>
      messenger.webhooks.handle(
        new Request(callbackUrl, { method: 'POST', headers: { 'content-type': contentType }, body }),
      ),
    afterAnswer: () => new Promise<void>((resolve) => setImmediate(resolve)),
    close: () => messenger.close(),
  };
}
