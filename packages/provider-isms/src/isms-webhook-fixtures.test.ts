import { useWebhookHarness } from '@pesan/core/testing/vitest';
import { describe, expect, it } from 'vitest';
import { ISMS_DELIVERY_CALLBACKS, ISMS_UNREADABLE_CALLBACKS } from './__fixtures__/isms-callbacks.js';
import { isms } from './isms-provider.js';

const TOKEN = 'isms-fixture-token-0123456789';
const BASE = 'https://app.example.com';
const T0 = Date.parse('2026-03-04T05:06:07Z');

describe('iSMS delivery callbacks through messenger.webhooks.handle', () => {
  const harness = useWebhookHarness(
    (clock) => isms({ id: 'isms', username: 'u', password: 'p', baseUrls: ['http://127.0.0.1:9'], clock }),
    {
      token: TOKEN,
      base: BASE,
      startAt: T0,
    },
  );

  it('builds the callback URL the vendor is given', () => {
    expect(harness.callbackUrl).toBe(`${BASE}/webhooks/isms/${TOKEN}`);
  });

  it.each(ISMS_DELIVERY_CALLBACKS)(
    '$name → $status ($scope)',
    async ({ query, trxId, dnStatus, status, scope, to }) => {
      await harness.expectOk(await harness.get(query));
      const at = new Date(T0);

      expect(await harness.messenger.getStatus(trxId)).toEqual({
        messageId: trxId,
        provider: 'isms',
        status,
        scope,
        vendorStatus: dnStatus,
        to,
        at,
        history: [{ status, scope, vendorStatus: dnStatus, at, applied: true, source: 'webhook' }],
      });

      expect(harness.statuses).toEqual([]); // events come after the answer
      await harness.afterAnswer();
      expect(harness.statuses).toHaveLength(1);
      expect(harness.statuses[0]).toMatchObject({
        provider: 'isms',
        changed: true,
        duplicate: false,
        record: { messageId: trxId, provider: 'isms', status, scope, vendorStatus: dnStatus, to },
      });
      expect(harness.statuses[0]?.previous).toBeUndefined();
      expect(harness.inbound).toEqual([]);
    },
  );

  it('DELIVERED → PENDING (late) ends sent, keeping the late report unapplied; a retried callback is a duplicate', async () => {
    const trx = '1143007300';
    const sequence = ['DELIVERED', 'PENDING', 'PENDING'];
    for (const dnStatus of sequence) {
      await harness.expectOk(await harness.get(`msisdn=60123456789&trx_id=${trx}&dn_status=${dnStatus}`));
      harness.advance(1000);
    }
    const report = await harness.messenger.getStatus(trx);
    expect(report).toMatchObject({ status: 'sent', scope: 'carrier', vendorStatus: 'DELIVERED', to: '+60123456789' });
    expect(report?.at).toEqual(new Date(T0));
    expect(report?.history.map(({ status, vendorStatus, applied }) => [status, vendorStatus, applied])).toEqual([
      ['sent', 'DELIVERED', true],
      ['queued', 'PENDING', false],
    ]);

    await harness.afterAnswer();
    expect(harness.statuses.map(({ changed, previous, record }) => [changed, previous, record.status])).toEqual([
      [true, undefined, 'sent'],
      [false, 'sent', 'sent'],
    ]);
  });

  it('UNDELIVERED after DELIVERED: the failure beats sent', async () => {
    const trx = '1143007301';
    await harness.expectOk(await harness.get(`msisdn=60123456789&trx_id=${trx}&dn_status=DELIVERED`));
    harness.advance(1000);
    await harness.expectOk(await harness.get(`msisdn=60123456789&trx_id=${trx}&dn_status=UNDELIVERED`));

    expect(await harness.messenger.getStatus(trx)).toMatchObject({
      status: 'failed',
      scope: 'carrier',
      vendorStatus: 'UNDELIVERED',
      at: new Date(T0 + 1000),
    });
    await harness.afterAnswer();
    expect(harness.statuses.map(({ changed, previous, record }) => [changed, previous, record.status])).toEqual([
      [true, undefined, 'sent'],
      [true, 'sent', 'failed'],
    ]);
  });

  it('DELIVERED after UNDELIVERED: sent does not undo the failure (same end, either order)', async () => {
    const trx = '1143007302';
    await harness.expectOk(await harness.get(`msisdn=60123456789&trx_id=${trx}&dn_status=UNDELIVERED`));
    harness.advance(1000);
    await harness.expectOk(await harness.get(`msisdn=60123456789&trx_id=${trx}&dn_status=DELIVERED`));

    expect(await harness.messenger.getStatus(trx)).toMatchObject({ status: 'failed', vendorStatus: 'UNDELIVERED' });
    await harness.afterAnswer();
    expect(harness.statuses.map(({ changed }) => changed)).toEqual([true, false]);
  });

  it('a callback repeated at the same instant is answered 200 and applied once', async () => {
    const query = 'msisdn=60123456789&trx_id=1143007303&dn_status=DELIVERED';
    await harness.expectOk(await harness.get(query));
    await harness.expectOk(await harness.get(query));

    expect((await harness.messenger.getStatus('1143007303'))?.history).toHaveLength(1);
    await harness.afterAnswer();
    expect(harness.statuses).toHaveLength(1);
  });

  it.each(ISMS_UNREADABLE_CALLBACKS)('$name → 400, nothing stored or emitted', async ({ query }) => {
    const answer = await harness.get(query);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toBe('Bad Request');
    for (const id of ['1143007299', '']) expect(await harness.messenger.getStatus(id)).toBeUndefined();
    await harness.afterAnswer();
    expect(harness.statuses).toEqual([]);
  });

  it('a wrong token → 401, nothing stored or emitted', async () => {
    const answer = await harness.messenger.webhooks.handle(
      new Request(`${BASE}/webhooks/isms/not-the-token-0123456789?msisdn=60123456789&trx_id=1143007304&dn_status=SENT`),
    );
    expect(answer.status).toBe(401);
    expect(await answer.text()).toBe('Unauthorized');
    expect(await harness.messenger.getStatus('1143007304')).toBeUndefined();
    await harness.afterAnswer();
    expect(harness.statuses).toEqual([]);
  });

  it('a provider id the messenger does not have → 404', async () => {
    const answer = await harness.messenger.webhooks.handle(
      new Request(`${harness.messenger.webhooks.callbackUrl('ezsms', BASE)}?trx_id=1143007305&dn_status=SENT`),
    );
    expect(answer.status).toBe(404);
    expect(await harness.messenger.getStatus('1143007305')).toBeUndefined();
  });

  it.each([
    [
      'URLSearchParams body',
      new URLSearchParams({ msisdn: '6012-3456789', trx_id: '1143007306', dn_status: 'UNDELIVERED' }),
    ],
    ['explicit form content type', 'msisdn=6012-3456789&trx_id=1143007306&dn_status=UNDELIVERED'],
  ])('a form-encoded POST with the same fields is applied too (%s)', async (_, body) => {
    const headers = typeof body === 'string' ? { 'content-type': 'application/x-www-form-urlencoded' } : undefined;
    await harness.expectOk(
      await harness.messenger.webhooks.handle(new Request(harness.callbackUrl, { method: 'POST', headers, body })),
    );

    expect(await harness.messenger.getStatus('1143007306')).toMatchObject({
      status: 'failed',
      scope: 'carrier',
      vendorStatus: 'UNDELIVERED',
      to: '+60123456789',
    });
    await harness.afterAnswer();
    expect(harness.statuses).toHaveLength(1);
  });

  it('a POST with the fields as JSON is not read → 400 (only form bodies are)', async () => {
    const answer = await harness.messenger.webhooks.handle(
      new Request(harness.callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msisdn: '60123456789', trx_id: '1143007307', dn_status: 'DELIVERED' }),
      }),
    );
    expect(answer.status).toBe(400);
    expect(await harness.messenger.getStatus('1143007307')).toBeUndefined();
  });
});
