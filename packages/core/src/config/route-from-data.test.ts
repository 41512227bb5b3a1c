import { describe, expect, it } from 'vitest';
import { byChannel } from '../routing/by-channel.js';
import { byCountry } from '../routing/by-country.js';
import { cheapest } from '../routing/cheapest.js';
import { failover } from '../routing/failover.js';
import { roundRobin } from '../routing/round-robin.js';
import { weighted } from '../routing/weighted.js';
import { whatsappFirst } from '../routing/whatsapp-first.js';
import { routeFromData } from './route-from-data.js';

describe('routeFromData', () => {
  it('builds every strategy from its data form', () => {
    expect(routeFromData('isms').route).toBe('isms');
    expect(routeFromData({ failover: ['a', 'b'] }).route).toEqual(failover('a', 'b'));
    expect(routeFromData({ roundRobin: ['a', 'b'] }).route).toEqual(roundRobin('a', 'b'));
    expect(routeFromData({ byCountry: { MY: { failover: ['a', 'b'] }, default: 'c' } }).route).toEqual(
      byCountry({ MY: failover('a', 'b'), default: 'c' }),
    );
    expect(routeFromData({ cheapest: { a: { MY: 0.02, default: '0.05' } } }).route).toEqual(
      cheapest({ a: { MY: 0.02, default: 0.05 } }),
    );
    expect(routeFromData({ weighted: { a: 3, b: 1 } }).route).toEqual(weighted({ a: 3, b: 1 }));
    expect(routeFromData({ weighted: [{ route: { failover: ['a', 'b'] }, weight: 2 }] }).route).toEqual(
      weighted([{ route: failover('a', 'b'), weight: 2 }]),
    );
    expect(routeFromData({ byChannel: { sms: 'a', whatsapp: 'w' } }).route).toEqual(
      byChannel({ sms: 'a', whatsapp: 'w' }),
    );
    expect(routeFromData({ whatsappFirst: { whatsapp: 'w', sms: 'a' } }).route).toEqual(
      whatsappFirst({ whatsapp: 'w', sms: 'a' }),
    );
  });

  it('reads WhatsApp price lists in cheapest, numbers written as strings included', () => {
    expect(
      routeFromData({ cheapest: { waba: { default: { utility: '0.12', service: 0.1 } }, isms: { MY: 0.08 } } }).route,
    ).toEqual(cheapest({ waba: { default: { utility: 0.12, service: 0.1 } }, isms: { MY: 0.08 } }));
    expect(routeFromData({ cheapest: { waba: { default: { utilty: 0.1, service: 'free' } } } }).problems).toEqual([
      'route.cheapest.waba.default.utilty: unknown price (expected sms, marketing, utility, authentication, service)',
      'route.cheapest.waba.default.service: price must be a number >= 0',
    ]);
  });

  it('lists every problem by path', () => {
    const { route, problems } = routeFromData({
      byCountry: {
        MY: { failover: [] },
        my: 'a',
        SG: { whatsappFirst: { whatsapp: 'w' } },
        default: { weighted: { a: -1 } },
        ID: { sideways: ['a'] },
        TH: { byChannel: { fax: 'a' } },
        VN: { cheapest: { a: { MY: 'cheap' } } },
      },
    });
    expect(route).toBeUndefined();
    expect(problems).toEqual([
      'route.byCountry.MY.failover: must be a non-empty list of routes',
      'route.byCountry.SG.whatsappFirst.sms: required',
      'route.byCountry.default.weighted.a: weight must be a number >= 0',
      'route.byCountry.ID: not a route (a provider id, or an object with one key of failover, byCountry, cheapest, weighted, roundRobin, byChannel, whatsappFirst)',
      'route.byCountry.TH.byChannel.fax: unknown key (expected sms or whatsapp)',
      'route.byCountry.VN.cheapest.a.MY: price must be a number >= 0',
    ]);
  });

  it('reports a lower-case region', () => {
    expect(routeFromData({ byCountry: { my: 'a' } }).problems).toEqual([
      'route.byCountry.my: not an ISO 3166-1 alpha-2 region (upper case) nor "default"',
    ]);
  });
});
