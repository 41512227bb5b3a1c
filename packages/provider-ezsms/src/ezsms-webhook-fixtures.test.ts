import { useWebhookHarness } from '@pesan/core/testing/vitest';
import { describe, expect, it } from 'vitest';
import { DELIVERY_REPORT_URLS, INCOMING_SMS_URLS, UNREADABLE_CALLBACK_URLS } from './__fixtures__/callbacks.js';
import { EZSMS_DELIVERY_REPORTS, EZSMS_INCOMING_SMS, EZSMS_UNREADABLE } from './__fixtures__/handler-callbacks.js';
import { ezsms } from './ezsms-provider.js';

const TOKEN = 'ezsms-fixture-token-0123456789';
const BASE = 'https://app.example.com';
const T0 = Date.parse('2026-03-04T05:06:07Z');

/** The query string of an existing fixture URL (`/cb?...`). */
const queryOf = (url: string) => url.slice(url.indexOf('?') + 1);

/** The parameters as the vendor wrote them (the provider's `raw`). */
const paramsOf = (query: string) => Object.fromEntries(new URLSearchParams(query));

describe('sms.com.my callbacks through messenger.webhooks.handle', () => {
  const harness = useWebhookHarness(
    (clock) => ezsms({ id: 'ezsms', username: 'u', password: 'p', baseUrls: ['http://127.0.0.1:9'], clock }),
    {
      token: TOKEN,
      base: BASE,
      startAt: T0,
    },
  );

  describe('delivery reports', () => {
    it.each(EZSMS_DELIVERY_REPORTS)(
      '$name → $status ($scope)',
      async ({ query, msgId, vendorStatus, status, scope }) => {
        await harness.expectOk(await harness.get(query));
        const at = new Date(T0);

        expect(await harness.messenger.getStatus(msgId)).toEqual({
          messageId: msgId,
          provider: 'ezsms',
          status,
          scope,
          vendorStatus,
          to: undefined, // Sender is the gateway number, not the recipient
          at,
          history: [{ status, scope, vendorStatus, at, applied: true, source: 'webhook' }],
        });

        expect(harness.statuses).toEqual([]); // events come after the answer
        await harness.afterAnswer();
        expect(harness.statuses).toHaveLength(1);
        expect(harness.statuses[0]).toMatchObject({
          provider: 'ezsms',
          changed: true,
          duplicate: false,
          record: { messageId: msgId, provider: 'ezsms', status, scope, vendorStatus },
        });
        expect(harness.statuses[0]?.record.to).toBeUndefined();
        expect(harness.inbound).toEqual([]);
      },
    );

    it.each(DELIVERY_REPORT_URLS)('the parser fixture $url → $status ($scope)', async ({ url, status, scope }) => {
      await harness.expectOk(await harness.get(queryOf(url)));
      expect(await harness.messenger.getStatus('1234567')).toMatchObject({ status, scope });
      await harness.afterAnswer();
      expect(harness.statuses.map((event) => event.record.status)).toEqual([status]);
    });

    it('a form-encoded POST report is applied too', async () => {
      const body = new URLSearchParams({ MsgId: '3000200', Sender: '60120000000', Status: '6' });
      await harness.expectOk(
        await harness.messenger.webhooks.handle(new Request(harness.callbackUrl, { method: 'POST', body })),
      );
      expect(await harness.messenger.getStatus('3000200')).toMatchObject({ status: 'delivered', scope: 'handset' });
    });

    it.each([
      ['QInTelco → Out Of Coverage → delivered → late failed: delivered', ['11', '13', '6', '7'], 'delivered', '6'],
      ['Out Of Coverage → Expired: expired', ['13', '8'], 'expired', '8'],
      ['Deliver Failed → Rejected: the more specific failure', ['7', '10'], 'rejected', '10'],
      ['Not In Service → QInTelco (late): failed', ['12', '15'], 'failed', '12'],
      ['Unknown → QInTelco: queued', ['9', '16'], 'queued', '16'],
      ['Delivered → Unknown: delivered', ['6', '9'], 'delivered', '6'],
    ])('%s', async (_, sequence, status, vendorStatus) => {
      for (const code of sequence) {
        await harness.expectOk(await harness.get(`MsgId=3000300&Sender=60120000000&Status=${code}`));
        harness.advance(1000);
      }
      const report = await harness.messenger.getStatus('3000300');
      expect(report).toMatchObject({ status, vendorStatus });
      expect(report?.history.map((entry) => entry.vendorStatus)).toEqual(sequence);
      await harness.afterAnswer();
      expect(harness.statuses).toHaveLength(sequence.length);
      expect(harness.statuses.at(-1)?.record.status).toBe(status);
    });
  });

  describe('incoming SMS', () => {
    it.each(EZSMS_INCOMING_SMS)('$name → $text', async ({ query, text }) => {
      await harness.expectOk(await harness.get(query));
      expect(harness.inbound).toEqual([]); // events come after the answer
      await harness.afterAnswer();
      expect(harness.inbound).toEqual([
        {
          provider: 'ezsms',
          channel: 'sms',
          from: '+60198765432',
          to: '+60123456789',
          text,
          at: new Date(T0),
          raw: paramsOf(query),
        },
      ]);
      expect(harness.statuses).toEqual([]);
    });

    it.each(INCOMING_SMS_URLS)('the parser fixture $url', async ({ url, from, to, text }) => {
      await harness.expectOk(await harness.get(queryOf(url)));
      await harness.afterAnswer();
      expect(harness.inbound).toHaveLength(1);
      expect(harness.inbound[0]).toMatchObject({ provider: 'ezsms', channel: 'sms', from, text });
      expect(harness.inbound[0]?.to).toBe(to);
    });
  });

  describe('rejections', () => {
    it.each([
      ...EZSMS_UNREADABLE.map(({ name, query }) => [name, query] as const),
      ...UNREADABLE_CALLBACK_URLS.map(
        (url) => [`the parser fixture ${url}`, url.includes('?') ? queryOf(url) : ''] as const,
      ),
    ])('%s → 400, nothing stored or emitted', async (_, query) => {
      const answer = await harness.get(query);
      expect(answer.status).toBe(400);
      expect(await answer.text()).toBe('Bad Request');
      for (const id of ['3000999', '1', '']) expect(await harness.messenger.getStatus(id)).toBeUndefined();
      await harness.afterAnswer();
      expect(harness.statuses).toEqual([]);
      expect(harness.inbound).toEqual([]);
    });

    it('a wrong token → 401, nothing stored or emitted', async () => {
      const answer = await harness.messenger.webhooks.handle(
        new Request(`${BASE}/webhooks/ezsms/not-the-token-0123456789?MsgId=3000400&Sender=60120000000&Status=6`),
      );
      expect(answer.status).toBe(401);
      expect(await harness.messenger.getStatus('3000400')).toBeUndefined();
      await harness.afterAnswer();
      expect(harness.statuses).toEqual([]);
    });
  });
});
