import fc from 'fast-check';
import { describe, it } from 'vitest';
import { readDeviceGatewayAnswer } from './device-envelope.js';

// Fixed seed and 10 000 runs: a failure reproduces, and `pnpm test` stays fast.
const RUNS = { numRuns: 10_000, seed: 12 } as const;
const origin = { provider: 'device', vendor: 'Device gateway', endpoint: 'https://isms.my.id', status: 200 };

const data = fc.oneof(
  fc.constant(undefined),
  fc.record({ message_id: fc.nat(), status: fc.constantFrom('queued', 'sent') }),
);
const envelope = fc.record(
  {
    status: fc.oneof(
      fc.constantFrom('success', 'error', ' Success ', 'ERROR', 'ok'),
      fc.string({ maxLength: 6 }),
      fc.nat(),
    ),
    message: fc.oneof(fc.string({ maxLength: 20 }), fc.constantFrom('Invalid API key', 'Device offline')),
    response: fc.oneof(fc.boolean(), fc.constant(null), fc.nat(1)),
    data,
  },
  { requiredKeys: [] },
);

describe('readDeviceGatewayAnswer (fuzz)', () => {
  it('never throws, and reads success only from a success envelope without an error marker', () => {
    const body = fc.oneof(
      fc.string({ maxLength: 30 }),
      fc.json({ maxDepth: 2 }),
      envelope.map((value) => JSON.stringify(value)),
    );
    fc.assert(
      fc.property(body, (text) => {
        const reading = readDeviceGatewayAnswer(text, origin);
        if (!reading.ok) return reading.error.name === 'PesanError';
        const parsed = JSON.parse(text) as { status: string; response?: unknown };
        return parsed.status.trim().toLowerCase() === 'success' && parsed.response !== false;
      }),
      RUNS,
    );
  });

  it('lets an explicit error marker win over every success field beside it', () => {
    fc.assert(
      fc.property(envelope, fc.boolean(), (value, byStatus) => {
        const marked = byStatus ? { ...value, status: 'error' } : { ...value, status: 'success', response: false };
        return !readDeviceGatewayAnswer(JSON.stringify(marked), origin).ok;
      }),
      RUNS,
    );
  });
});
