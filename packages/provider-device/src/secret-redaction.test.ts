import { PesanError } from '@pesan/core';
import { describe, expect, it } from 'vitest';
import { containsSecret, redactError, redactSecret } from './secret-redaction.js';

const KEY = 'k'.repeat(64);

describe('redactSecret', () => {
  it('replaces the secret in strings, keys and nested values, and leaves the rest alone', () => {
    const value = { a: `x${KEY}y`, [KEY]: [1, { b: KEY }], when: new Date(0), n: 3 };
    const redacted = redactSecret(value, KEY);
    expect(containsSecret(redacted, KEY)).toBe(false);
    expect(redacted).toEqual({ a: 'x***y', '***': [1, { b: '***' }], when: new Date(0), n: 3 });
    const clean = { a: 'b' };
    expect(redactSecret(clean, KEY)).toBe(clean);
  });

  it('cuts cycles instead of walking them forever', () => {
    const value: Record<string, unknown> = { key: KEY };
    value.self = value;
    expect(JSON.stringify(redactSecret(value, KEY), (_, entry) => entry)).not.toContain(KEY);
  });
});

describe('redactError', () => {
  it('removes the secret from message, vendor message, details and cause', () => {
    const error = new PesanError('UNKNOWN', {
      message: `bad ${KEY}`,
      vendorMessage: `Invalid key ${KEY}`,
      details: { body: KEY, errors: [new PesanError('UNKNOWN', { message: KEY })] },
      cause: new Error(`cause ${KEY}`),
      provider: 'device',
    });
    const redacted = redactError(error, KEY);
    expect(redacted).toMatchObject({ code: 'UNKNOWN', outcome: 'unknown', provider: 'device' });
    expect(JSON.stringify(redacted.toJSON())).not.toContain(KEY);
    expect(String(redacted.stack)).not.toContain(KEY);
    expect(containsSecret(redacted, KEY)).toBe(false);
  });
});
