/**
 * The device gateway part of the demo: a pool of two Android phones on a
 * sandbox, one of them stopped. Sends spread over the running phone's two
 * SIMs and skip the stopped one; statuses and an incoming reply arrive by
 * polling, as the gateway pushes nothing.
 */
import { createMessenger, type InboundEvent, PesanError, type StatusEvent } from '@pesan/core';
import { type DeviceGatewayRaw, deviceGateway } from '@pesan/provider-device';
import { DEVICE_SANDBOX_API_KEY, startDeviceSandbox } from '@pesan/provider-device/sandbox';
import { runOtpRoundTrip } from './demo-otp.js';

/** One line of the demo's table. */
export interface DeviceDemoRow {
  step: string;
  provider: string;
  mirror: string;
  status: string;
  segments: number | string;
  credits: number | string;
  attempts: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs the device gateway demo on 127.0.0.1 and answers its rows for the demo's table. */
export async function runDeviceGatewayDemo(): Promise<DeviceDemoRow[]> {
  const sandbox = await startDeviceSandbox({
    accounts: [
      {
        apiKey: DEVICE_SANDBOX_API_KEY,
        devices: [
          { deviceId: 1, deviceUid: 'shop-phone', name: 'Shop phone', sims: 2 },
          { deviceId: 2, deviceUid: 'spare-phone', name: 'Spare phone', state: 'stopped' },
        ],
      },
    ],
    schedule: { sentAfterMs: 150, deliveredAfterMs: 400 },
  });
  const phones = deviceGateway({
    id: 'phones',
    apiKey: DEVICE_SANDBOX_API_KEY,
    devices: [{ deviceUid: 'shop-phone', simSlots: [1, 2] }, { deviceUid: 'spare-phone' }],
    baseUrls: [sandbox.url],
  });
  const messenger = createMessenger({
    providers: [phones],
    otp: { secret: 'demo-device-otp-secret-0123456789abcdefgh' },
  });
  const statuses: StatusEvent[] = [];
  const replies: InboundEvent[] = [];
  messenger.on('status', (event) => {
    statuses.push(event);
  });
  messenger.on('inbound', (event) => {
    replies.push(event);
  });
  const polling = messenger.startPolling({ intervalMs: 100 });

  console.log(`\n\u001b[1mDevice gateway: two phones, the spare one stopped (${sandbox.url})\u001b[0m`);
  const results: { step: string; messageId?: string; raw?: DeviceGatewayRaw; error?: PesanError; segments?: number }[] =
    [];
  const texts = [
    'Your order #1001 is ready for pickup.',
    'Pesanan #1002 anda sedia untuk diambil.',
    '您的订单 #1003 已可取货。',
  ];
  try {
    for (const [index, text] of texts.entries()) {
      const step = `phones: send ${index + 1}`;
      try {
        const result = await messenger.send({ to: `+6012345678${index}`, text });
        const raw = result.raw as DeviceGatewayRaw;
        results.push({
          step,
          ...(result.messageId === undefined ? {} : { messageId: result.messageId }),
          raw,
          segments: result.segments,
        });
        console.log(`  ${step}: message ${result.messageId} on ${raw.device?.deviceUid} SIM ${raw.simSlot}`);
      } catch (error) {
        if (!PesanError.isInstance(error)) throw error;
        results.push({ step, error });
      }
    }
    sandbox.receive({ from: '+60123456780', text: 'Terima kasih!', deviceUid: 'shop-phone', simSlot: 2 });

    // Statuses and the reply arrive by polling: wait for them, bounded.
    const expected = results.filter((result) => result.messageId !== undefined).length * 2;
    for (let wait = 0; wait < 60 && (statuses.length < expected || replies.length < 1); wait++) await sleep(50);
    console.log(`  ${statuses.length} status changes and ${replies.length} reply received by polling`);
    for (const reply of replies) console.log(`  reply from ${reply.from}: ${JSON.stringify(reply.text)}`);
    const skipped = sandbox.records.filter(
      (record) => record.parameters.action === 'send_sms' && record.parameters.device_uid === 'spare-phone',
    ).length;
    console.log(`  sends to the stopped spare phone: ${skipped}`);

    console.log('  A one-time password the gateway makes, sends and checks itself (send_otp, verify_otp):');
    const otpTo = '+60123456789';
    const otpRows = await runOtpRoundTrip(
      'phones otp',
      messenger,
      otpTo,
      () => sandbox.otps.find((otp) => otp.phoneNumber === otpTo)?.code,
    );

    const rows: DeviceDemoRow[] = [];
    for (const result of results) {
      const report = result.messageId === undefined ? undefined : await messenger.getStatus(result.messageId);
      rows.push({
        step: result.step,
        provider: result.error ? '-' : 'phones',
        mirror: result.raw?.device
          ? `${result.raw.device.deviceUid ?? result.raw.device.deviceId} SIM ${result.raw.simSlot}`
          : '-',
        status: result.error
          ? `${result.error.code} (${result.error.outcome})`
          : `${report?.status ?? 'queued'}${report ? ` [${report.scope}: ${report.vendorStatus}]` : ''}`,
        segments: result.segments ?? '-',
        credits: '-',
        attempts: result.error ? '-' : 'gateway:success',
      });
    }
    return [...rows, ...otpRows];
  } finally {
    await polling.stop();
    await messenger.close();
    await sandbox.stop();
  }
}
