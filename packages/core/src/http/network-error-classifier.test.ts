import { describe, expect, it } from 'vitest';
import { classifyNetworkError, errorCodeOf } from './network-error-classifier.js';

function coded(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

const context = { provider: 'isms', endpoint: 'https://a.example' };

describe('classifyNetworkError', () => {
  it.each([
    'ECONNREFUSED',
    'ENOTFOUND',
    'EAI_AGAIN',
    'EHOSTUNREACH',
    'UND_ERR_CONNECT_TIMEOUT',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'ERR_TLS_CERT_ALTNAME_INVALID',
    'CERT_HAS_EXPIRED',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  ])('%s is a connect-phase failure: not sent, whatever the write flag', (code) => {
    for (const written of [false, true]) {
      const error = classifyNetworkError(coded(code), { ...context, written });
      expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', outcome: 'not_sent', ...context });
      expect(error.cause).toBeInstanceOf(Error);
    }
  });

  it.each(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'])(
    '%s only happens after writing: TIMEOUT unknown',
    (code) => {
      const error = classifyNetworkError(coded(code), { ...context, written: false });
      expect(error).toMatchObject({ code: 'TIMEOUT', outcome: 'unknown' });
    },
  );

  it.each([
    ['ECONNRESET', 'PROVIDER_UNAVAILABLE'],
    ['UND_ERR_SOCKET', 'PROVIDER_UNAVAILABLE'],
    ['EPIPE', 'PROVIDER_UNAVAILABLE'],
    ['ETIMEDOUT', 'TIMEOUT'],
    ['HPE_INVALID_CONSTANT', 'INVALID_RESPONSE'],
    ['UND_ERR_RES_CONTENT_LENGTH_MISMATCH', 'INVALID_RESPONSE'],
  ])('%s after writing is %s with outcome unknown; before writing it is not sent', (code, expected) => {
    expect(classifyNetworkError(coded(code), { ...context, written: true })).toMatchObject({
      code: expected,
      outcome: 'unknown',
    });
    expect(classifyNetworkError(coded(code), { ...context, written: false })).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      outcome: 'not_sent',
    });
  });

  it('treats an error without a code by the write flag', () => {
    expect(classifyNetworkError(new Error('boom'), { ...context, written: true }).outcome).toBe('unknown');
    expect(classifyNetworkError(new Error('boom'), { ...context, written: false }).outcome).toBe('not_sent');
  });

  it('finds codes inside AggregateError and cause chains', () => {
    expect(errorCodeOf(new AggregateError([coded('ECONNREFUSED')], 'all failed'))).toBe('ECONNREFUSED');
    expect(errorCodeOf(new Error('outer', { cause: coded('ENOTFOUND') }))).toBe('ENOTFOUND');
    expect(errorCodeOf('not an error')).toBeUndefined();
  });

  it('never copies the cause message into its own message', () => {
    const error = classifyNetworkError(coded('ECONNRESET', 'GET /send?pwd=secret failed'), {
      ...context,
      written: true,
    });
    expect(error.message).not.toContain('secret');
  });
});
