import { describe, expect, it, vi } from 'vitest';
import type { Logger } from '../provider/v1/logger.js';
import { createMessenger } from './create-messenger.js';
import { createFakeProvider } from './fake-provider.js';

const to = '+60123456789';

describe('the default idempotency store', () => {
  it('holds idempotencyMaxEntries keys and warns when it evicts one before its TTL', async () => {
    const logger: Logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    const a = createFakeProvider({ id: 'a' });
    const messenger = createMessenger({ providers: [a], idempotencyMaxEntries: 2, logger });
    await messenger.send({ to, text: 'Hi', idempotencyKey: 'k1' });
    await messenger.send({ to, text: 'Hi', idempotencyKey: 'k2' });
    expect(logger.warn).not.toHaveBeenCalled();
    await messenger.send({ to, text: 'Hi', idempotencyKey: 'k3' });
    await messenger.send({ to, text: 'Hi', idempotencyKey: 'k4' });
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('idempotency store is full'),
      expect.objectContaining({ maxEntries: 2 }),
    );
    // k1 was evicted: it no longer guards against a resend.
    await messenger.send({ to, text: 'Hi', idempotencyKey: 'k1' });
    expect(a.calls).toHaveLength(5);
    await messenger.send({ to, text: 'Hi', idempotencyKey: 'k4' });
    expect(a.calls).toHaveLength(5);
  });
});
