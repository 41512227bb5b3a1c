import { createMessenger, type Messenger } from '@pesan/core';
import { afterEach, describe, expect, it } from 'vitest';
import { ezsms } from './index.js';
import { type EzsmsSandbox, startEzsmsSandbox } from './sandbox/index.js';

// Issue 9 cases 2 and 3: the vendor's seqno dedupe must never send twice, nor turn a refusal into a success.
describe('sms.com.my seqno dedupe behind a messenger', () => {
  let sandbox: EzsmsSandbox | undefined;
  let messenger: Messenger | undefined;

  afterEach(async () => {
    await messenger?.close();
    await sandbox?.stop();
  });

  const account = { username: 'demoezsms', password: '1234' };

  it('retries a grouped request whose answer was lost as the same group: every recipient gets it once', async () => {
    sandbox = await startEzsmsSandbox({ accounts: [{ ...account, credits: 100 }] });
    messenger = createMessenger({
      providers: [ezsms({ id: 'ezsms', ...account, baseUrls: [sandbox.url], bulkMode: 'grouped' })],
    });
    await sandbox.setFault(0, { kind: 'drop-answer', times: 1 });
    const recipients = ['+60123456781', '+60123456782', '+60123456783'];
    const bulk = await messenger.sendBulk(
      recipients.map((to, index) => ({ to, text: 'Sale today', idempotencyKey: `sale-${index}` })),
    );
    expect(bulk.items.map((item) => item.ok)).toEqual([true, true, true]);
    const sent = sandbox.messages.map((message) => message.mobile).sort();
    expect(sent).toEqual(['60123456781', '60123456782', '60123456783']);
    const pages = sandbox.requests.map((request) => request.path);
    expect(pages.every((path) => path.endsWith('ISendSMSNoDR.aspx'))).toBe(true);
    expect(new Set(sandbox.requests.map((request) => request.params.seqno)).size).toBe(1);
  });

  it('sends a message whose earlier try was refused, even when the vendor remembers the refused seqno', async () => {
    // The default accounts: reseller `demoezsms` (1000 credits) and `customer` (none).
    sandbox = await startEzsmsSandbox({ rememberRefusedSeqno: true });
    const customer = { username: 'customer', password: '1234' };
    messenger = createMessenger({ providers: [ezsms({ id: 'ezsms', ...customer, baseUrls: [sandbox.url] })] });
    const message = { to: '+60123456789', text: 'Your code is 4821', idempotencyKey: 'otp-42' };
    await expect(messenger.send(message)).rejects.toMatchObject({ code: 'INSUFFICIENT_CREDIT', outcome: 'not_sent' });
    const reseller = ezsms({ ...account, baseUrls: [sandbox.url] });
    await reseller.transferCredits({ customer: customer.username, credits: 10 });
    const result = await messenger.send(message);
    expect(result.messageId).toBeDefined();
    expect(sandbox.messages).toHaveLength(1);
    const sends = sandbox.requests.filter((request) => request.path.endsWith('ISendSMS.aspx'));
    const [refused, accepted] = sends.map((request) => request.params.seqno);
    expect(accepted).not.toBe(refused);
  });
});
