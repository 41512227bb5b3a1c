import { countSegments } from '../../encoding/segment-counter.js';
import { PesanError } from '../../errors/pesan-error.js';
import { createHttpTransport } from '../../http/http-transport.js';
import type { BulkItem } from '../../provider/v1/bulk-result.js';
import type { ProviderV1 } from '../../provider/v1/provider-v1.js';
import { defineCapabilities } from '../../provider-kit/provider-capabilities.js';
import { sandboxJson } from '../sandbox/sandbox-answer.js';
import { startSandboxServers } from '../sandbox/sandbox-servers.js';
import { describeProviderConformance } from './provider-conformance.js';

const E164 = /^\+\d{8,15}$/;

/** The smallest honest HTTP provider: a JSON vendor (`POST /messages`), its origins tried in order by the core transport. */
function loopbackProvider(baseUrls: readonly string[], timeoutMs: number): ProviderV1 {
  const transport = createHttpTransport();
  const provider: ProviderV1 = {
    specVersion: 'v1',
    type: 'loopback',
    id: 'loopback',
    capabilities: defineCapabilities({
      channels: ['sms'],
      encodings: ['gsm7', 'ucs2'],
      maxBatch: 10,
      personalisedBulk: true,
    }),
    async send(message, context) {
      if (!E164.test(message.to)) throw new PesanError('INVALID_RECIPIENT', { provider: 'loopback' });
      const response = await transport.request({
        provider: 'loopback',
        origins: baseUrls,
        path: '/messages',
        method: 'POST',
        json: { to: message.to, text: message.text },
        timeoutMs,
        ...(context?.signal === undefined ? {} : { signal: context.signal }),
      });
      const answer = JSON.parse(response.body) as { id: string };
      return {
        status: 'queued',
        messageId: answer.id,
        provider: 'loopback',
        providerType: 'loopback',
        to: message.to,
        segments: countSegments(message.text ?? '').segments,
        attempts: response.attempts ?? [],
        raw: answer,
      };
    },
    async sendBulk(messages, context) {
      const items: BulkItem[] = [];
      for (const message of messages) {
        try {
          items.push({ ok: true, result: await provider.send(message, context) });
        } catch (error) {
          items.push({ ok: false, error: error as PesanError, to: message.to });
        }
      }
      const sent = items.filter((item) => item.ok).length;
      return { items, totals: { sent, failed: items.length - sent } };
    },
    segments: (message) => countSegments(message.text ?? ''),
  };
  return provider;
}

describeProviderConformance('loopback reference provider on the sandbox kit', async () => {
  let next = 0;
  const sandbox = await startSandboxServers({
    mirrors: 2,
    handle: () => {
      next += 1;
      return sandboxJson({ id: `m${next}` });
    },
  });
  return {
    provider: loopbackProvider(sandbox.urls, 5_000),
    recipient: '+60123456789',
    unreachable: loopbackProvider(['http://127.0.0.1:9'], 5_000),
    sandbox: {
      urls: sandbox.urls,
      setFault: (mirror, fault) => sandbox.setFault(mirror, fault),
      get requests() {
        return sandbox.records;
      },
    },
    providerFor: (baseUrls, { timeoutMs }) => loopbackProvider(baseUrls, timeoutMs),
    close: () => sandbox.stop(),
  };
});
