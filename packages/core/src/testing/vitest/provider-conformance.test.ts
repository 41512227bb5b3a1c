import { countSegments } from '../../encoding/segment-counter.js';
import { PesanError } from '../../errors/pesan-error.js';
import type { OutboundMessage } from '../../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../../provider/v1/provider-v1.js';
import { describeProviderConformance } from './provider-conformance.js';

/** The smallest honest provider: accepts one password, keeps messages in memory. */
function memoryProvider(password: string, reachable = true): ProviderV1 {
  const sent: OutboundMessage[] = [];
  return {
    specVersion: 'v1',
    type: 'memory',
    id: `memory-${password}`,
    capabilities: {
      channels: ['sms'],
      encodings: ['gsm7', 'ucs2'],
      maxBatch: 1,
      personalisedBulk: false,
      flash: false,
      binary: false,
      templates: false,
      files: false,
      balance: true,
      status: false,
      deliveryReports: false,
      inbound: false,
      nativeOtp: false,
      idempotent: false,
    },
    async send(message, context) {
      if (context?.signal?.aborted) throw new PesanError('TIMEOUT', { provider: this.id, outcome: 'not_sent' });
      if (!reachable) throw new PesanError('PROVIDER_UNAVAILABLE', { provider: this.id });
      if (password !== 'right') throw new PesanError('AUTH_FAILED', { provider: this.id });
      sent.push(message);
      const { segments } = this.segments(message);
      return {
        status: 'queued',
        messageId: String(sent.length),
        provider: this.id,
        providerType: this.type,
        to: message.to,
        segments,
        attempts: [],
        raw: null,
      };
    },
    async getBalance() {
      return { provider: this.id, amount: 100 - sent.length, unit: 'credits', raw: null };
    },
    segments(message) {
      return countSegments(message.text ?? '');
    },
  };
}

describeProviderConformance('in-memory reference provider', async () => ({
  provider: memoryProvider('right'),
  recipient: '+60123456789',
  badCredentials: memoryProvider('wrong'),
  unreachable: memoryProvider('right', false),
}));
