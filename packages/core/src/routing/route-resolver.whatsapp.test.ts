import { describe, expect, it } from 'vitest';
import { createFakeProvider } from '../messenger/fake-provider.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { WindowState } from '../whatsapp/whatsapp-windows.js';
import { NO_SMS_LEG } from './channel-legs.js';
import { cheapest } from './cheapest.js';
import { failover } from './failover.js';
import { costOf, priceOf } from './message-price.js';
import type { Route } from './route.js';
import { RouteResolver } from './route-resolver.js';
import { whatsappFirst } from './whatsapp-first.js';

const sms = (id: string) => createFakeProvider({ id });
const wa = (id: string) =>
  createFakeProvider({ id, capabilities: { channels: ['whatsapp'], encodings: [], templates: true, files: true } });

function resolver(route: Route, ...list: ProviderV1[]) {
  return new RouteResolver(new Map(list.map((provider) => [provider.id, provider])), route, () => 0);
}

function legs(route: Route, message: OutboundMessage, whatsappWindow?: WindowState) {
  const plan = resolver(route, sms('s'), wa('w')).resolve(message, {
    advance: true,
    ...(whatsappWindow === undefined ? {} : { whatsappWindow }),
  });
  return {
    plan,
    order: plan.candidates.map((candidate) => `${candidate.provider}:${candidate.message.channel ?? 'sms'}`),
  };
}

const to = '+60123456789';
const freeText: OutboundMessage = { to, channel: 'whatsapp', text: 'Your parcel is at the door' };
const template: OutboundMessage = {
  to,
  channel: 'whatsapp',
  template: { name: 'order_update', language: 'en', params: { order: 'A-17' } },
};
const threeParts = 'x'.repeat(400); // 3 GSM-7 parts

describe('RouteResolver: whatsappFirst and the 24 h window', () => {
  const route = whatsappFirst({ whatsapp: 'w', sms: 's' });

  it('sends free text by WhatsApp first while the window is open or unknown', () => {
    expect(legs(route, freeText, 'open').order).toEqual(['w:whatsapp', 's:sms']);
    expect(legs(route, freeText, 'unknown').order).toEqual(['w:whatsapp', 's:sms']);
    expect(legs(route, freeText).order).toEqual(['w:whatsapp', 's:sms']);
  });

  it('sends free text by SMS only when the window is known to be closed', () => {
    const { plan, order } = legs(route, freeText, 'closed');
    expect(order).toEqual(['s:sms']);
    expect(plan.skipped).toEqual([
      { provider: 'w', reason: expect.stringContaining('24 h WhatsApp window is closed') },
    ]);
  });

  it('sends a file like free text: WhatsApp only inside the window', () => {
    const file: OutboundMessage = {
      to,
      channel: 'whatsapp',
      text: 'Your invoice',
      media: { url: 'https://files.example.com/invoice.pdf', filename: 'invoice.pdf' },
    };
    expect(legs(route, file, 'closed').order).toEqual(['s:sms']);
    const open = legs(route, file, 'open').plan.candidates;
    expect(open[1]!.message).toEqual({ to, channel: 'sms', text: 'Your invoice' });
  });

  it('sends a template by WhatsApp whatever the window says', () => {
    expect(legs(route, { ...template, fallbackText: 'Order A-17 shipped' }, 'closed').order).toEqual([
      'w:whatsapp',
      's:sms',
    ]);
  });

  it('gives the SMS leg fallbackText (else text), without template, media or the WhatsApp sender', () => {
    const { plan } = legs(route, { ...template, from: '60111111111', text: 'ignored', fallbackText: 'Order shipped' });
    expect(plan.candidates[1]!.message).toEqual({ to, channel: 'sms', text: 'Order shipped' });
    expect(plan.candidates[0]!.message.from).toBe('60111111111');
  });

  it('has no SMS leg for a template without text, and the plan says why', () => {
    const { plan, order } = legs(route, template);
    expect(order).toEqual(['w:whatsapp']);
    expect(plan.skipped).toEqual([{ provider: 's', reason: NO_SMS_LEG }]);
    expect(plan.smsFallbackGap).toBe(NO_SMS_LEG);
  });

  it('has no candidate at all for closed-window media without text', () => {
    const { plan } = legs(
      route,
      { to, channel: 'whatsapp', media: { url: 'https://files.example.com/a.pdf', filename: 'a.pdf' } },
      'closed',
    );
    expect(plan.candidates).toEqual([]);
    expect(plan.skipped.map((entry) => entry.reason)).toEqual([expect.stringContaining('closed'), NO_SMS_LEG]);
  });
});

describe('RouteResolver: cheapest across channels', () => {
  // "utility template 0.12 per message, SMS 0.08 per part"
  const route = cheapest({ w: { default: { utility: 0.12, service: 0.1 } }, s: { MY: 0.08 } });

  it('picks WhatsApp for a template whose SMS text is 3 parts', () => {
    const { plan, order } = legs(route, { ...template, fallbackText: threeParts });
    expect(order).toEqual(['w:whatsapp', 's:sms']);
    expect(plan.candidates.map((candidate) => candidate.price)).toEqual([
      { amount: 0.12, per: 'message', category: 'utility' },
      { amount: 0.08, per: 'segment' },
    ]);
    // The SMS copy is the SMS leg: OUTSIDE_SESSION_WINDOW / TEMPLATE_NOT_FOUND move on to it.
    expect(plan.candidates.map((candidate) => candidate.smsFallback)).toEqual([false, true]);
  });

  it('picks SMS for a template whose SMS text is 1 part', () => {
    expect(legs(route, { ...template, fallbackText: 'Order A-17 shipped' }).order).toEqual(['s:sms', 'w:whatsapp']);
  });

  it('sends an SMS-written text by WhatsApp (a service session) when that is cheaper and the window allows', () => {
    const text: OutboundMessage = { to, text: threeParts };
    expect(legs(route, text, 'open').order).toEqual(['w:whatsapp', 's:sms']);
    const closed = legs(route, text, 'closed');
    expect(closed.order).toEqual(['s:sms']);
    expect(closed.plan.skipped).toEqual([{ provider: 'w', reason: expect.stringContaining('closed') }]);
  });

  it('prices templates by the message category', () => {
    const prices = { default: { marketing: 0.5, utility: 0.12, authentication: 0.1 } };
    expect(priceOf(prices, { ...template, category: 'promotional' })).toEqual({
      amount: 0.5,
      per: 'message',
      category: 'marketing',
    });
    expect(priceOf(prices, { ...template, category: 'otp' })?.amount).toBe(0.1);
    expect(priceOf(prices, freeText)).toBeUndefined();
  });

  it('bills per segment for SMS and per message for WhatsApp, whatever the length', () => {
    expect(costOf({ amount: 0.08, per: 'segment' }, { segments: 3 })).toBeCloseTo(0.24);
    expect(costOf({ amount: 0.08, per: 'segment' }, { segments: 3, credits: 6 })).toBeCloseTo(0.48);
    expect(costOf({ amount: 0.12, per: 'message' }, { segments: 3 })).toBe(0.12);
  });

  it('skips a WhatsApp provider that has no price for the message, and SMS without text', () => {
    const onlyTemplates = cheapest({ w: { default: { utility: 0.12 } }, s: { MY: 0.08 } });
    expect(legs(onlyTemplates, freeText, 'open').plan.skipped).toEqual([
      { provider: 'w', reason: 'no price for region MY nor default' },
    ]);
    expect(legs(route, template).plan.skipped).toEqual([{ provider: 's', reason: NO_SMS_LEG }]);
  });

  it('rejects a price list with an unknown category', () => {
    expect(() => cheapest({ w: { default: { utilty: 0.1 } as never } })).toThrow(/utilty: unknown price/);
    expect(() => cheapest({ w: { MY: -1 } })).toThrow(/price must be a number >= 0/);
  });

  it('keeps number prices per segment for SMS-only tables inside other strategies', () => {
    const plan = resolver(failover(cheapest({ s: { MY: 0.05 } })), sms('s')).resolve(
      { to, text: 'Hi' },
      { advance: true },
    );
    expect(plan.candidates[0]).toMatchObject({ pricePerSegment: 0.05, price: { amount: 0.05, per: 'segment' } });
  });
});
