import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import { createRecordingLogger } from '../testing/recording-logger.js';
import { secretEchoAnswers } from '../testing/secret-echo-answers.js';
import { findSecretLeaks, secretForms } from '../testing/secret-leaks.js';
import {
  MIN_EMBEDDED_SECRET_LENGTH,
  MIN_SECRET_LENGTH,
  REDACTED,
  redactSecrets,
  SecretRedactor,
} from './secret-redactor.js';

// Characters that each encoding writes differently: space, @, /, ", &, +, a non-ASCII letter, and ~()!'.
const PASSWORD = 'p@ss w0rd/"\u00fc&+~(x)!\'';
const API_KEY = 'K3y-0f-the-gateway-7f3a9c';

describe('SecretRedactor.redactText', () => {
  const redactor = new SecretRedactor([PASSWORD, API_KEY, undefined]);

  it.each(secretForms(PASSWORD).map((form) => [form.name, form.text]))('finds the %s form', (_, text) => {
    expect(redactor.redactText(`before ${text} after`)).toBe(`before ${REDACTED} after`);
  });

  it('finds mixed forms and PHP/ASP.NET escapes', () => {
    const mixed = 'p%40ss+w0rd%2F"\\u00FC&amp;%2b~(x)!&#39;';
    expect(redactor.redactText(`pwd=${mixed}`)).toBe(`pwd=${REDACTED}`);
    expect(redactor.redactText('p@ss w0rd\\/\\&quot;\u00fc&amp;+~(x)!&#x27;')).toBe(REDACTED);
  });

  it('finds the secret in every echo page', () => {
    for (const echo of secretEchoAnswers({ un: 'someone', pwd: PASSWORD, api_key: API_KEY })) {
      const redacted = redactor.redactText(echo.body);
      expect(findSecretLeaks([PASSWORD, API_KEY], { results: [redacted] }), echo.name).toEqual([]);
      expect(redacted).toContain('someone');
    }
  });

  it(`leaves secrets shorter than ${MIN_SECRET_LENGTH} characters alone, and other text as it is`, () => {
    const short = new SecretRedactor(['ab', '']);
    expect(short.active).toBe(false);
    expect(short.redactText('abc ab')).toBe('abc ab');
    expect(new SecretRedactor(['abc']).redactText('x abc x')).toBe(`x ${REDACTED} x`);
    expect(redactor.redactText('nothing here')).toBe('nothing here');
  });

  it(`finds secrets shorter than ${MIN_EMBEDDED_SECRET_LENGTH} characters only standing alone`, () => {
    const short = new SecretRedactor(['1234']);
    expect(short.redactText('to +60123456789 via http://127.0.0.1:51234')).toBe(
      'to +60123456789 via http://127.0.0.1:51234',
    );
    expect(short.redactText('un=u&pwd=1234&x=1 {"pwd":"1234"} pwd%3D1234%26 \\u00221234\\u0022')).toBe(
      `un=u&pwd=${REDACTED}&x=1 {"pwd":"${REDACTED}"} pwd%3D${REDACTED}%26 \\u0022${REDACTED}\\u0022`,
    );
    const long = new SecretRedactor(['0123456789abcdef']);
    expect(long.redactText('x0123456789abcdefx')).toBe(`x${REDACTED}x`);
  });
});

describe('SecretRedactor.redact', () => {
  const redactor = new SecretRedactor([PASSWORD]);

  it('keeps a PesanError a PesanError with the same code, outcome, retryability and attempts', () => {
    const attempt = {
      provider: 'acme',
      endpoint: 'https://api.acme.example',
      outcome: 'unknown' as const,
      reason: `echo ${PASSWORD}`,
      durationMs: 3,
      startedAt: new Date(0),
    };
    const nested = new PesanError('INVALID_RESPONSE', {
      message: `HTML page: ${encodeURIComponent(PASSWORD)}`,
      details: { body: `pwd=${new URLSearchParams({ p: PASSWORD }).toString().slice(2)}` },
    });
    const error = new PesanError('INVALID_RESPONSE', {
      message: `Acme answered ${JSON.stringify(PASSWORD)}`,
      outcome: 'unknown',
      vendorCode: '500',
      vendorMessage: `bad password ${PASSWORD}`,
      provider: 'acme',
      endpoint: 'https://api.acme.example',
      retryable: false,
      cause: new Error(`socket said ${PASSWORD}`),
      details: { status: 200, body: `<pre>${PASSWORD}</pre>`, errors: [nested, nested] },
      attempts: [attempt],
    });
    const redacted = redactor.redact(error);
    expect(PesanError.isInstance(redacted)).toBe(true);
    expect(redacted).toBeInstanceOf(PesanError);
    expect(redacted).toMatchObject({
      code: 'INVALID_RESPONSE',
      outcome: 'unknown',
      retryable: false,
      vendorCode: '500',
      provider: 'acme',
      vendorMessage: `bad password ${REDACTED}`,
    });
    expect(redacted.attempts).toEqual([{ ...attempt, reason: `echo ${REDACTED}` }]);
    expect(redacted.attempts[0]?.startedAt).toBe(attempt.startedAt);
    const errors = redacted.details?.errors as PesanError[];
    expect(errors[0]).toBe(errors[1]);
    expect(PesanError.isInstance(errors[0])).toBe(true);
    expect(findSecretLeaks([PASSWORD], { errors: [redacted] })).toEqual([]);
    expect(findSecretLeaks([PASSWORD], { errors: [error] })).not.toEqual([]);
  });

  it('returns values without a secret as they are, and copies the rest', () => {
    const clean = { a: 'b', list: [1, 2], when: new Date(0) };
    expect(redactor.redact(clean)).toBe(clean);
    const error = new PesanError('TIMEOUT');
    expect(redactor.redact(error)).toBe(error);
    const value = { raw: `ok ${PASSWORD}`, other: clean, [PASSWORD]: 1 };
    expect(redactor.redact(value)).toEqual({ raw: `ok ${REDACTED}`, other: clean, [REDACTED]: 1 });
    expect(value.raw).toBe(`ok ${PASSWORD}`);
  });

  it('redacts cycles without walking them forever', () => {
    const value: Record<string, unknown> = { secret: PASSWORD };
    value.self = value;
    const redacted = redactor.redact(value);
    expect(redacted.secret).toBe(REDACTED);
    expect(redacted.self).toBe(redacted);
  });

  it('redactSecrets is the one-off form', () => {
    expect(redactSecrets([`x ${PASSWORD}`], [PASSWORD])).toEqual([`x ${REDACTED}`]);
  });
});

describe('SecretRedactor.logger', () => {
  it('redacts every line and its fields', () => {
    const recording = createRecordingLogger();
    const logger = new SecretRedactor([PASSWORD]).logger(recording);
    logger.warn(`failed ${PASSWORD}`, { error: new PesanError('UNKNOWN', { message: PASSWORD }), n: 1 });
    logger.debug('plain');
    expect(findSecretLeaks([PASSWORD], { logs: recording.lines })).toEqual([]);
    expect(recording.lines.map((line) => line.message)).toEqual([`failed ${REDACTED}`, 'plain']);
    expect(new SecretRedactor([]).logger(recording)).toBe(recording);
  });
});

describe('SecretRedactor: every written form is found (property)', () => {
  it('finds and removes a secret of any characters in each form it travels in, inside any text', () => {
    // Secrets long enough to be found anywhere, so the surrounding text cannot hide them.
    const secret = fc.string({ unit: 'grapheme', minLength: 12, maxLength: 20 });
    const text = fc.string({ maxLength: 12 });
    fc.assert(
      fc.property(secret, text, text, (password, before, after) => {
        const redactor = new SecretRedactor([password]);
        for (const form of secretForms(password)) {
          const echoed = `${before}${form.text}${after}`;
          expect(redactor.contains(echoed)).toBe(true);
          expect(redactor.redactText(echoed)).toContain(REDACTED);
        }
      }),
      { numRuns: 300, seed: 29 },
    );
  });
});
