import { afterEach, describe, expect, it } from 'vitest';
import { messengerConfigSections } from '../config/messenger-config.js';
import { createMessenger } from '../messenger/create-messenger.js';
import { createFakeProvider, type FakeProvider } from '../messenger/fake-provider.js';
import type { Messenger } from '../messenger/messenger.js';
import type { MessengerOptions } from '../messenger/messenger-options.js';
import type { Logger } from '../provider/v1/logger.js';
import type { NativeOtpRequest } from '../provider/v1/native-otp-request.js';
import type { OtpCheck } from '../provider/v1/otp-verification.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import { failover } from '../routing/failover.js';
import { FakeClock } from '../runtime/fake-clock.js';
import { expectPesanError } from '../testing/expect-pesan-error.js';
import { MemoryOtpStore } from './memory-otp-store.js';

const SECRET = 'otp-test-secret-0123456789abcdefghij';
const TO = '+60123456789';

const messengers: Messenger[] = [];
afterEach(async () => {
  for (const messenger of messengers.splice(0)) await messenger.close();
});

interface Recorded {
  logs: unknown[];
  events: unknown[];
}

function recordingLogger(into: unknown[]): Logger {
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    into.push({ level, message, fields });
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}

function setup(options: Partial<MessengerOptions> & { providers?: ProviderV1[] } = {}) {
  const clock = new FakeClock();
  const store = new MemoryOtpStore({ clock });
  const sms = createFakeProvider({ id: 'sms' });
  const recorded: Recorded = { logs: [], events: [] };
  const messenger = createMessenger({
    providers: [sms],
    clock,
    logger: recordingLogger(recorded.logs),
    stores: { otp: store },
    ...options,
    otp: { secret: SECRET, ...options.otp },
  });
  messengers.push(messenger);
  for (const event of ['attempt', 'sent', 'failed', 'failover', 'circuit', 'status', 'inbound'] as const) {
    messenger.on(event, (payload) => {
      recorded.events.push({ event, payload });
    });
  }
  return { clock, store, sms, messenger, recorded };
}

/** The code in the last text `provider` was asked to send. */
function lastCode(provider: FakeProvider): string {
  const text = provider.calls.at(-1)?.text ?? '';
  const match = /\b(\d{4,10})\b/.exec(text);
  if (!match) throw new Error(`no code in ${JSON.stringify(text)}`);
  return match[1]!;
}

/** Every string anywhere inside `value`. */
function strings(value: unknown, into: string[] = [], seen = new WeakSet<object>()): string[] {
  if (typeof value === 'string') into.push(value);
  else if (value instanceof Error) {
    into.push(value.message, JSON.stringify(value));
    strings((value as { details?: unknown }).details, into, seen);
  } else if (typeof value === 'object' && value !== null && !seen.has(value)) {
    seen.add(value);
    for (const entry of Object.values(value)) strings(entry, into, seen);
  }
  return into;
}

describe('messenger.otp: send and verify', () => {
  it('sends a code through the route and accepts it once', async () => {
    const { messenger, sms } = setup();
    const sent = await messenger.otp.send({ to: '012-345 6789' });
    expect(sent).toEqual({
      to: TO,
      expiresAt: new Date(Date.UTC(2024, 0, 1) + 300_000),
      provider: 'sms',
      messageId: 'sms-1',
      channel: 'sms',
      native: false,
    });
    const code = lastCode(sms);
    expect(code).toMatch(/^\d{6}$/);
    expect(sms.calls[0]).toMatchObject({
      to: TO,
      channel: 'sms',
      category: 'otp',
      text: `Your verification code is ${code}. It expires in 5 minutes.`,
    });
    expect(await messenger.otp.verify({ to: TO, code })).toEqual({ valid: true });
    expect(await messenger.otp.verify({ to: TO, code })).toEqual({ valid: false, reason: 'not_found' });
  });

  it('answers not_found for a number that never got a code', async () => {
    const { messenger } = setup();
    expect(await messenger.otp.verify({ to: TO, code: '123456' })).toEqual({ valid: false, reason: 'not_found' });
  });

  it('takes a template with {code} and {minutes}, a length and a TTL', async () => {
    const { messenger, sms } = setup();
    await messenger.otp.send({ to: TO, length: 4, ttlSeconds: 90, template: 'Kod anda: {code} ({minutes} minit)' });
    expect(sms.calls[0]!.text).toMatch(/^Kod anda: \d{4} \(2 minit\)$/);
    await expectPesanError(messenger.otp.send({ to: '+60123456780', template: 'no placeholder' })).then((error) =>
      expect(error).toMatchObject({ code: 'INVALID_MESSAGE' }),
    );
    await expectPesanError(messenger.otp.send({ to: '+60123456780', length: 3 })).then((error) =>
      expect(error).toMatchObject({ code: 'INVALID_MESSAGE' }),
    );
    await expectPesanError(messenger.otp.send({ to: 'not a number' })).then((error) =>
      expect(error).toMatchObject({ code: 'INVALID_RECIPIENT' }),
    );
    expect(sms.calls).toHaveLength(1);
  });

  it('expires a code at exactly its TTL', async () => {
    const { messenger, sms, clock } = setup();
    await messenger.otp.send({ to: TO });
    await clock.advance(300_000 - 1);
    expect(await messenger.otp.verify({ to: TO, code: lastCode(sms) })).toEqual({ valid: true });

    await messenger.otp.send({ to: TO });
    await clock.advance(300_000);
    expect(await messenger.otp.verify({ to: TO, code: lastCode(sms) })).toEqual({ valid: false, reason: 'expired' });
  });

  it('refuses a resend inside the cooldown before calling any provider', async () => {
    const { messenger, sms, clock } = setup();
    await messenger.otp.send({ to: TO });
    await clock.advance(29_000);
    const error = await expectPesanError(messenger.otp.send({ to: TO }));
    expect(error).toMatchObject({
      code: 'RATE_LIMITED',
      outcome: 'not_sent',
      retryable: true,
      details: { retryAfterSeconds: 1, limit: 'cooldown' },
    });
    expect(sms.calls).toHaveLength(1);
    // Another number has its own cooldown.
    await messenger.otp.send({ to: '+60123456780' });
    await clock.advance(1_000);
    await messenger.otp.send({ to: TO });
    expect(sms.calls).toHaveLength(3);
  });

  it('refuses sends over the per-window limit until the oldest leaves the window', async () => {
    const { messenger, sms, clock } = setup();
    for (let send = 0; send < 5; send++) {
      await messenger.otp.send({ to: TO });
      await clock.advance(30_000);
    }
    const error = await expectPesanError(messenger.otp.send({ to: TO }));
    // The first send was 150 s ago: it leaves the hour in 3450 s.
    expect(error).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 3450, limit: 'window' } });
    expect(sms.calls).toHaveLength(5);
    await clock.advance(3_450_000 - 1);
    await expectPesanError(messenger.otp.send({ to: TO }));
    await clock.advance(1);
    await messenger.otp.send({ to: TO });
    expect(sms.calls).toHaveLength(6);
  });

  it('honours custom limits', async () => {
    const { messenger, sms, clock } = setup({
      otp: { secret: SECRET, resendCooldownSeconds: 0, maxSendsPerWindow: 2, windowSeconds: 60 },
    });
    await messenger.otp.send({ to: TO });
    await messenger.otp.send({ to: TO });
    const error = await expectPesanError(messenger.otp.send({ to: TO }));
    expect(error.details).toMatchObject({ retryAfterSeconds: 60 });
    await clock.advance(60_000);
    await messenger.otp.send({ to: TO });
    expect(sms.calls).toHaveLength(3);
  });

  it('answers too_many_attempts after maxAttempts wrong codes, even for the right one, until a new code', async () => {
    const { messenger, sms, clock } = setup();
    await messenger.otp.send({ to: TO });
    const code = lastCode(sms);
    const wrong = code === '000000' ? '000001' : '000000';
    for (let attempt = 0; attempt < 5; attempt++) {
      expect(await messenger.otp.verify({ to: TO, code: wrong })).toEqual({ valid: false, reason: 'mismatch' });
    }
    expect(await messenger.otp.verify({ to: TO, code })).toEqual({ valid: false, reason: 'too_many_attempts' });
    expect(await messenger.otp.verify({ to: TO, code: wrong })).toEqual({
      valid: false,
      reason: 'too_many_attempts',
    });
    await clock.advance(30_000);
    await messenger.otp.send({ to: TO });
    expect(await messenger.otp.verify({ to: TO, code: lastCode(sms) })).toEqual({ valid: true });
  });

  it('counts a right code after fewer than maxAttempts wrong ones as valid', async () => {
    const { messenger, sms } = setup({ otp: { secret: SECRET, maxAttempts: 2 } });
    await messenger.otp.send({ to: TO });
    const code = lastCode(sms);
    expect(await messenger.otp.verify({ to: TO, code: 'abc' })).toEqual({ valid: false, reason: 'mismatch' });
    expect(await messenger.otp.verify({ to: TO, code: ` ${code.slice(0, 3)} ${code.slice(3)} ` })).toEqual({
      valid: true,
    });
  });

  it('lets concurrent verifies of one code succeed at most once', async () => {
    const { messenger, sms } = setup();
    await messenger.otp.send({ to: TO });
    const code = lastCode(sms);
    const answers = await Promise.all(Array.from({ length: 25 }, () => messenger.otp.verify({ to: TO, code })));
    expect(answers.filter((answer) => answer.valid)).toHaveLength(1);
    expect(answers.filter((answer) => !answer.valid)).toEqual(
      Array.from({ length: 24 }, () => ({ valid: false, reason: 'not_found' })),
    );
  });

  it('replaces the previous code with a new send', async () => {
    const { messenger, sms, clock } = setup();
    await messenger.otp.send({ to: TO });
    const first = lastCode(sms);
    await clock.advance(30_000);
    await messenger.otp.send({ to: TO });
    const second = lastCode(sms);
    if (first !== second) {
      expect(await messenger.otp.verify({ to: TO, code: first })).toEqual({ valid: false, reason: 'mismatch' });
    }
    expect(await messenger.otp.verify({ to: TO, code: second })).toEqual({ valid: true });
  });

  it('keeps only a keyed, salted hash in the store', async () => {
    const { messenger, sms, store } = setup();
    await messenger.otp.send({ to: TO, length: 10 });
    const code = lastCode(sms);
    const entries = store.entries();
    expect(entries).toHaveLength(1);
    const [key, entry] = entries[0]!;
    expect(key).toBe(TO);
    expect(entry).toMatchObject({ version: 2, sends: [Date.UTC(2024, 0, 1)] });
    expect(entry.code).toMatchObject({
      kind: 'hash',
      provider: 'sms',
      attempts: 0,
      expiresAt: Date.UTC(2024, 0, 1) + 300_000,
    });
    if (entry.code?.kind !== 'hash') throw new Error('expected a hashed code');
    expect(entry.code.hash).toMatch(/^[\w-]{43}$/);
    expect(entry.code.salt).toMatch(/^[\w-]{22}$/);
    for (const text of strings(entries)) expect(text).not.toContain(code);

    // Same code for another number, or with another salt: another hash.
    await messenger.otp.send({ to: '+60123456780', length: 10 });
    const other = store.entries().find(([number]) => number === '+60123456780')![1];
    expect(other.code?.kind === 'hash' && other.code.hash).not.toBe(entry.code.hash);
  });

  it('never puts the code in a log line, event, result or error', async () => {
    const failing = createFakeProvider({ id: 'down', behaviour: 'not_sent' });
    const sms = createFakeProvider({ id: 'sms', behaviour: ['success', 'unknown'] });
    const { messenger, recorded } = setup({ providers: [failing, sms], route: failover('down', 'sms') });
    const results: unknown[] = [];
    const codes: string[] = [];

    results.push(await messenger.otp.send({ to: TO, length: 8 }));
    codes.push(lastCode(sms));
    results.push(await messenger.otp.verify({ to: TO, code: '00000000' }));
    results.push(await messenger.otp.verify({ to: TO, code: codes[0]! }));

    // The second send: the first provider refuses, the second times out.
    await messenger.otp.send({ to: '+60123456780', length: 8 }).catch((error: unknown) => results.push(error));
    codes.push(lastCode(sms));
    // A send refused by the limits.
    await messenger.otp.send({ to: '+60123456780', length: 8 }).catch((error: unknown) => results.push(error));

    expect(recorded.events.some((entry) => (entry as { event: string }).event === 'sent')).toBe(true);
    expect(recorded.events.some((entry) => (entry as { event: string }).event === 'failed')).toBe(true);
    expect(recorded.events.some((entry) => (entry as { event: string }).event === 'failover')).toBe(true);
    expect(recorded.logs.length).toBeGreaterThan(0);
    expect(results).toHaveLength(5);
    const everything = [...strings(recorded.logs), ...strings(recorded.events), ...strings(results)];
    for (const code of codes) {
      expect(code).toMatch(/^\d{8}$/);
      for (const text of everything) expect(text).not.toContain(code);
    }
    // The events show the message with the code masked.
    const sent = recorded.events.find((entry) => (entry as { event: string }).event === 'sent') as {
      payload: { message: { text: string } };
    };
    expect(sent.payload.message.text).toBe('Your verification code is ********. It expires in 5 minutes.');
  });

  it('gives the send back to the limits when it certainly did not go out', async () => {
    const down = createFakeProvider({ id: 'down', behaviour: ['not_sent', 'success'] });
    const { messenger, store } = setup({ providers: [down] });
    await expectPesanError(messenger.otp.send({ to: TO })).then((error) =>
      expect(error).toMatchObject({ code: 'PROVIDER_UNAVAILABLE', outcome: 'not_sent' }),
    );
    expect(store.entries()[0]?.[1]).toMatchObject({ sends: [] });
    await messenger.otp.send({ to: TO });
    expect(await messenger.otp.verify({ to: TO, code: lastCode(down) })).toEqual({ valid: true });
  });

  it('keeps the code and the cooldown after an unknown outcome (the code may have arrived)', async () => {
    const slow = createFakeProvider({ id: 'slow', behaviour: 'unknown' });
    const { messenger } = setup({ providers: [slow] });
    await expectPesanError(messenger.otp.send({ to: TO })).then((error) =>
      expect(error).toMatchObject({ outcome: 'unknown' }),
    );
    const refused = await expectPesanError(messenger.otp.send({ to: TO }));
    expect(refused.code).toBe('RATE_LIMITED');
    expect(await messenger.otp.verify({ to: TO, code: lastCode(slow) })).toEqual({ valid: true });
  });

  it('answers a repeated idempotency key with the first result, sending nothing', async () => {
    const { messenger, sms } = setup();
    const first = await messenger.otp.send({ to: TO, idempotencyKey: 'login-1' });
    const again = await messenger.otp.send({ to: TO, idempotencyKey: 'login-1' });
    expect(again).toEqual(first);
    expect(sms.calls).toHaveLength(1);
    await expectPesanError(messenger.otp.send({ to: TO, idempotencyKey: 'login-2' })).then((error) =>
      expect(error.code).toBe('RATE_LIMITED'),
    );
  });

  it('sends a WhatsApp authentication template with the code as its parameter', async () => {
    const whatsapp = createFakeProvider({ id: 'wa', capabilities: { channels: ['whatsapp'], templates: true } });
    const { messenger } = setup({ providers: [whatsapp], otp: { secret: SECRET, whatsappLanguage: 'ms' } });
    const sent = await messenger.otp.send({ to: TO, channel: 'whatsapp', template: 'otp_code' });
    expect(sent).toMatchObject({ channel: 'whatsapp', provider: 'wa' });
    const call = whatsapp.calls[0]!;
    expect(call).toMatchObject({
      channel: 'whatsapp',
      category: 'otp',
      template: { name: 'otp_code', language: 'ms' },
    });
    const code = call.template!.params!['1']!;
    expect(code).toMatch(/^\d{6}$/);
    expect(await messenger.otp.verify({ to: TO, code })).toEqual({ valid: true });
    await expectPesanError(messenger.otp.send({ to: '+60123456780', channel: 'whatsapp' })).then((error) =>
      expect(error.code).toBe('INVALID_MESSAGE'),
    );
  });
});

/** A fake provider with native OTP: it makes the codes and checks them itself. */
function nativeProvider(id: string) {
  const base = createFakeProvider({ id, capabilities: { nativeOtp: true } });
  const codes = new Map<string, string>();
  const requests: NativeOtpRequest[] = [];
  const checks: OtpCheck[] = [];
  const provider: ProviderV1 = {
    ...base,
    send: base.send.bind(base),
    segments: base.segments.bind(base),
    async sendOtp(request) {
      requests.push(request);
      codes.set(request.to, '4321');
      return { messageId: `${id}-otp`, attempts: [], raw: {} };
    },
    async verifyOtp(check) {
      checks.push(check);
      if (codes.get(check.to) !== check.code) return { valid: false, reason: 'mismatch' };
      codes.delete(check.to);
      return { valid: true };
    },
  };
  return { provider, base, requests, checks };
}

describe('messenger.otp: native OTP', () => {
  it('lets the route’s first provider with native OTP make and check the code', async () => {
    const native = nativeProvider('phones');
    const { messenger, store } = setup({ providers: [native.provider] });
    const sent = await messenger.otp.send({ to: TO, ttlSeconds: 120, template: 'Code {code}, {minutes} min' });
    expect(sent).toMatchObject({ provider: 'phones', messageId: 'phones-otp', native: true, channel: 'sms' });
    expect(native.requests).toEqual([
      { to: TO, length: 6, ttlSeconds: 120, template: 'Code {code}, {minutes} min'.replace('{minutes}', '2') },
    ]);
    expect(native.base.calls).toHaveLength(0);
    expect(store.entries()[0]![1].code).toMatchObject({ kind: 'native', provider: 'phones' });
    expect(await messenger.otp.verify({ to: TO, code: '1111' })).toEqual({ valid: false, reason: 'mismatch' });
    expect(await messenger.otp.verify({ to: TO, code: 'x' })).toEqual({ valid: false, reason: 'mismatch' });
    expect(native.checks).toEqual([{ to: TO, code: '1111' }]);
    expect(await messenger.otp.verify({ to: TO, code: '4321' })).toEqual({ valid: true });
    expect(await messenger.otp.verify({ to: TO, code: '4321' })).toEqual({ valid: false, reason: 'not_found' });
  });

  it('applies the cooldown, expiry and attempt limits to native codes too', async () => {
    const native = nativeProvider('phones');
    const { messenger, clock } = setup({ providers: [native.provider], otp: { secret: SECRET, maxAttempts: 1 } });
    await messenger.otp.send({ to: TO });
    await expectPesanError(messenger.otp.send({ to: TO })).then((error) => expect(error.code).toBe('RATE_LIMITED'));
    expect(native.requests).toHaveLength(1);
    expect(await messenger.otp.verify({ to: TO, code: '1111' })).toEqual({ valid: false, reason: 'mismatch' });
    expect(await messenger.otp.verify({ to: TO, code: '4321' })).toEqual({ valid: false, reason: 'too_many_attempts' });
    await clock.advance(30_000);
    await messenger.otp.send({ to: TO });
    await clock.advance(300_000);
    expect(await messenger.otp.verify({ to: TO, code: '4321' })).toEqual({ valid: false, reason: 'expired' });
    expect(native.checks).toHaveLength(1);
  });

  it('uses the messenger’s own codes when the first provider has no native OTP, or native is never', async () => {
    const native = nativeProvider('phones');
    const sms = createFakeProvider({ id: 'sms' });
    const { messenger } = setup({ providers: [sms, native.provider], route: failover('sms', 'phones') });
    expect(await messenger.otp.send({ to: TO })).toMatchObject({ provider: 'sms', native: false });

    const never = setup({ providers: [native.provider], otp: { secret: SECRET, native: 'never' } });
    expect(await never.messenger.otp.send({ to: TO })).toMatchObject({ provider: 'phones', native: false });
    expect(native.requests).toHaveLength(0);
    expect(native.base.calls).toHaveLength(1);
    expect(await never.messenger.otp.verify({ to: TO, code: lastCode(native.base) })).toEqual({ valid: true });
  });
});

describe('messenger.otp: options', () => {
  it('needs a secret of at least 32 characters', async () => {
    const sms = createFakeProvider({ id: 'sms' });
    const plain = createMessenger({ providers: [sms] });
    messengers.push(plain);
    await expectPesanError(plain.otp.send({ to: TO })).then((error) => expect(error.code).toBe('INVALID_CONFIG'));
    await expectPesanError(plain.otp.verify({ to: TO, code: '1' })).then((error) =>
      expect(error.code).toBe('INVALID_CONFIG'),
    );
    let thrown: unknown;
    try {
      createMessenger({ providers: [sms], otp: { secret: 'short', length: 12, native: 'always' as 'never' } });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({
      code: 'INVALID_CONFIG',
      details: {
        problems: expect.arrayContaining([
          'otp.secret: at least 32 characters',
          'otp.length: must be an integer from 4 to 10',
          'otp.native: must be "prefer" or "never"',
        ]),
      },
    });
  });

  it('is part of the config schema', () => {
    const schema = messengerConfigSections.otp;
    expect(schema.safeParse({ secret: SECRET, length: '8', native: 'never' }).success).toBe(true);
    expect(schema.safeParse({ secret: 'short' }).success).toBe(false);
    expect(schema.safeParse({ secret: SECRET, sekret: 1 }).success).toBe(false);
  });
});
