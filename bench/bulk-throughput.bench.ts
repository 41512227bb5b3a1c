/**
 * Bulk throughput with vendor batching vs one request per recipient: each
 * call is one `messenger.sendCampaign` of PESAN_BENCH_BULK recipients
 * (default 5 000 for `pnpm bench`; the figure is 100 000:
 * `PESAN_BENCH_BULK=100000 pnpm bench bench/bulk-throughput`), against the
 * sandboxes on loopback (one mirror each). Every variant has the same number
 * of requests in flight: `limits: { [id]: { concurrency: 4 } }`, so a
 * provider's batches go out 4 at a time, and so do its single sends.
 *
 * - iSMS JSON API: personalised texts, 50 messages per request;
 * - iSMS classic API, personalised texts: the classic form carries one text,
 *   so every recipient is a request of its own;
 * - iSMS classic API, one text: 30 `;`-joined numbers per request;
 * - ezsms `bulkMode: 'grouped'`: `ISendSMSNoDR.aspx`, 100 recipients per
 *   request (one text; no message ids, no delivery reports);
 * - ezsms `bulkMode: 'per-recipient'` (its default): one `ISendSMS.aspx`
 *   request per recipient.
 */
import { createMessenger, type Messenger, type OutboundMessage, sharedDispatcher } from '@pesan/core';
import { ezsms } from '@pesan/provider-ezsms';
import { type EzsmsSandbox, startEzsmsSandbox } from '@pesan/provider-ezsms/sandbox';
import { isms } from '@pesan/provider-isms';
import { type IsmsSandbox, startIsmsSandbox } from '@pesan/provider-isms/sandbox';
import { afterAll, beforeAll, bench, describe } from 'vitest';
import { BENCH_ACCOUNT } from './bench-settings.js';
import { comparisonTable } from './comparison-table.js';
import { DurationSamples } from './duration-samples.js';

const RECIPIENTS = Number(process.env.PESAN_BENCH_BULK || 5_000);
/** Requests in flight at once, the same for every variant. */
const IN_FLIGHT = 4;
const { username: USERNAME, password: PASSWORD } = BENCH_ACCOUNT;
// Fewer rounds for large campaigns: a round of 100 000 one by one takes tens of seconds.
const MEASURED_ROUNDS = RECIPIENTS >= 50_000 ? 2 : 4;
const BENCH_OPTIONS = { time: 0, iterations: 1, warmupTime: 0, warmupIterations: 0 };

const ISMS_JSON = 'isms json, personalised (50 per request)';
const ISMS_CLASSIC_PERSONALISED = 'isms classic, personalised (1 per request)';
const ISMS_CLASSIC_SAME_TEXT = 'isms classic, one text (30 per request)';
const EZSMS_GROUPED = 'ezsms grouped NoDR, one text (100 per request)';
const EZSMS_PER_RECIPIENT = 'ezsms per-recipient, one text (1 per request)';

const numbers = Array.from({ length: RECIPIENTS }, (_, index) => `+6011${10_000_000 + index}`);
const personalised: OutboundMessage[] = numbers.map((to, index) => ({
  to,
  text: `Hi customer ${index}, your order has shipped`,
}));
const sameText: OutboundMessage[] = numbers.map((to) => ({ to, text: 'Our sale starts now' }));

const samples = new DurationSamples();
const requestsPerCall = new Map<string, number>();
let requestsMade = 0;
let ismsSandbox: IsmsSandbox;
let ezsmsSandbox: EzsmsSandbox;
const messengers = new Map<string, Messenger>();
const variants: { name: string; messages: OutboundMessage[] }[] = [];

function messengerOf(name: string): Messenger {
  const messenger = messengers.get(name);
  if (messenger === undefined) throw new Error(`No messenger for "${name}"`);
  return messenger;
}

async function sendAll(name: string, messages: OutboundMessage[]): Promise<void> {
  const summary = await messengerOf(name).sendCampaign(messages);
  if (summary.sent !== messages.length) {
    throw new Error(`${name}: ${summary.failed} of ${messages.length} messages failed`);
  }
}

beforeAll(async () => {
  ismsSandbox = await startIsmsSandbox({
    accounts: [{ username: USERNAME, password: PASSWORD, credits: Number.MAX_SAFE_INTEGER }],
    mirrors: 1,
    autoDeliver: false,
    maxRecords: 2_000,
  });
  ezsmsSandbox = await startEzsmsSandbox({
    accounts: [{ username: USERNAME, password: PASSWORD, credits: Number.MAX_SAFE_INTEGER }],
    mirrors: 1,
    maxMessages: 2_000,
  });
  // The shared keep-alive agent the providers use by default, counting the requests it dispatches.
  const dispatcher = sharedDispatcher().compose((dispatch) => (options, handler) => {
    requestsMade += 1;
    return dispatch(options, handler);
  });
  const credentials = { username: USERNAME, password: PASSWORD, dispatcher };
  const ismsBase = { id: 'isms', ...credentials, baseUrls: [...ismsSandbox.urls] };
  const ezsmsBase = { id: 'ezsms', ...credentials, baseUrls: [...ezsmsSandbox.urls] };
  // The same requests in flight for every variant, batched or not.
  const limits = (id: string) => ({ [id]: { concurrency: IN_FLIGHT } });
  messengers.set(
    ISMS_JSON,
    createMessenger({ providers: [isms({ ...ismsBase, api: 'json' })], limits: limits('isms') }),
  );
  messengers.set(
    ISMS_CLASSIC_PERSONALISED,
    createMessenger({ providers: [isms({ ...ismsBase, api: 'classic' })], limits: limits('isms') }),
  );
  messengers.set(
    ISMS_CLASSIC_SAME_TEXT,
    createMessenger({ providers: [isms({ ...ismsBase, api: 'classic' })], limits: limits('isms') }),
  );
  messengers.set(
    EZSMS_GROUPED,
    createMessenger({
      providers: [ezsms({ ...ezsmsBase, bulkMode: 'grouped', bulkChunkSize: 100 })],
      limits: limits('ezsms'),
    }),
  );
  messengers.set(
    EZSMS_PER_RECIPIENT,
    createMessenger({ providers: [ezsms({ ...ezsmsBase, bulkMode: 'per-recipient' })], limits: limits('ezsms') }),
  );
  variants.push(
    { name: ISMS_JSON, messages: personalised },
    { name: ISMS_CLASSIC_PERSONALISED, messages: personalised },
    { name: ISMS_CLASSIC_SAME_TEXT, messages: sameText },
    { name: EZSMS_GROUPED, messages: sameText },
    { name: EZSMS_PER_RECIPIENT, messages: sameText },
  );
  // Warm up every path (on a slice), and count the requests one whole call makes.
  for (const variant of variants) {
    await sendAll(variant.name, variant.messages.slice(0, 500));
    const before = requestsMade;
    await sendAll(variant.name, variant.messages);
    requestsPerCall.set(variant.name, requestsMade - before);
  }
  await samples.interleave(
    variants.map((variant) => [variant.name, () => sendAll(variant.name, variant.messages)] as const),
    MEASURED_ROUNDS,
  );
}, 1_800_000);

afterAll(async () => {
  if (variants.length > 0) {
    console.log(
      comparisonTable(samples, {
        title: `Bulk throughput: ${RECIPIENTS} recipients per messenger.sendCampaign, ${IN_FLIGHT} requests in flight for every variant, sandboxes on loopback (1 mirror), ${MEASURED_ROUNDS} interleaved rounds`,
        unit: { kind: 'throughput', itemsPerCall: RECIPIENTS, itemName: 'messages' },
        tasks: variants.map((variant) => variant.name),
        ratios: [
          { numerator: ISMS_JSON, denominator: ISMS_CLASSIC_PERSONALISED },
          { numerator: ISMS_CLASSIC_SAME_TEXT, denominator: ISMS_CLASSIC_PERSONALISED },
          { numerator: EZSMS_GROUPED, denominator: EZSMS_PER_RECIPIENT },
        ],
        notes: variants.map(
          (variant) => `${variant.name}: ${requestsPerCall.get(variant.name)} HTTP requests per ${RECIPIENTS}`,
        ),
      }),
    );
  }
  await Promise.all([...messengers.values()].map((messenger) => messenger.close()));
  await ismsSandbox?.stop();
  await ezsmsSandbox?.stop();
});

describe(`bulk throughput (${RECIPIENTS} recipients per sendCampaign)`, () => {
  for (const [name, messages] of [
    [ISMS_JSON, personalised],
    [ISMS_CLASSIC_PERSONALISED, personalised],
    [ISMS_CLASSIC_SAME_TEXT, sameText],
    [EZSMS_GROUPED, sameText],
    [EZSMS_PER_RECIPIENT, sameText],
  ] as const) {
    bench(name, () => sendAll(name, messages), BENCH_OPTIONS);
  }
});
