import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createMessengerFromConfig } from '../config/create-messenger-from-config.js';
import { createMessenger } from '../messenger/create-messenger.js';
import { createFakeProvider } from '../messenger/fake-provider.js';
import { definePlugin } from '../plugin/define-plugin.js';
import { FakeClock } from '../runtime/fake-clock.js';
import { malaysiaPromotional } from './malaysia-promotional.js';
import { recipientCaps } from './recipient-caps.js';
import { smartEncoding } from './smart-encoding.js';

const to = '+60123456789';
// 2024-01-01 13:00 UTC is 21:00 in Kuala Lumpur (UTC+8): quiet hours.
const NIGHT_KL = Date.UTC(2024, 0, 1, 13, 0);
const NOON_KL = Date.UTC(2024, 0, 1, 4, 0);

describe('malaysiaPromotional()', () => {
  it('adds "RM0 " once to promotional SMS to Malaysia, and nothing else', async () => {
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({
      providers: [a],
      clock: new FakeClock(NOON_KL),
      middleware: [malaysiaPromotional()],
    });
    const result = await messenger.send({ to, text: 'Sale 50% off', category: 'promotional' });
    await messenger.send({ to, text: 'RM0 Sale again', category: 'promotional' });
    await messenger.send({ to, text: 'rm0.00 Third', category: 'promotional' });
    await messenger.send({ to, text: 'Your order shipped' });
    await messenger.send({ to: '+6591234567', text: 'Sale in Singapore', category: 'promotional' });
    expect(a.calls.map((message) => message.text)).toEqual([
      'RM0 Sale 50% off',
      'RM0 Sale again',
      'rm0.00 Third',
      'Your order shipped',
      'Sale in Singapore',
    ]);
    expect(result.adjustments).toEqual([
      { policy: 'malaysiaPromotional', description: 'Added "RM0 " in front of the text', details: { prefix: 'RM0 ' } },
    ]);
    await messenger.close();
  });

  it('counts the prefix in segments and estimate: 157 + "RM0 " is two parts', async () => {
    const a = createFakeProvider({ id: 'a', creditsPerSegment: 1 });
    const messenger = createMessenger({
      providers: [a],
      clock: new FakeClock(NOON_KL),
      middleware: [malaysiaPromotional({ prefix: 'RM0.00 ' })],
    });
    const text = 'x'.repeat(157);
    const estimate = await messenger.estimate({ to, text, category: 'promotional' });
    expect(estimate).toMatchObject({ segments: 2, credits: 2, adjustments: [{ policy: 'malaysiaPromotional' }] });
    const result = await messenger.send({ to, text, category: 'promotional' });
    expect(result).toMatchObject({ segments: 2, credits: 2 });
    expect(a.calls[0]!.text).toBe(`RM0.00 ${text}`);
    await messenger.close();
  });

  it('refuses links and phone numbers when asked, with the reason', async () => {
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({
      providers: [a],
      clock: new FakeClock(NOON_KL),
      middleware: [malaysiaPromotional({ refuseLinks: true, refusePhoneNumbers: true })],
    });
    await expect(
      messenger.send({ to, text: 'Sale at https://shop.example.com/x', category: 'promotional' }),
    ).rejects.toMatchObject({ code: 'INVALID_MESSAGE', details: { reason: 'link' } });
    await expect(messenger.send({ to, text: 'See bit.ly/abc', category: 'promotional' })).rejects.toMatchObject({
      details: { reason: 'link' },
    });
    await expect(messenger.send({ to, text: 'Call 012-345 6789 now', category: 'promotional' })).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
      details: { reason: 'phone_number', found: '012-345 6789' },
    });
    await expect(
      messenger.send({ to, text: 'Sale ends 01-01-2025, RM10 only', category: 'promotional' }),
    ).resolves.toBeDefined();
    await expect(messenger.send({ to, text: 'Call 012-345 6789 about your order' })).resolves.toBeDefined();
    expect(a.calls).toHaveLength(2);
    await messenger.close();
  });

  it('holds a night-time promotion until 08:00 Kuala Lumpur time; cancelScheduled cancels it', async () => {
    const clock = new FakeClock(NIGHT_KL);
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a], clock, middleware: [malaysiaPromotional()] });
    const held = messenger.send({ to, text: 'Night sale', category: 'promotional', idempotencyKey: 'promo-1' });
    const cancelled = messenger
      .send({ to, text: 'Other sale', category: 'promotional', idempotencyKey: 'promo-2' })
      .catch((error: unknown) => error);
    await expect(messenger.send({ to, text: 'Your code is ready' })).resolves.toBeDefined();
    await clock.flush();
    const opens = Date.UTC(2024, 0, 2, 0, 0); // 08:00 in Kuala Lumpur
    expect(await messenger.listScheduled()).toMatchObject([
      { id: 'promo-1', sendAt: new Date(opens), reason: 'quietHours' },
      { id: 'promo-2', sendAt: new Date(opens) },
    ]);
    expect(await messenger.cancelScheduled('promo-2')).toBe(true);
    expect(await cancelled).toMatchObject({ code: 'CANCELLED', outcome: 'not_sent' });
    await clock.advance(opens - NIGHT_KL - 1);
    expect(a.calls.map((message) => message.text)).toEqual(['Your code is ready']);
    await clock.advance(1);
    const result = await held;
    expect(clock.now()).toBe(opens);
    expect(a.calls.map((message) => message.text)).toEqual(['Your code is ready', 'RM0 Night sale']);
    expect(result.adjustments?.map((adjustment) => adjustment.description)).toEqual([
      'Held in the quiet hours (20:00-08:00 Asia/Kuala_Lumpur) until 2024-01-02T00:00:00.000Z',
      'Added "RM0 " in front of the text',
    ]);
    await messenger.close();
  });

  it("refuses in the quiet hours with outsideHours: 'refuse'; quietHours: false sends at night", async () => {
    const a = createFakeProvider({ id: 'a' });
    const refuse = createMessenger({
      providers: [a],
      clock: new FakeClock(NIGHT_KL),
      middleware: [malaysiaPromotional({ outsideHours: 'refuse' })],
    });
    await expect(refuse.send({ to, text: 'Sale', category: 'promotional' })).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
      details: { reason: 'quiet_hours', retryAfterSeconds: 11 * 3600 },
    });
    const anyTime = createMessenger({
      providers: [a],
      clock: new FakeClock(NIGHT_KL),
      middleware: [malaysiaPromotional({ quietHours: false })],
    });
    await expect(anyTime.send({ to, text: 'Sale', category: 'promotional' })).resolves.toBeDefined();
    expect(() => malaysiaPromotional({ quietHours: { start: '25:00', end: '08:00', timeZone: 'Mars/Base' } })).toThrow(
      /quietHours.start "25:00" is not HH:MM; quietHours.timeZone "Mars\/Base" is not a time zone/,
    );
    await Promise.all([refuse.close(), anyTime.close()]);
  });
});

describe('smartEncoding()', () => {
  const text = '“Hello” — it’s ready…';

  it('turns “Hello” — it’s ready… into one GSM-7 part and says so', async () => {
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a], middleware: [smartEncoding()] });
    const result = await messenger.send({ to, text });
    expect(a.calls[0]!.text).toBe('"Hello" - it\'s ready...');
    expect(result.segments).toBe(1);
    expect(result.adjustments).toEqual([
      {
        policy: 'smartEncoding',
        description: 'Replaced 5 look-alike characters so the text is GSM-7: 1 part became 1',
        details: {
          field: 'text',
          replaced: [
            { from: '“', to: '"', count: 1 },
            { from: '”', to: '"', count: 1 },
            { from: '—', to: '-', count: 1 },
            { from: '’', to: "'", count: 1 },
            { from: '…', to: '...', count: 1 },
          ],
          encodingBefore: 'ucs2',
          encodingAfter: 'gsm7',
          segmentsBefore: 1,
          segmentsAfter: 1,
          segmentsSaved: 0,
        },
      },
    ]);
    await messenger.close();
  });

  it('estimate shows the segments with and without it', async () => {
    const long = `${text} ${'Your parcel is at the counter. '.repeat(3)}`;
    const withIt = createMessenger({ providers: [createFakeProvider({ id: 'a' })], middleware: [smartEncoding()] });
    const without = createMessenger({ providers: [createFakeProvider({ id: 'a' })] });
    const estimate = await withIt.estimate({ to, text: long });
    expect(estimate).toMatchObject({ encoding: 'gsm7', segments: 1 });
    expect(estimate.adjustments?.[0]?.details).toMatchObject({ segmentsBefore: 2, segmentsAfter: 1, segmentsSaved: 1 });
    expect(await without.estimate({ to, text: long })).toMatchObject({ encoding: 'ucs2', segments: 2 });
    await Promise.all([withIt.close(), without.close()]);
  });

  it('leaves texts alone when other characters need UCS-2, or the encoding is forced', async () => {
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a], middleware: [smartEncoding()] });
    const emoji = await messenger.send({ to, text: '“Hi” 🎉' });
    await messenger.send({ to, text, encoding: 'ucs2' });
    expect(a.calls.map((message) => message.text)).toEqual(['“Hi” 🎉', text]);
    expect(emoji.adjustments).toBeUndefined();
    await messenger.close();
  });
});

describe('recipientCaps()', () => {
  it('allows max messages per number per window, then RATE_LIMITED with retryAfterSeconds', async () => {
    const clock = new FakeClock();
    const a = createFakeProvider({ id: 'a', behaviour: ['success', 'rejected', 'success'] });
    const messenger = createMessenger({
      providers: [a],
      clock,
      middleware: [recipientCaps({ max: 2, windowSeconds: 60 })],
    });
    await messenger.send({ to, text: '1' });
    await clock.advance(10_000);
    // Refused by the vendor: nothing was sent, so it does not count.
    await expect(messenger.send({ to, text: '2' })).rejects.toMatchObject({ code: 'INVALID_RECIPIENT' });
    await messenger.send({ to, text: '3' });
    await expect(messenger.send({ to, text: '4' })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      outcome: 'not_sent',
      details: { retryAfterSeconds: 50, max: 2, windowSeconds: 60 },
    });
    await expect(messenger.send({ to: '+60129999999', text: 'other number' })).resolves.toBeDefined();
    await clock.advance(50_000);
    await expect(messenger.send({ to, text: '5' })).resolves.toBeDefined();
    expect(a.calls.map((message) => message.text)).toEqual(['1', '2', '3', 'other number', '5']);
    await messenger.close();
  });

  it('rejects bad options', () => {
    expect(() => recipientCaps({ max: 0, windowSeconds: 60 })).toThrow(/max must be an integer > 0/);
    expect(() => recipientCaps({ max: 1, windowSeconds: 0 })).toThrow(/windowSeconds must be > 0/);
  });
});

describe('scheduling with sendAt', () => {
  it('holds a message until sendAt on the messenger clock; cancelScheduled cancels', async () => {
    const clock = new FakeClock();
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a], clock });
    const at = new Date(clock.now() + 3_600_000);
    const later = messenger.send({ to, text: 'later', sendAt: at, idempotencyKey: 's1' });
    const cancelled = messenger
      .send({ to, text: 'never', sendAt: at.toISOString(), idempotencyKey: 's2' })
      .catch((error: unknown) => error);
    await clock.flush();
    expect((await messenger.listScheduled()).map((held) => [held.id, held.reason])).toEqual([
      ['s1', 'sendAt'],
      ['s2', 'sendAt'],
    ]);
    expect(await messenger.cancelScheduled('s2')).toBe(true);
    expect(await messenger.cancelScheduled('s2')).toBe(false);
    expect(await cancelled).toMatchObject({ code: 'CANCELLED', outcome: 'not_sent' });
    await clock.advance(3_599_999);
    expect(a.calls).toHaveLength(0);
    await clock.advance(1);
    await expect(later).resolves.toMatchObject({ provider: 'a' });
    expect(a.calls.map((message) => [message.text, 'sendAt' in message])).toEqual([['later', false]]);
    // The key was freed by the cancellation: sending s2 again works.
    await expect(messenger.send({ to, text: 'now', idempotencyKey: 's2' })).resolves.toBeDefined();
    await messenger.close();
  });

  it('refuses a sendAt in the past or more than 35 days ahead', async () => {
    const clock = new FakeClock();
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a], clock });
    await expect(messenger.send({ to, text: 'x', sendAt: clock.now() - 1 })).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
      message: expect.stringContaining('in the past'),
    });
    await expect(messenger.send({ to, text: 'x', sendAt: clock.now() + 35 * 86_400_000 + 1 })).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
      message: expect.stringContaining('35 days'),
    });
    await expect(messenger.send({ to, text: 'x', sendAt: 'tomorrow' })).rejects.toMatchObject({
      code: 'INVALID_MESSAGE',
    });
    expect(a.calls).toHaveLength(0);
    await messenger.close();
  });

  it('close() cancels held messages with CLOSED at once', async () => {
    const clock = new FakeClock();
    const messenger = createMessenger({ providers: [createFakeProvider({ id: 'a' })], clock });
    const held = messenger.send({ to, text: 'x', sendAt: clock.now() + 60_000 }).catch((error: unknown) => error);
    await clock.flush();
    await messenger.close();
    expect(await held).toMatchObject({ code: 'CLOSED' });
  });
});

describe('middleware in config files', () => {
  const plugin = definePlugin({
    type: 'fake',
    optionsSchema: z.looseObject({}),
    create: (_options, context) => createFakeProvider({ id: context.id }),
  });

  it('builds the built-ins by name, in order, with their options', async () => {
    const messenger = await createMessengerFromConfig(
      {
        providers: [{ type: 'fake', id: 'a' }],
        middleware: [{ malaysiaPromotional: { prefix: 'RM0.00 ', quietHours: false } }, 'optOuts', 'smartEncoding'],
      },
      { plugins: [plugin], env: {} },
    );
    const result = await messenger.send({ to, text: '“Sale”', category: 'promotional' });
    expect(result.adjustments?.map((adjustment) => adjustment.policy)).toEqual([
      'malaysiaPromotional',
      'smartEncoding',
    ]);
    await messenger.suppression.add(to);
    await expect(messenger.send({ to, text: 'x' })).rejects.toMatchObject({ code: 'OPTED_OUT' });
    await messenger.close();
  });

  it('lists every bad middleware entry by path', async () => {
    await expect(
      createMessengerFromConfig(
        {
          providers: [{ type: 'fake', id: 'a' }],
          middleware: ['nope', 'recipientCaps', { optOuts: { keywrds: ['X'] } }, 42],
        },
        { plugins: [plugin], env: {} },
      ),
    ).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      details: {
        problems: expect.arrayContaining([
          expect.stringMatching(/^middleware\[0\]: unknown middleware "nope"/),
          'middleware[1].recipientCaps: required',
          'middleware[2].optOuts.keywrds: unknown option',
          expect.stringMatching(/^middleware\[3\]: must be a middleware name/),
        ]),
      },
    });
  });
});
