import { describe, expect, it } from 'vitest';
import { createMessenger } from '../messenger/create-messenger.js';
import { createFakeProvider } from '../messenger/fake-provider.js';
import type { CallContext } from '../provider/v1/send-context.js';
import { MemorySendWindowStore } from './memory-send-window-store.js';

describe('stores.sendWindows', () => {
  it('reaches providers in the context of sends and of other calls', async () => {
    const sendWindows = new MemorySendWindowStore();
    const provider = createFakeProvider({ id: 'phones', balance: 10 });
    const balanceContexts: (CallContext | undefined)[] = [];
    const getBalance = provider.getBalance!;
    provider.getBalance = (context) => {
      balanceContexts.push(context);
      return getBalance.call(provider, context);
    };
    const messenger = createMessenger({ providers: [provider], stores: { sendWindows } });
    await messenger.send({ to: '+60123456789', text: 'one' });
    await messenger.sendBulk([{ to: '+60123456789', text: 'two' }]);
    await messenger.getBalance('phones');
    expect(provider.contexts.map((context) => context?.sendWindows)).toEqual([sendWindows, sendWindows]);
    expect(balanceContexts[0]?.sendWindows).toBe(sendWindows);
    await messenger.close();
  });

  it('is absent from the context when the messenger has none, so a provider counts its own', async () => {
    const provider = createFakeProvider({ id: 'phones' });
    const messenger = createMessenger({ providers: [provider] });
    await messenger.send({ to: '+60123456789', text: 'one' });
    expect(provider.contexts[0]).toBeDefined();
    expect(provider.contexts[0]?.sendWindows).toBeUndefined();
    await messenger.close();
  });
});
