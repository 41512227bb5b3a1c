import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createFakeProvider } from '../messenger/fake-provider.js';
import { definePlugin, isPesanPlugin } from './define-plugin.js';
import { PluginRegistry } from './plugin-registry.js';

const fake = definePlugin({
  type: 'fake',
  optionsSchema: z.strictObject({ id: z.string() }),
  create: (options) => createFakeProvider({ id: options.id }),
});

describe('definePlugin', () => {
  it('returns a frozen plugin typed by its schema', async () => {
    expect(isPesanPlugin(fake)).toBe(true);
    expect(Object.isFrozen(fake)).toBe(true);
    const provider = await fake.create({ id: 'x' }, {} as never);
    expect(provider.id).toBe('x');
  });

  it('rejects a type that cannot be a package suffix', () => {
    expect(() =>
      definePlugin({ type: 'Bad Type', optionsSchema: z.object({}), create: () => createFakeProvider({ id: 'x' }) }),
    ).toThrow(/lower-case/);
  });
});

describe('PluginRegistry', () => {
  it('registers, gets, has and lists', () => {
    const registry = new PluginRegistry([fake]);
    expect(registry.has('fake')).toBe(true);
    expect(registry.get('fake')).toBe(fake);
    expect(registry.get('other')).toBeUndefined();
    expect(registry.register(fake).list()).toEqual([fake]);
  });

  it('refuses a second, different plugin for the same type', () => {
    const registry = new PluginRegistry([fake]);
    const other = definePlugin({
      type: 'fake',
      optionsSchema: z.object({}),
      create: () => createFakeProvider({ id: 'x' }),
    });
    expect(() => registry.register(other)).toThrow(/already registered/);
  });
});
