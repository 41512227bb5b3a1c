import { describe, expect, it } from 'vitest';
import { createFakeProvider } from '../messenger/fake-provider.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import { byChannel } from './by-channel.js';
import { byCountry } from './by-country.js';
import { NO_SMS_LEG } from './channel-legs.js';
import { cheapest } from './cheapest.js';
import { failover } from './failover.js';
import { roundRobin } from './round-robin.js';
import type { Route } from './route.js';
import { RouteResolver } from './route-resolver.js';
import { weighted } from './weighted.js';
import { whatsappFirst } from './whatsapp-first.js';

const my: OutboundMessage = { to: '+60123456789', text: 'Hi' };
const sg: OutboundMessage = { to: '+6591234567', text: 'Hi' };

function providers(...list: ProviderV1[]) {
  return new Map(list.map((provider) => [provider.id, provider]));
}

const sms = (id: string, creditsPerSegment?: number) => createFakeProvider({ id, creditsPerSegment });
const wa = (id: string) =>
  createFakeProvider({ id, capabilities: { channels: ['whatsapp'], encodings: [], templates: true, files: true } });

function order(
  route: Route | undefined,
  message: OutboundMessage = my,
  random = () => 0,
  list = [sms('a'), sms('b'), sms('c')],
) {
  const resolver = new RouteResolver(providers(...list), route, random);
  return resolver.resolve(message, { advance: true }).candidates.map((candidate) => candidate.provider);
}

describe('RouteResolver', () => {
  it('uses the first provider without a route', () => {
    expect(order(undefined)).toEqual(['a']);
  });

  it('expands a provider id and failover in order, without duplicates', () => {
    expect(order('b')).toEqual(['b']);
    expect(order(failover('c', 'a', failover('c', 'b')))).toEqual(['c', 'a', 'b']);
  });

  it('byCountry picks by region, else default, else nothing with a note', () => {
    const route = byCountry({ MY: failover('a', 'b'), default: 'c' });
    expect(order(route, my)).toEqual(['a', 'b']);
    expect(order(route, sg)).toEqual(['c']);
    const resolver = new RouteResolver(providers(sms('a')), byCountry({ MY: 'a' }), () => 0);
    const plan = resolver.resolve(sg, { advance: true });
    expect(plan.candidates).toEqual([]);
    expect(plan.notes).toEqual(['byCountry: no route for region SG']);
  });

  it('cheapest orders by segments × price and skips providers without a price', () => {
    const route = cheapest({ a: { MY: 0.05 }, b: { MY: 0.02 }, c: { SG: 0.01 } });
    const resolver = new RouteResolver(providers(sms('a'), sms('b'), sms('c')), route, () => 0);
    const plan = resolver.resolve(my, { advance: true });
    expect(plan.candidates.map((candidate) => [candidate.provider, candidate.pricePerSegment])).toEqual([
      ['b', 0.02],
      ['a', 0.05],
    ]);
    expect(plan.skipped).toEqual([{ provider: 'c', reason: 'no price for region MY nor default' }]);
  });

  it('cheapest uses the provider’s own credits when it reports them, and default prices', () => {
    // a bills 3 credits per segment at 0.01 = 0.03; b bills 1 segment at default 0.02.
    const route = cheapest({ a: { MY: 0.01 }, b: { default: 0.02 } });
    expect(order(route, my, () => 0, [sms('a', 3), sms('b')])).toEqual(['b', 'a']);
    const long = { to: my.to, text: 'x'.repeat(200) }; // 2 segments
    expect(order(cheapest({ a: { MY: 0.03 }, b: { default: 0.02 } }), long, () => 0, [sms('a'), sms('b', 2)])).toEqual([
      'a',
      'b',
    ]);
  });

  it('weighted draws by weight with the injected random source, the rest as failover', () => {
    const route = weighted({ a: 1, b: 3, c: 0 });
    // total 4: [0,1) → a, [1,4) → b
    expect(order(route, my, () => 0.1)).toEqual(['a', 'b']);
    expect(order(route, my, () => 0.5)).toEqual(['b', 'a']);
    const nested = weighted([
      { route: failover('a', 'b'), weight: 1 },
      { route: 'c', weight: 1 },
    ]);
    expect(order(nested, my, () => 0.9)).toEqual(['c', 'a', 'b']);
  });

  it('roundRobin rotates per message; estimate-style peeks do not advance', () => {
    const resolver = new RouteResolver(providers(sms('a'), sms('b'), sms('c')), roundRobin('a', 'b', 'c'), () => 0);
    const next = (advance: boolean) =>
      resolver.resolve(my, { advance }).candidates.map((candidate) => candidate.provider);
    expect(next(false)).toEqual(['a', 'b', 'c']);
    expect(next(true)).toEqual(['a', 'b', 'c']);
    expect(next(true)).toEqual(['b', 'c', 'a']);
    expect(next(false)).toEqual(['c', 'a', 'b']);
    expect(next(true)).toEqual(['c', 'a', 'b']);
    expect(next(true)).toEqual(['a', 'b', 'c']);
  });

  it('byChannel picks by the message channel', () => {
    const list = [sms('s'), wa('w')];
    const route = byChannel({ sms: 's', whatsapp: 'w' });
    expect(order(route, my, () => 0, list)).toEqual(['s']);
    expect(order(route, { ...my, channel: 'whatsapp' }, () => 0, list)).toEqual(['w']);
  });

  it('whatsappFirst puts WhatsApp first and an SMS copy after it', () => {
    const resolver = new RouteResolver(
      providers(sms('s'), wa('w')),
      whatsappFirst({ whatsapp: 'w', sms: 's' }),
      () => 0,
    );
    const plan = resolver.resolve({ ...my, from: 'MyShop' }, { advance: true });
    expect(
      plan.candidates.map((candidate) => [candidate.provider, candidate.message.channel, candidate.smsFallback]),
    ).toEqual([
      ['w', 'whatsapp', false],
      ['s', 'sms', true],
    ]);
    // `from` was written for SMS: the WhatsApp leg uses the provider's own number.
    expect(plan.candidates[0]!.message.from).toBeUndefined();
    expect(plan.candidates[1]!.message.from).toBe('MyShop');
  });

  it('whatsappFirst has no SMS leg for a template without text', () => {
    const resolver = new RouteResolver(
      providers(sms('s'), wa('w')),
      whatsappFirst({ whatsapp: 'w', sms: 's' }),
      () => 0,
    );
    const plan = resolver.resolve(
      { to: my.to, channel: 'whatsapp', template: { name: 'otp', language: 'en' } },
      { advance: true },
    );
    expect(plan.candidates.map((candidate) => candidate.provider)).toEqual(['w']);
    expect(plan.skipped).toEqual([{ provider: 's', reason: NO_SMS_LEG }]);
    expect(plan.smsFallbackGap).toBe(NO_SMS_LEG);
  });

  it('accepts a function of the message, and notes one that throws', () => {
    expect(order((message) => (message.text === 'Hi' ? 'c' : 'a'))).toEqual(['c']);
    const resolver = new RouteResolver(
      providers(sms('a')),
      () => {
        throw new Error('boom');
      },
      () => 0,
    );
    expect(resolver.resolve(my, { advance: true }).notes).toEqual(['route function threw: boom']);
  });

  it('stops a route function that returns itself', () => {
    const loop: Route = () => loop;
    const resolver = new RouteResolver(providers(sms('a')), loop, () => 0);
    const plan = resolver.resolve(my, { advance: true });
    expect(plan.candidates).toEqual([]);
    expect(plan.notes[0]).toMatch(/nested deeper/);
  });

  it('skips providers that cannot carry the message, with reasons', () => {
    const list = [
      sms('plain'),
      createFakeProvider({ id: 'gsm-only', capabilities: { encodings: ['gsm7'] } }),
      createFakeProvider({ id: 'flashy', capabilities: { flash: true } }),
      wa('w'),
    ];
    const resolver = new RouteResolver(providers(...list), failover('w', 'gsm-only', 'plain', 'flashy'), () => 0);
    const plan = resolver.resolve({ to: my.to, text: 'Salam 你好', flash: true }, { advance: true });
    expect(plan.candidates.map((candidate) => candidate.provider)).toEqual(['flashy']);
    expect(plan.skipped).toEqual([
      { provider: 'w', reason: 'does not carry channel sms' },
      { provider: 'gsm-only', reason: 'cannot send flash SMS' },
      { provider: 'plain', reason: 'cannot send flash SMS' },
    ]);
    const text = resolver.resolve({ to: my.to, text: '你好' }, { advance: true });
    expect(text.skipped).toContainEqual({ provider: 'gsm-only', reason: 'cannot send ucs2 text' });
  });

  it('skips unknown ids from route functions', () => {
    const resolver = new RouteResolver(
      providers(sms('a')),
      () => 'ghost',
      () => 0,
    );
    expect(resolver.resolve(my, { advance: true }).skipped).toEqual([
      { provider: 'ghost', reason: 'unknown provider "ghost"' },
    ]);
  });
});
