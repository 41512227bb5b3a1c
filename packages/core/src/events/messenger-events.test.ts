import { describe, expect, expectTypeOf, it } from 'vitest';
import { createMessenger } from '../messenger/create-messenger.js';
import { createFakeProvider } from '../messenger/fake-provider.js';
import type { MessengerEventMap, MessengerListener, SentEvent, StatusEvent } from './messenger-events.js';

// `tsc --noEmit` checks this file too: a listener type that demanded `void`
// would fail the typecheck at the `list.push` lines below.
describe('messenger event listener types', () => {
  it('accepts a listener that returns a value (an expression body)', async () => {
    const messenger = createMessenger({ providers: [createFakeProvider({ id: 'fake' })] });
    const sent: SentEvent[] = [];
    const statuses: StatusEvent[] = [];
    messenger.on('sent', (event) => sent.push(event));
    messenger.on('status', (event) => statuses.push(event));
    messenger.on('failed', async () => 42);
    await messenger.send({ to: '+60123456789', text: 'Hi' });
    expect(sent).toHaveLength(1);
    await messenger.close();
  });

  it('types the payload per event and ignores the return type', () => {
    expectTypeOf<MessengerListener<'status'>>().parameter(0).toEqualTypeOf<MessengerEventMap['status']>();
    expectTypeOf<MessengerListener<'status'>>().returns.toBeUnknown();
    expectTypeOf((event: StatusEvent) => [event].length).toExtend<MessengerListener<'status'>>();
    expectTypeOf(async (_event: SentEvent) => 'done').toExtend<MessengerListener<'sent'>>();
    // The payload stays checked: a status listener is not a sent listener.
    expectTypeOf((event: StatusEvent) => event.record).not.toExtend<MessengerListener<'sent'>>();
  });
});
