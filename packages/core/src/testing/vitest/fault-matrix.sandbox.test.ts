import { countSegments } from '../../encoding/segment-counter.js';
import type { ProviderV1 } from '../../provider/v1/provider-v1.js';
import { defineCapabilities } from '../../provider-kit/provider-capabilities.js';
import { unrecognisedAnswer } from '../../provider-kit/unrecognised-answer.js';
import { defineVendorCodes, vendorCodeError } from '../../provider-kit/vendor-codes.js';
import { VendorConnection } from '../../provider-kit/vendor-connection.js';
import { sandboxJson } from '../sandbox/sandbox-answer.js';
import { startSandboxServers } from '../sandbox/sandbox-servers.js';
import { describeFaultMatrix } from './fault-matrix.js';

const ACME_CODES = defineVendorCodes({
  '401': { code: 'AUTH_FAILED', outcome: 'not_sent', wholeRequest: true, description: 'Bad API key' },
  '402': { code: 'INSUFFICIENT_CREDIT', outcome: 'not_sent', description: 'Out of credit' },
  '422': { code: 'INVALID_RECIPIENT', outcome: 'rejected', description: 'Invalid number' },
  '500': { code: 'UNKNOWN', outcome: 'unknown', description: 'Internal error' },
});

/** The small JSON vendor of CONTRIBUTING.md, on the provider kit. */
function acme(baseUrls: readonly string[], timeoutMs: number): ProviderV1 {
  const connection = new VendorConnection({ provider: 'acme', vendor: 'Acme', origins: [...baseUrls], timeoutMs });
  return {
    specVersion: 'v1',
    type: 'acme',
    id: 'acme',
    capabilities: defineCapabilities({ encodings: ['gsm7', 'ucs2'] }),
    segments: (message) => countSegments(message.text ?? ''),
    async send(message, context = {}) {
      const answer = await connection.call({ path: '/v1/sms', json: { to: message.to, text: message.text } }, context);
      const origin = connection.originOf(answer);
      let body: { id?: unknown; error?: { code?: unknown } } | null = null;
      try {
        body = JSON.parse(answer.body);
      } catch {}
      if (body?.error !== undefined && body.error !== null) {
        throw vendorCodeError(ACME_CODES, String(body.error.code), origin).with({ attempts: answer.attempts });
      }
      if (typeof body?.id !== 'string')
        throw unrecognisedAnswer(answer.body, origin).with({ attempts: answer.attempts });
      return {
        status: 'queued',
        messageId: body.id,
        provider: 'acme',
        providerType: 'acme',
        to: message.to,
        segments: 1,
        attempts: answer.attempts,
        raw: body,
      };
    },
  };
}

describeFaultMatrix('acme (the CONTRIBUTING.md vendor)', {
  vendorCodes: ACME_CODES,
  async setup() {
    let accepted = 0;
    const sandbox = await startSandboxServers({
      mirrors: 2,
      vendorCode: { answer: (code) => sandboxJson({ error: { code, message: 'vendor error' } }, 400) },
      handle() {
        accepted += 1;
        return sandboxJson({ id: `acme-${accepted}` });
      },
    });
    return {
      sandbox: {
        urls: sandbox.urls,
        setFault: (mirror, fault) => sandbox.setFault(mirror, fault),
        get requests() {
          return sandbox.records;
        },
      },
      providerFor: (baseUrls, { timeoutMs }) => acme(baseUrls, timeoutMs),
      message: { to: '+60123456789', text: 'fault matrix' },
      close: () => sandbox.stop(),
    };
  },
});
