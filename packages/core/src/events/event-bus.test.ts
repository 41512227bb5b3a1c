import { describe, expect, it } from 'vitest';
import { PesanError } from '../errors/pesan-error.js';
import type { Logger } from '../provider/v1/logger.js';
import { EventBus } from './event-bus.js';

function bus() {
  const logged: string[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (_message, fields) => logged.push((fields?.error as { message?: string } | undefined)?.message ?? ''),
  };
  return { events: new EventBus(logger), logged };
}

const failed = { error: new PesanError('NO_ROUTE'), to: '+60123456789' };

describe('EventBus', () => {
  it('calls listeners in order and unsubscribes', () => {
    const { events } = bus();
    const calls: string[] = [];
    const off = events.on('failed', () => {
      calls.push('first');
    });
    events.on('failed', () => {
      calls.push('second');
    });
    events.emit('failed', failed);
    off();
    off();
    events.emit('failed', failed);
    expect(calls).toEqual(['first', 'second', 'second']);
    expect(events.listenerCount('failed')).toBe(1);
  });

  it('the same function subscribed twice is two subscriptions', () => {
    const { events } = bus();
    let count = 0;
    const listener = () => {
      count += 1;
    };
    const off = events.on('failed', listener);
    events.on('failed', listener);
    off();
    events.emit('failed', failed);
    expect(count).toBe(1);
  });

  it('logs listeners that throw or reject and keeps calling the others', async () => {
    const { events, logged } = bus();
    let reached = false;
    events.on('failed', () => {
      throw new Error('sync');
    });
    events.on('failed', () => Promise.reject(new Error('async')));
    events.on('failed', () => {
      reached = true;
    });
    expect(() => events.emit('failed', failed)).not.toThrow();
    await new Promise((resolve) => setImmediate(resolve));
    expect(reached).toBe(true);
    expect(logged).toEqual(['sync', 'async']);
  });
});
