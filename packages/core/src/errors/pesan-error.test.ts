import { describe, expect, it } from 'vitest';
import { PesanError } from './pesan-error.js';

const roundTrip = (value: unknown) => JSON.parse(JSON.stringify(value));

describe('PesanError.toJSON', () => {
  it('keeps details, attempts and nested errors through JSON', () => {
    const startedAt = new Date(Date.UTC(2024, 0, 1));
    const first = new PesanError('TIMEOUT', { provider: 'a', details: { timeoutMs: 1000 } });
    const second = new PesanError('PROVIDER_UNAVAILABLE', { provider: 'b' });
    const error = new PesanError('ALL_PROVIDERS_FAILED', {
      outcome: 'unknown',
      details: {
        attempts: [
          { provider: 'a', outcome: 'unknown', errorCode: 'TIMEOUT', durationMs: 5, startedAt },
          { provider: 'b', outcome: 'not_sent', durationMs: 1, startedAt },
        ],
        errors: [first, second],
      },
    });
    const json = roundTrip(error);
    expect(json).toMatchObject({ name: 'PesanError', code: 'ALL_PROVIDERS_FAILED', outcome: 'unknown' });
    expect(json.details.attempts).toEqual([
      { provider: 'a', outcome: 'unknown', errorCode: 'TIMEOUT', durationMs: 5, startedAt: '2024-01-01T00:00:00.000Z' },
      { provider: 'b', outcome: 'not_sent', durationMs: 1, startedAt: '2024-01-01T00:00:00.000Z' },
    ]);
    expect(json.details.errors).toEqual([
      expect.objectContaining({ code: 'TIMEOUT', provider: 'a', outcome: 'unknown', details: { timeoutMs: 1000 } }),
      expect.objectContaining({ code: 'PROVIDER_UNAVAILABLE', provider: 'b', outcome: 'not_sent' }),
    ]);
  });

  it('summarises the cause as { name, message, code? }', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED', secret: 'x' });
    expect(roundTrip(new PesanError('PROVIDER_UNAVAILABLE', { cause })).cause).toEqual({
      name: 'Error',
      message: 'connect ECONNREFUSED',
      code: 'ECONNREFUSED',
    });
    expect(roundTrip(new PesanError('UNKNOWN', { cause: new PesanError('TIMEOUT') })).cause).toEqual({
      name: 'PesanError',
      message: new PesanError('TIMEOUT').message,
      code: 'TIMEOUT',
    });
    expect(roundTrip(new PesanError('UNKNOWN')).cause).toBeUndefined();
    expect(roundTrip(new PesanError('UNKNOWN')).details).toBeUndefined();
  });

  it('stays JSON-safe with cycles, bigints, functions and plain errors in details', () => {
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    const shared = { id: 1 };
    const error = new PesanError('INVALID_CONFIG', {
      details: { loop, big: 10n, fn: () => 1, plain: new TypeError('bad'), twice: [shared, shared] },
    });
    (error.details as Record<string, unknown>).error = error;
    const json = roundTrip(error);
    expect(json.details).toEqual({
      error: '[Circular]',
      loop: { name: 'loop', self: '[Circular]' },
      big: '10',
      plain: { name: 'TypeError', message: 'bad' },
      twice: [{ id: 1 }, { id: 1 }],
    });
  });
});
