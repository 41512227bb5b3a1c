import { errors as undiciErrors } from 'undici';
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

  // undici 7 builds HTTPParserError with `code` undefined (it looks the llhttp error number up by name).
  it("recognises undici's HTTPParserError by class, with or without a code", () => {
    const parser = new undiciErrors.HTTPParserError(
      'Response does not match the HTTP/1.1 protocol (Invalid character in chunk size)',
    );
    expect(parser.code).toBeUndefined();
    const error = classifyNetworkError(parser, { ...context, written: true });
    expect(error).toMatchObject({
      code: 'INVALID_RESPONSE',
      outcome: 'unknown',
      details: { networkCode: 'UND_ERR_HTTP_PARSER', parserReason: 'Invalid character in chunk size' },
    });
    const wrapped = classifyNetworkError(new Error('outer', { cause: parser }), { ...context, written: true });
    expect(wrapped.code).toBe('INVALID_RESPONSE');
    // A later undici that fills in the code: HPE_* is kept as the network code.
    const withCode = Object.assign(new undiciErrors.HTTPParserError('Response does not match (x)'), {
      code: 'HPE_INVALID_STATUS',
    });
    expect(classifyNetworkError(withCode, { ...context, written: true })).toMatchObject({
      code: 'INVALID_RESPONSE',
      details: { networkCode: 'HPE_INVALID_STATUS' },
    });
    expect(classifyNetworkError(parser, { ...context, written: false })).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      outcome: 'not_sent',
    });
  });

  it("reads undici's refusal of an answer (SocketError 'bad response') as a malformed answer", () => {
    const refused = classifyNetworkError(coded('UND_ERR_SOCKET', 'bad response'), { ...context, written: true });
    expect(refused).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'unknown' });
    const closed = classifyNetworkError(coded('UND_ERR_SOCKET', 'other side closed'), { ...context, written: true });
    expect(closed).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', outcome: 'unknown' });
  });

  it.each(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE'])(
    '%s after the headers arrived cut the answer short: INVALID_RESPONSE, unknown',
    (code) => {
      const error = classifyNetworkError(coded(code), { ...context, written: true, answered: true });
      expect(error).toMatchObject({ code: 'INVALID_RESPONSE', outcome: 'unknown' });
    },
  );

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
