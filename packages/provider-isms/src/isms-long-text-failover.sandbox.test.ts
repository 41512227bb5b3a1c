// Issue 15 item 7: a text too long for iSMS moves on to the route's next provider instead of ending it.
// (A test-only look at a second provider: the route needs two vendors.)
import { createMessenger, failover, PesanError } from '@pesan/core';
import { ezsms } from '@pesan/provider-ezsms';
import { type EzsmsSandbox, startEzsmsSandbox } from '@pesan/provider-ezsms/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isms } from './isms-provider.js';
import { type IsmsSandbox, startIsmsSandbox } from './sandbox/index.js';

let ismsSandbox: IsmsSandbox;
let ezsmsSandbox: EzsmsSandbox;

beforeEach(async () => {
  ismsSandbox = await startIsmsSandbox({ accounts: [{ username: 'acme', password: 'acme-secret', credits: 1000 }] });
  ezsmsSandbox = await startEzsmsSandbox();
});

afterEach(async () => {
  await ismsSandbox.stop();
  await ezsmsSandbox.stop();
});

function messengerFor(options: { maxSegments?: number } = {}) {
  return createMessenger({
    providers: [
      isms({ id: 'isms', username: 'acme', password: 'acme-secret', baseUrls: [...ismsSandbox.urls] }),
      ezsms({ id: 'ezsms', username: 'demoezsms', password: '1234', baseUrls: [...ezsmsSandbox.urls] }),
    ],
    route: failover('isms', 'ezsms'),
    ...options,
  });
}

describe('failover("isms", "ezsms") with a text longer than iSMS takes', () => {
  it('skips iSMS (700 characters) and sends through sms.com.my, saying why', async () => {
    const messenger = messengerFor();
    const text = 'x'.repeat(800);
    const estimate = await messenger.estimate({ to: '+60123456789', text });
    expect(estimate.skipped).toEqual([
      { provider: 'isms', reason: 'text is 800 characters, more than the 700 it takes' },
    ]);

    const result = await messenger.send({ to: '+60123456789', text });
    expect(result.provider).toBe('ezsms');
    expect(result.attempts[0]).toMatchObject({
      provider: 'isms',
      outcome: 'skipped',
      reason: 'text is 800 characters, more than the 700 it takes',
    });
    expect(ismsSandbox.requests).toHaveLength(0);
    expect(ezsmsSandbox.requests.length).toBeGreaterThan(0);
    await messenger.close();
  });

  it('still sends a 700-character text through iSMS', async () => {
    const messenger = messengerFor();
    expect((await messenger.send({ to: '+60123456789', text: 'y'.repeat(700) })).provider).toBe('isms');
    await messenger.close();
  });

  it('refuses a text over the messenger’s maxSegments before any request', async () => {
    const messenger = messengerFor({ maxSegments: 5 });
    const error = await messenger.send({ to: '+60123456789', text: 'z'.repeat(2000) }).catch((caught) => caught);
    expect(PesanError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      code: 'INVALID_MESSAGE',
      outcome: 'rejected',
      details: { segments: 14, maxSegments: 5, encoding: 'gsm7' },
    });
    expect(ismsSandbox.requests).toHaveLength(0);
    expect(ezsmsSandbox.requests).toHaveLength(0);
    await messenger.close();
  });
});
