/**
 * The WhatsApp part of the pesan demo: a WhatsApp (iSMS) sandbox on
 * 127.0.0.1 pushing its webhooks to a messenger, which sends a template, a
 * free-text reply once the customer has written (their 24 h window is open),
 * and falls back to SMS for a customer whose window is not open.
 *
 * `demo.ts` calls {@link runWhatsappDemo} with its iSMS provider for the SMS leg.
 */
import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  type Attempt,
  createMessenger,
  type InboundEvent,
  type Messenger,
  type OutboundMessage,
  PesanError,
  type ProviderV1,
  type SendResult,
  whatsappFirst,
} from '@pesan/core';
import { waba } from '@pesan/provider-waba';
import { startWabaSandbox, WABA_SANDBOX_DEFAULT_ACCOUNT } from '@pesan/provider-waba/sandbox';

const TOKEN = 'demo-whatsapp-webhook-token-0123';
const BUSINESS_NUMBER = '60123450000';
const CUSTOMER = '+60198765432';
const NEW_CUSTOMER = '+60198765433';

/** One row of the demo's table. */
export interface WhatsappDemoRow {
  step: string;
  provider: string;
  mirror: string;
  status: string;
  segments: number | string;
  credits: number | string;
  attempts: string;
}

/** What {@link runWhatsappDemo} needs from the main demo. */
export interface WhatsappDemoOptions {
  /** The SMS provider the fallback goes through (the demo's iSMS). */
  sms: ProviderV1;
  /** How an SMS origin is named in the table, e.g. `isms mirror 2`. */
  smsOriginName?: (endpoint: string | undefined) => string;
  /** Where progress lines go. Default `console.log`. */
  log?: (line: string) => void;
}

/** Runs the WhatsApp steps and returns their rows for the demo's table. */
export async function runWhatsappDemo(options: WhatsappDemoOptions): Promise<WhatsappDemoRow[]> {
  const log = options.log ?? ((line: string) => console.log(line));
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

  const account = { ...WABA_SANDBOX_DEFAULT_ACCOUNT, numbers: [BUSINESS_NUMBER] };
  const sandbox = await startWabaSandbox({
    accounts: [account],
    webhookUrl: `${appOrigin}/webhooks/waba/${TOKEN}`,
  });
  messenger = createMessenger({
    providers: [
      waba({
        id: 'waba',
        appId: account.appId,
        appSecret: account.appSecret,
        username: account.username,
        password: account.password,
        from: BUSINESS_NUMBER,
        baseUrls: [...sandbox.urls],
        timeoutMs: 1_500,
      }),
      options.sms,
    ],
    route: whatsappFirst({ whatsapp: 'waba', sms: options.sms.id }),
    webhooks: { token: TOKEN },
    prices: { waba: { default: { utility: 0.12, service: 0.1 } }, [options.sms.id]: { MY: 0.08 } },
  });
  const inbound: InboundEvent[] = [];
  messenger.on('inbound', (event) => {
    inbound.push(event);
  });
  log(`  WhatsApp mirrors: ${sandbox.urls.join('  ')}`);
  log(`  webhook       : ${messenger.webhooks.callbackUrl('waba', appOrigin)}`);

  const sent: { step: string; result?: SendResult; error?: PesanError }[] = [];
  const originName = (attempt: Attempt | undefined) => {
    if (!attempt) return '-';
    if (attempt.provider !== 'waba') return options.smsOriginName?.(attempt.endpoint) ?? attempt.endpoint ?? '-';
    const index = sandbox.urls.indexOf(attempt.endpoint ?? '');
    return index >= 0 ? `waba mirror ${index + 1}` : (attempt.endpoint ?? '-');
  };
  const send = async (step: string, message: OutboundMessage) => {
    const estimate = await messenger!.estimate(message);
    const costs = estimate.providers
      .map(
        (entry) =>
          `${entry.provider} (${entry.channel}) ${entry.cost?.toFixed(2) ?? '?'} per ${entry.price?.per ?? '?'}`,
      )
      .join(', ');
    log(`  ${step}: estimated ${costs}`);
    try {
      sent.push({ step, result: await messenger!.send(message) });
    } catch (error) {
      if (!PesanError.isInstance(error)) throw error;
      sent.push({ step, error });
    }
  };
  const row = async ({ step, result, error }: (typeof sent)[number]): Promise<WhatsappDemoRow> => {
    const attempts = (result?.attempts ?? error?.attempts ?? [])
      .map((attempt) => `${originName(attempt)}:${attempt.outcome}${attempt.errorCode ? ` ${attempt.errorCode}` : ''}`)
      .join(', ');
    if (!result) {
      return {
        step,
        provider: '-',
        mirror: '-',
        status: `${error?.code} (${error?.outcome})`,
        segments: '-',
        credits: '-',
        attempts,
      };
    }
    const status = result.messageId ? await messenger!.getStatus(result.messageId, result.provider) : undefined;
    return {
      step,
      provider: result.provider,
      mirror: originName(result.attempts.filter((attempt) => attempt.provider === result.provider).at(-1)),
      status: status ? `${status.status} [${status.scope}: ${status.vendorStatus}]` : result.status,
      segments: result.segments,
      credits: result.credits ?? '-',
      attempts,
    };
  };

  try {
    await send('WhatsApp template', {
      to: CUSTOMER,
      channel: 'whatsapp',
      template: { name: 'order_update', language: 'en', params: { '1': 'A-17' } },
      fallbackText: 'Your order A-17 has shipped.',
    });

    await sandbox.simulateInbound({ from: CUSTOMER, text: 'Is it arriving today?' });
    // The webhook answered 200; the `inbound` event fires right after the answer.
    for (let round = 0; round < 20 && inbound.length === 0; round++) {
      await new Promise((resolve) => setImmediate(resolve));
    }
    log(
      `  inbound from ${inbound[0]?.from ?? '?'}: "${inbound[0]?.text ?? ''}" (window open: ${await messenger.whatsapp.isWindowOpen(CUSTOMER)})`,
    );
    await send('WhatsApp reply in the 24 h window', {
      to: CUSTOMER,
      channel: 'whatsapp',
      text: 'Yes: it is out for delivery and arrives before 6 pm.',
    });

    await send('no window: SMS fallback (45010)', {
      to: NEW_CUSTOMER,
      channel: 'whatsapp',
      text: 'Your parcel is at the door.',
    });
    // WhatsApp statuses (sent -> delivered -> read) arrive through the webhook; wait for them, bounded.
    await sandbox.callbacksIdle();
    for (let round = 0; round < 20; round++) await new Promise((resolve) => setImmediate(resolve));
    return await Promise.all(sent.map(row));
  } finally {
    await messenger.close();
    await sandbox.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
