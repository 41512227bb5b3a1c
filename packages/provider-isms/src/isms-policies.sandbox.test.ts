import { createMessenger, type Messenger, malaysiaPromotional } from '@pesan/core';
import { FakeClock } from '@pesan/core/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { isms } from './isms-provider.js';
import { type IsmsSandbox, startIsmsSandbox } from './sandbox/index.js';

const account = { username: 'acme', password: 'acme-secret', credits: 100 };
const TO = '+60123456789';
// 2024-01-01 04:00 UTC is noon in Kuala Lumpur.
const NOON_KL = Date.UTC(2024, 0, 1, 4, 0);

let sandbox: IsmsSandbox | undefined;
let messenger: Messenger | undefined;
afterEach(async () => {
  await messenger?.close();
  await sandbox?.stop();
});

describe('malaysiaPromotional() with iSMS (sandbox)', () => {
  it('adds "RM0 " once and bills it: a 150-character promotion goes as 154 characters, 2 credits', async () => {
    sandbox = await startIsmsSandbox({ accounts: [{ ...account }], autoDeliver: false });
    messenger = createMessenger({
      providers: [
        isms({ id: 'isms', username: account.username, password: account.password, baseUrls: [...sandbox.urls] }),
      ],
      clock: new FakeClock(NOON_KL),
      middleware: [malaysiaPromotional()],
    });
    const text = `Mega sale ${'x'.repeat(140)}`;
    expect(text).toHaveLength(150);
    const estimate = await messenger.estimate({ to: TO, text, category: 'promotional' });
    expect(estimate).toMatchObject({ credits: 2, segments: 2 });

    const result = await messenger.send({ to: TO, text, category: 'promotional' });
    expect(sandbox.messages.map((message) => message.text)).toEqual([`RM0 ${text}`]);
    expect(result).toMatchObject({ credits: 2, adjustments: [{ policy: 'malaysiaPromotional' }] });
    expect(sandbox.credits(account.username)).toBe(98);

    // Already marked: not added twice.
    await messenger.send({ to: TO, text: 'RM0 Flash sale today', category: 'promotional' });
    expect(sandbox.messages[1]!.text).toBe('RM0 Flash sale today');
  });
});
