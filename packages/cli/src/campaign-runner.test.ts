import { createMessenger } from '@pesan/core';
import { isms } from '@pesan/provider-isms';
import { startIsmsSandbox } from '@pesan/provider-isms/sandbox';
import { describe, expect, it } from 'vitest';
import { type CampaignResultItem, sendCampaign } from './campaign-runner.js';
import { SettledPrefix } from './settled-prefix.js';

describe('SettledPrefix', () => {
  it('advances over indexes settled in any order, from the resume point', () => {
    const prefix = new SettledPrefix(10);
    expect(prefix.last).toBe(9);
    prefix.settle(12);
    prefix.settle(11);
    expect(prefix.last).toBe(9);
    prefix.settle(10);
    expect(prefix.last).toBe(12);
    prefix.settle(5);
    expect(prefix.last).toBe(12);
  });
});

describe('sendCampaign (the adapter over sendBulk)', () => {
  it('streams in windows, keys each message by campaign and index, skips resumed indexes and stops on abort', async () => {
    const sandbox = await startIsmsSandbox({
      accounts: [{ username: 'u', password: 'campaign-pw', credits: 10_000 }],
      mirrors: 1,
    });
    const messenger = createMessenger({
      providers: [isms({ username: 'u', password: 'campaign-pw', api: 'json', baseUrls: [sandbox.url] })],
    });
    try {
      async function* source() {
        for (let index = 0; index < 300; index++) yield { to: `+6012${String(2_000_000 + index)}`, text: `m${index}` };
      }
      const items: CampaignResultItem[] = [];
      const controller = new AbortController();
      const summary = await sendCampaign(messenger, source(), {
        campaignId: 'c1',
        resumeFrom: 20,
        window: 60,
        concurrency: 1,
        signal: controller.signal,
        onResult: (item) => {
          items.push(item);
          if (item.index === 139) controller.abort();
        },
      });
      // 20..139 settled (two windows of 60); the abort stopped further windows.
      expect(summary).toMatchObject({ sent: 120, failed: 0, credits: 120, lastSettledIndex: 139 });
      expect(items.map((item) => item.index)).toEqual(Array.from({ length: 120 }, (_, position) => position + 20));
      expect(sandbox.messages.map((message) => message.text)).toEqual(items.map((item) => `m${item.index}`));
      const first = items[0]!;
      expect(first.ok && first.result.to).toBe('+60122000020');
    } finally {
      await messenger.close();
      await sandbox.stop();
    }
  });
});
