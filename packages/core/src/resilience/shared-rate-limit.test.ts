import { describe, expect, it } from 'vitest';
import { createMessenger } from '../messenger/create-messenger.js';
import { createFakeProvider } from '../messenger/fake-provider.js';
import { FakeClock } from '../runtime/fake-clock.js';
import { MemoryRateLimiterStore } from './memory-rate-limiter-store.js';

describe('stores.rateLimiter', () => {
  it('two messengers sharing one store share one bucket per provider', async () => {
    const clock = new FakeClock(0);
    const rateLimiter = new MemoryRateLimiterStore({ clock });
    const limits = { fake: { ratePerMinute: 60, burst: 2, maxWaitMs: 0 } };
    const make = () =>
      createMessenger({ providers: [createFakeProvider({ id: 'fake' })], limits, clock, stores: { rateLimiter } });
    const [first, second] = [make(), make()];
    await first.send({ to: '+60123456789', text: 'a' });
    await second.send({ to: '+60123456789', text: 'b' });
    await expect(first.send({ to: '+60123456789', text: 'c' })).rejects.toMatchObject({
      code: 'RATE_LIMITED',
      outcome: 'not_sent',
    });
    await clock.advance(1000);
    await second.send({ to: '+60123456789', text: 'd' });
    await first.close();
    await second.close();
  });
});
