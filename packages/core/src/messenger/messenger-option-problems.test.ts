import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import { createMessenger } from './create-messenger.js';
import { createFakeProvider } from './fake-provider.js';
import { messengerOptionProblems } from './messenger-option-problems.js';

const providers = [createFakeProvider({ id: 'a' })];

describe('messengerOptionProblems', () => {
  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('rejects idempotencyTtlMs %s', (value) => {
    expect(messengerOptionProblems({ providers, idempotencyTtlMs: value })).toEqual([
      'idempotencyTtlMs: must be a number > 0',
    ]);
  });

  it.each([0, -5, 1.5])('rejects idempotencyMaxEntries %s', (value) => {
    expect(messengerOptionProblems({ providers, idempotencyMaxEntries: value })).toEqual([
      'idempotencyMaxEntries: must be an integer > 0',
    ]);
  });

  it.each([0, -1, Number.NaN])('rejects providerTimeoutMs %s', (value) => {
    expect(messengerOptionProblems({ providers, providerTimeoutMs: value })).toEqual([
      'providerTimeoutMs: must be a number > 0',
    ]);
  });

  it('accepts positive values', () => {
    expect(
      messengerOptionProblems({ providers, idempotencyTtlMs: 1, idempotencyMaxEntries: 1, providerTimeoutMs: 0.5 }),
    ).toEqual([]);
  });

  it('createMessenger refuses idempotencyTtlMs 0 with INVALID_CONFIG', () => {
    let error: unknown;
    try {
      createMessenger({ providers, idempotencyTtlMs: 0 });
    } catch (thrown) {
      error = thrown;
    }
    expect(PesanError.isInstance(error) && error.code).toBe('INVALID_CONFIG');
    expect(PesanError.isInstance(error) && error.details?.problems).toEqual(['idempotencyTtlMs: must be a number > 0']);
  });
});
