/**
 * The pesan demo: two vendor sandboxes on 127.0.0.1, a messenger built from
 * pesan.config.yaml, messages in English, Malay and Chinese, a mirror going
 * down, a timeout reported honestly, delivery callbacks arriving through the
 * webhook endpoint, and a table of what happened.
 *
 * Run: npx --yes pnpm@10 install && npx --yes pnpm@10 demo
 */
import 'reflect-metadata';
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import {
  createMessengerFromConfig,
  loadConfig,
  type Messenger,
  type OutboundMessage,
  PesanError,
  type SendResult,
  type StatusEvent,
} from '@pesan/core';
import { plugin as ezsmsPlugin } from '@pesan/provider-ezsms';
import { startEzsmsSandbox } from '@pesan/provider-ezsms/sandbox';
import { plugin as ismsPlugin } from '@pesan/provider-isms';
import { startIsmsSandbox } from '@pesan/provider-isms/sandbox';
import { runDeviceGatewayDemo } from './demo-device.js';
import { runOtpRoundTrip } from './demo-otp.js';
import { type DemoRow, printDemoTable } from './demo-table.js';
import { runWhatsappDemo } from './demo-whatsapp.js';

const TOKEN = 'demo-webhook-token-0123456789';
const OTP_SECRET = 'demo-otp-secret-0123456789abcdefghijklmn';
const ISMS_ACCOUNT = { username: 'demo', password: 'demo-password', credits: 50 };
const EZSMS_ACCOUNT = { username: 'demoezsms', password: '1234', credits: 100 };

interface Row {
  step: string;
  message?: OutboundMessage;
  result?: SendResult;
  error?: PesanError;
}

const rows: Row[] = [];
const statusEvents: StatusEvent[] = [];

function heading(text: string): void {
  console.log(`\n\u001b[1m${text}\u001b[0m`);
}

function originName(urls: readonly string[], endpoint: string | undefined, prefix: string): string {
  if (!endpoint) return '-';
  const index = urls.indexOf(endpoint);
  return index >= 0 ? `${prefix} mirror ${index + 1}` : endpoint;
}

async function main(): Promise<void> {
  // 1. The application's webhook endpoint, first: the sandboxes need its URL.
  let messenger: Messenger | undefined;
  const server = createServer((request, response) => {
    if (!messenger) {
      response.statusCode = 503;
      response.end();
      return;
    }
    messenger.webhooks.nodeListener()(request, response);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const appOrigin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const callbackFor = (providerId: string) => `${appOrigin}/webhooks/${providerId}/${TOKEN}`;

  // 2. The vendors, simulated: four iSMS mirrors and one sms.com.my origin.
  const ismsSandbox = await startIsmsSandbox({
    accounts: [ISMS_ACCOUNT],
    mirrors: 4,
    callbackUrl: callbackFor('isms'),
    maxHangMs: 3_000,
  });
  const ezsmsSandbox = await startEzsmsSandbox({
    accounts: [{ ...EZSMS_ACCOUNT, reseller: false }],
    callbackUrl: callbackFor('ezsms'),
    incomingUrl: callbackFor('ezsms'),
    autoDeliver: 6,
  });

  // 3. The messenger, from a config file with ${ENV} interpolation.
  const env = {
    ...process.env,
    PESAN_WEBHOOK_TOKEN: TOKEN,
    PESAN_OTP_SECRET: OTP_SECRET,
    ISMS_USERNAME: ISMS_ACCOUNT.username,
    ISMS_PASSWORD: ISMS_ACCOUNT.password,
    ISMS_MIRROR_1: ismsSandbox.urls[0],
    ISMS_MIRROR_2: ismsSandbox.urls[1],
    ISMS_MIRROR_3: ismsSandbox.urls[2],
    ISMS_MIRROR_4: ismsSandbox.urls[3],
    EZSMS_USERNAME: EZSMS_ACCOUNT.username,
    EZSMS_PASSWORD: EZSMS_ACCOUNT.password,
    EZSMS_URL: ezsmsSandbox.url,
  };
  const configPath = fileURLToPath(new URL('./pesan.config.yaml', import.meta.url));
  const config = await loadConfig(configPath);
  messenger = await createMessengerFromConfig(config, { plugins: [ismsPlugin, ezsmsPlugin], env });
  messenger.on('status', (event) => {
    statusEvents.push(event);
  });
  messenger.on('circuit', (event) => {
    console.log(`  circuit: ${event.provider} ${event.endpoint} ${event.from} -> ${event.to}`);
  });
  messenger.on('failover', (event) => {
    console.log(`  failover: ${event.from} -> ${event.to} after ${event.error.code} (${event.error.outcome})`);
  });

  heading('pesan demo: sandboxes on 127.0.0.1');
  console.log(`  iSMS mirrors : ${ismsSandbox.urls.join('  ')}`);
  console.log(`  sms.com.my   : ${ezsmsSandbox.url}`);
  console.log(`  callbacks    : ${messenger.webhooks.callbackUrl('isms', appOrigin)}`);
  console.log(`                 ${messenger.webhooks.callbackUrl('ezsms', appOrigin)}`);

  const send = async (step: string, message: OutboundMessage) => {
    try {
      const result = await messenger!.send(message);
      rows.push({ step, message, result });
    } catch (error) {
      if (!PesanError.isInstance(error)) throw error;
      rows.push({ step, message, error });
    }
  };

  heading('Sending');
  await send('English, MY', { to: '+60 12-345 6789', text: 'Your pesan code is 482193. It expires in 5 minutes.' });
  await send('Malay, MY (local number)', {
    to: '012-345 6780',
    text: 'Terima kasih kerana membeli-belah bersama kami. Pesanan anda sedang dihantar.',
  });
  await send('Chinese, MY', { to: '0193456789', text: '您的验证码是 482193，五分钟内有效。' });
  await send('English, SG', { to: '+65 8123 4567', text: 'Hello from pesan: Singapore goes to sms.com.my.' });

  heading('iSMS mirror 1 goes down (connection refused)');
  await ismsSandbox.setFault(0, 'refuse');
  await send('iSMS mirror 1 refused', { to: '+60123456781', text: 'Sent through the second iSMS mirror.' });
  await send('refused again: circuit opens', { to: '+60123456782', text: 'Two failures open the circuit.' });

  heading('Every iSMS mirror down: fail over to sms.com.my');
  for (let mirror = 1; mirror < 4; mirror++) await ismsSandbox.setFault(mirror, 'refuse');
  await send('all iSMS down (1 skipped)', { to: '+60123456783', text: 'iSMS is down, sms.com.my carries this one.' });

  heading('iSMS mirror 2 hangs after reading the request (at-most-once)');
  await ismsSandbox.setFault(0, undefined);
  await ismsSandbox.setFault(1, 'hang');
  for (let mirror = 2; mirror < 4; mirror++) await ismsSandbox.setFault(mirror, undefined);
  // Mirror 1's circuit is still open from before, so the send goes to mirror 2 and waits.
  await send('timeout: unknown', { to: '+60123456784', text: 'Did this one go out? pesan will not guess.' });
  await ismsSandbox.setFault(1, undefined);

  heading('The same idempotency key twice');
  await send('idempotent #1', { to: '+60123456785', text: 'Exactly once.', idempotencyKey: 'order-1001' });
  const before = ismsSandbox.messages.length + ezsmsSandbox.messages.length;
  await send('idempotent #2', { to: '+60123456785', text: 'Exactly once.', idempotencyKey: 'order-1001' });
  const after = ismsSandbox.messages.length + ezsmsSandbox.messages.length;
  console.log(`  vendor messages before and after the repeat: ${before} -> ${after}`);

  heading('A one-time password by SMS, along the same route');
  const otpTo = '+60123456786';
  const otpRows = await runOtpRoundTrip('otp', messenger, otpTo, () => {
    const text = ismsSandbox.messages.filter((message) => `+${message.to}` === otpTo).at(-1)?.text;
    return text === undefined ? undefined : /\b(\d{6})\b/.exec(text)?.[1];
  });

  // Delivery callbacks arrive on their own; wait for them, bounded.
  heading('STOP: a customer opts out by SMS, then back in with START');
  const optOutTo = '+60123456785';
  await ezsmsSandbox.receive({ from: optOutTo, text: 'STOP' });
  const optedOut = await messenger.suppression.get(optOutTo);
  console.log(`  ${optOutTo} texted "${optedOut?.keyword}" to sms.com.my: on the suppression list`);
  await send('after STOP: OPTED_OUT, no request', { to: optOutTo, text: 'Weekend sale: 20% off everything' });
  await ezsmsSandbox.receive({ from: optOutTo, text: 'start' });
  await send('after START', { to: optOutTo, text: 'Welcome back! You will hear from us again.' });

  heading('Waiting for delivery callbacks');
  await ismsSandbox.callbacksIdle();
  for (let wait = 0; wait < 40 && statusEvents.length < 1; wait++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
  console.log(`  ${statusEvents.length} status callbacks received through ${appOrigin}/webhooks/...`);

  const deviceRows = await runDeviceGatewayDemo();
  heading('WhatsApp: a template, a reply inside the 24 h window, an SMS fallback');
  const whatsappRows = await runWhatsappDemo({
    sms: messenger.providers.get('isms')!,
    smsOriginName: (endpoint) => originName(ismsSandbox.urls, endpoint, 'isms'),
  });
  heading('What happened');
  const table: DemoRow[] = [];
  for (const row of rows) {
    const success = row.result?.attempts.filter((attempt) => attempt.outcome === 'success').at(-1);
    const tried = (row.result?.attempts ?? (row.error?.details?.attempts as SendResult['attempts'] | undefined) ?? [])
      .map((attempt) => {
        const name =
          attempt.provider === 'isms'
            ? originName(ismsSandbox.urls, attempt.endpoint, 'isms')
            : originName([ezsmsSandbox.url], attempt.endpoint, 'ezsms');
        return `${name}:${attempt.outcome}`;
      })
      .join(', ');
    const status = row.result?.messageId ? await messenger.getStatus(row.result.messageId) : undefined;
    table.push({
      step: row.step,
      provider: row.result?.provider ?? '-',
      mirror: row.result
        ? row.result.provider === 'isms'
          ? originName(ismsSandbox.urls, success?.endpoint, 'isms')
          : originName([ezsmsSandbox.url], success?.endpoint, 'ezsms')
        : '-',
      status: row.error
        ? `${row.error.code} (${row.error.outcome})`
        : `${status?.status ?? row.result?.status}${status ? ` [${status.scope}: ${status.vendorStatus}]` : ''}`,
      segments: row.result?.segments ?? '-',
      credits: row.result?.credits ?? '-',
      attempts: tried,
    });
  }
  table.push(...otpRows);
  table.push(...deviceRows);
  table.push(...whatsappRows);
  printDemoTable(table);
  console.log(
    'iSMS stops at sent [carrier]: its callbacks only confirm the telco SMSC took it; sms.com.my reports handset delivery.',
  );

  heading('Balances');
  const ismsBalance = await messenger.getBalance('isms');
  const ezsmsBalance = await messenger.getBalance('ezsms');
  console.table([
    { provider: 'isms', credits: ismsBalance.amount, 'sandbox ledger': ismsSandbox.credits(ISMS_ACCOUNT.username) },
    { provider: 'ezsms', credits: ezsmsBalance.amount, 'sandbox ledger': ezsmsSandbox.credits(EZSMS_ACCOUNT.username) },
  ]);

  await messenger.close();
  await Promise.all([ismsSandbox.stop(), ezsmsSandbox.stop()]);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  console.log('\nDone.');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
