import { type Clock, type InboundEvent, type Messenger, type StatusEvent } from '@pesan/core';
import { createWebhookHarness, type WebhookHarness } from '@pesan/core/testing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ISMS_DELIVERY_CALLBACKS, ISMS_UNREADABLE_CALLBACKS } from './__fixtures__/isms-callbacks.js';
import { isms } from './isms-provider.js';

const TOKEN = 'isms-fixture-token-0123456789';
const BASE = 'https://app.example.com';
const T0 = Date.parse('2026-03-04T05:06:07Z');

describe('iSMS delivery callbacks through messenger.webhooks.handle', () => {
  let now: number;
  let messenger: Messenger;
  let callbackUrl: string;
  let statuses: StatusEvent[];
  let inbound: InboundEvent[];

  let harness: WebhookHarness;

  beforeEach(() => {
    now = T0;
    const clock: Clock = { now: () => now, sleep: () => Promise.resolve() };
    harness = createWebhookHarness(
      isms({ id: 'isms', username: 'u', password: 'p', baseUrls: ['http://127.0.0.1:9'], clock }),
      { token: TOKEN, base: BASE },
    );
    ({ messenger, callbackUrl, statuses, inbound } = harness);
  });

  afterEach(() => harness.close());

  /** The vendor's GET: its query string appended to the callback URL. */
  const push = (query: string): Promise<Response> => harness.get(query);
  const afterAnswer = () => harness.afterAnswer();

  async function expectOk(answer: Response): Promise<void> {
    expect(answer.status).toBe(200);
    expect(await answer.text()).toBe('OK');
  }

  it('builds the callback URL the vendor is given', () => {
    expect(callbackUrl).toBe(`${BASE}/webhooks/isms/${TOKEN}`);
  });

  it.each(ISMS_DELIVERY_CALLBACKS)(
    '$name → $status ($scope)',
    async ({ query, trxId, dnStatus, status, scope, to }) => {
      await expectOk(await push(query));
      const at = new Date(T0);

      expect(await messenger.getStatus(trxId)).toEqual({
        messageId: trxId,
        provider: 'isms',
        status,
        scope,
        vendorStatus: dnStatus,
        to,
        at,
        history: [{ status, scope, vendorStatus: dnStatus, at, applied: true, source: 'webhook' }],
      });

      expect(statuses).toEqual([]); // events come after the answer
      await afterAnswer();
      expect(statuses).toHaveLength(1);
      expect(statuses[0]).toMatchObject({
        provider: 'isms',
        changed: true,
        duplicate: false,
        record: { messageId: trxId, provider: 'isms', status, scope, vendorStatus: dnStatus, to },
      });
      expect(statuses[0]?.previous).toBeUndefined();
      expect(inbound).toEqual([]);
    },
  );

  it('DELIVERED → PENDING (late) ends sent, keeping the late report unapplied; a retried callback is a duplicate', async () => {
    const trx = '1143007300';
    const sequence = ['DELIVERED', 'PENDING', 'PENDING'];
    for (const dnStatus of sequence) {
      await expectOk(await push(`msisdn=60123456789&trx_id=${trx}&dn_status=${dnStatus}`));
      now += 1000;
    }
    const report = await messenger.getStatus(trx);
    expect(report).toMatchObject({ status: 'sent', scope: 'carrier', vendorStatus: 'DELIVERED', to: '+60123456789' });
    expect(report?.at).toEqual(new Date(T0));
    expect(report?.history.map(({ status, vendorStatus, applied }) => [status, vendorStatus, applied])).toEqual([
      ['sent', 'DELIVERED', true],
      ['queued', 'PENDING', false],
    ]);

    await afterAnswer();
    expect(statuses.map(({ changed, previous, record }) => [changed, previous, record.status])).toEqual([
      [true, undefined, 'sent'],
      [false, 'sent', 'sent'],
    ]);
  });

  it('UNDELIVERED after DELIVERED: the failure beats sent', async () => {
    const trx = '1143007301';
    await expectOk(await push(`msisdn=60123456789&trx_id=${trx}&dn_status=DELIVERED`));
    now += 1000;
    await expectOk(await push(`msisdn=60123456789&trx_id=${trx}&dn_status=UNDELIVERED`));

    expect(await messenger.getStatus(trx)).toMatchObject({
      status: 'failed',
      scope: 'carrier',
      vendorStatus: 'UNDELIVERED',
      at: new Date(T0 + 1000),
    });
    await afterAnswer();
    expect(statuses.map(({ changed, previous, record }) => [changed, previous, record.status])).toEqual([
      [true, undefined, 'sent'],
      [true, 'sent', 'failed'],
    ]);
  });

  it('DELIVERED after UNDELIVERED: sent does not undo the failure (same end, either order)', async () => {
    const trx = '1143007302';
    await expectOk(await push(`msisdn=60123456789&trx_id=${trx}&dn_status=UNDELIVERED`));
    now += 1000;
    await expectOk(await push(`msisdn=60123456789&trx_id=${trx}&dn_status=DELIVERED`));

    expect(await messenger.getStatus(trx)).toMatchObject({ status: 'failed', vendorStatus: 'UNDELIVERED' });
    await afterAnswer();
    expect(statuses.map(({ changed }) => changed)).toEqual([true, false]);
  });

  it('a callback repeated at the same instant is answered 200 and applied once', async () => {
    const query = 'msisdn=60123456789&trx_id=1143007303&dn_status=DELIVERED';
    await expectOk(await push(query));
    await expectOk(await push(query));

    expect((await messenger.getStatus('1143007303'))?.history).toHaveLength(1);
    await afterAnswer();
    expect(statuses).toHaveLength(1);
  });

  it.each(ISMS_UNREADABLE_CALLBACKS)('$name → 400, nothing stored or emitted', async ({ query }) => {
    const answer = await push(query);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toBe('Bad Request');
    for (const id of ['1143007299', '']) expect(await messenger.getStatus(id)).toBeUndefined();
    await afterAnswer();
    expect(statuses).toEqual([]);
  });

  it('a wrong token → 401, nothing stored or emitted', async () => {
    const answer = await messenger.webhooks.handle(
      new Request(`${BASE}/webhooks/isms/not-the-token-0123456789?msisdn=60123456789&trx_id=1143007304&dn_status=SENT`),
    );
    expect(answer.status).toBe(401);
    expect(await answer.text()).toBe('Unauthorized');
    expect(await messenger.getStatus('1143007304')).toBeUndefined();
    await afterAnswer();
    expect(statuses).toEqual([]);
  });

  it('a provider id the messenger does not have → 404', async () => {
    const answer = await messenger.webhooks.handle(
      new Request(`${messenger.webhooks.callbackUrl('ezsms', BASE)}?trx_id=1143007305&dn_status=SENT`),
    );
    expect(answer.status).toBe(404);
    expect(await messenger.getStatus('1143007305')).toBeUndefined();
  });

  it.each([
    [
      'URLSearchParams body',
      new URLSearchParams({ msisdn: '6012-3456789', trx_id: '1143007306', dn_status: 'UNDELIVERED' }),
    ],
    ['explicit form content type', 'msisdn=6012-3456789&trx_id=1143007306&dn_status=UNDELIVERED'],
  ])('a form-encoded POST with the same fields is applied too (%s)', async (_, body) => {
    const headers = typeof body === 'string' ? { 'content-type': 'application/x-www-form-urlencoded' } : undefined;
    await expectOk(await messenger.webhooks.handle(new Request(callbackUrl, { method: 'POST', headers, body })));

    expect(await messenger.getStatus('1143007306')).toMatchObject({
      status: 'failed',
      scope: 'carrier',
      vendorStatus: 'UNDELIVERED',
      to: '+60123456789',
    });
    await afterAnswer();
    expect(statuses).toHaveLength(1);
  });

  it('a POST with the fields as JSON is not read → 400 (only form bodies are)', async () => {
    const answer = await messenger.webhooks.handle(
      new Request(callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ msisdn: '60123456789', trx_id: '1143007307', dn_status: 'DELIVERED' }),
      }),
    );
    expect(answer.status).toBe(400);
    expect(await messenger.getStatus('1143007307')).toBeUndefined();
  });
});
