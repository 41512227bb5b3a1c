import { describe, expect, it } from 'vitest';
import { byChannel } from './by-channel.js';
import { byCountry } from './by-country.js';
import { cheapest } from './cheapest.js';
import { failover } from './failover.js';
import { roundRobin } from './round-robin.js';
import { routeProblems } from './route-validation.js';
import { weighted } from './weighted.js';
import { whatsappFirst } from './whatsapp-first.js';

describe('routeProblems', () => {
  it('lists every unknown provider by path', () => {
    const route = byCountry({
      MY: failover('a', 'ghost'),
      default: whatsappFirst({ whatsapp: byChannel({ whatsapp: 'w2' }), sms: roundRobin('a', 'x') }),
    });
    expect(routeProblems(route, new Set(['a']))).toEqual([
      'route.byCountry.MY.failover[1]: unknown provider "ghost"',
      'route.byCountry.default.whatsappFirst.whatsapp.byChannel.whatsapp: unknown provider "w2"',
      'route.byCountry.default.whatsappFirst.sms.roundRobin[1]: unknown provider "x"',
    ]);
    expect(routeProblems(weighted({ a: 1, y: 2 }), new Set(['a']))).toEqual(['route.weighted.y: unknown provider "y"']);
    expect(routeProblems(cheapest({ z: { default: 1 } }), new Set(['a']))).toEqual([
      'route.cheapest.z: unknown provider "z"',
    ]);
    expect(routeProblems(() => 'anything', new Set())).toEqual([]);
  });

  it('rejects bad strategy arguments when the route is written', () => {
    expect(() => failover()).toThrow(/at least one/);
    expect(() => weighted({ a: -1 })).toThrow(/>= 0/);
    expect(() => weighted({ a: 0 })).toThrow(/above 0/);
    expect(() => byCountry({ my: 'a' })).toThrow(/ISO/);
    expect(() => cheapest({ a: { MY: Number.NaN } })).toThrow(/price/);
    expect(() => byChannel({})).toThrow(/sms or whatsapp/);
    expect(() => roundRobin()).toThrow(/at least one/);
  });
});
