import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import { type FailureFacts, nextStepAfter } from './delivery-policy.js';

const facts = (overrides: Partial<FailureFacts> = {}): FailureFacts => ({
  delivery: 'at-most-once',
  idempotentProvider: false,
  alreadyRetried: false,
  smsFallbackAvailable: false,
  aborted: false,
  mayHaveSent: false,
  ...overrides,
});

const notSent = new PesanError('PROVIDER_UNAVAILABLE');
const rejected = new PesanError('INVALID_SENDER');
const unknown = new PesanError('TIMEOUT');

describe('nextStepAfter', () => {
  it.each([
    ['not_sent', 'at-most-once', notSent, 'next'],
    ['not_sent', 'at-least-once', notSent, 'next'],
    ['rejected', 'at-most-once', rejected, 'stop'],
    ['rejected', 'at-least-once', rejected, 'stop'],
    ['unknown', 'at-most-once', unknown, 'stop'],
    ['unknown', 'at-least-once', unknown, 'next'],
  ] as const)('%s under %s → %s', (_outcome, delivery, error, expected) => {
    expect(nextStepAfter(error, facts({ delivery }))).toBe(expected);
  });

  it('retries an idempotent provider once after unknown, in both modes', () => {
    for (const delivery of ['at-most-once', 'at-least-once'] as const) {
      expect(nextStepAfter(unknown, facts({ delivery, idempotentProvider: true }))).toBe('retry-same');
      expect(nextStepAfter(unknown, facts({ delivery, idempotentProvider: true, alreadyRetried: true }))).toBe(
        delivery === 'at-most-once' ? 'stop' : 'next',
      );
    }
    expect(nextStepAfter(notSent, facts({ idempotentProvider: true }))).toBe('next');
  });

  it('falls back to SMS only for session-window and template rejections', () => {
    const withFallback = facts({ smsFallbackAvailable: true });
    expect(nextStepAfter(new PesanError('OUTSIDE_SESSION_WINDOW'), withFallback)).toBe('sms-fallback');
    expect(nextStepAfter(new PesanError('TEMPLATE_NOT_FOUND'), withFallback)).toBe('sms-fallback');
    expect(nextStepAfter(new PesanError('OUTSIDE_SESSION_WINDOW'), facts())).toBe('stop');
    expect(nextStepAfter(rejected, withFallback)).toBe('stop');
    expect(nextStepAfter(unknown, withFallback)).toBe('stop');
  });

  it('at-most-once: after an earlier unknown, never moves to another provider', () => {
    const after = facts({ mayHaveSent: true, idempotentProvider: true, alreadyRetried: true });
    expect(nextStepAfter(notSent, after)).toBe('stop');
    expect(nextStepAfter(unknown, after)).toBe('stop');
    expect(nextStepAfter(new PesanError('OUTSIDE_SESSION_WINDOW'), { ...after, smsFallbackAvailable: true })).toBe(
      'stop',
    );
    // The idempotent retry itself is still allowed: the vendor deduplicates it.
    expect(nextStepAfter(unknown, facts({ mayHaveSent: true, idempotentProvider: true }))).toBe('retry-same');
  });

  it('at-least-once: keeps failing over after an earlier unknown', () => {
    const after = facts({
      delivery: 'at-least-once',
      mayHaveSent: true,
      idempotentProvider: true,
      alreadyRetried: true,
    });
    expect(nextStepAfter(notSent, after)).toBe('next');
    expect(nextStepAfter(unknown, after)).toBe('next');
    expect(nextStepAfter(rejected, after)).toBe('stop');
  });

  it('stops when aborted', () => {
    expect(nextStepAfter(notSent, facts({ aborted: true }))).toBe('stop');
  });
});
