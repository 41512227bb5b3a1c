// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the inputs are ${ENV} references on purpose.
/**
 * Every parser of vendor answers, webhooks and config, with inputs built to
 * make a backtracking pattern slow: long runs of whitespace, digits or
 * separators that a regex could split many ways, ending in a character that
 * makes the whole match fail. `parser-guard.ts` times each at two sizes.
 *
 * Parsers are imported from their source files: several are not part of a
 * package's public exports, and the guard runs without a build.
 */

import { interpolateEnv } from '../packages/core/src/config/env-interpolation.js';
import { CONFIG_MAX_LENGTH, parseConfigText } from '../packages/core/src/config/load-config.js';
import { fromUcs2Hex } from '../packages/core/src/encoding/ucs2-hex.js';
import { isHtmlErrorPage } from '../packages/core/src/http/html-error-page.js';
import { toE164 } from '../packages/core/src/phone/to-e164.js';
import type { WebhookRequest } from '../packages/core/src/provider/v1/webhook-request.js';
import { unrecognisedAnswer } from '../packages/core/src/provider-kit/unrecognised-answer.js';
import {
  DEVICE_GATEWAY_ANSWER_MAX_LENGTH,
  readDeviceGatewayAnswer,
} from '../packages/provider-device/src/device-envelope.js';
import { readDeviceHistory } from '../packages/provider-device/src/device-history.js';
import { readDeviceMessageStatus } from '../packages/provider-device/src/device-message-status.js';
import { parseVendorTime } from '../packages/provider-device/src/vendor-time.js';
import {
  CREDITS_LEFT_MAX_LENGTH,
  parseCreditsLeft,
  readCreditsLeftAnswer,
} from '../packages/provider-ezsms/src/credits-left-answer.js';
import { ezsmsDeliveryStatus } from '../packages/provider-ezsms/src/delivery-status.js';
import { EZSMS_ANSWER_MAX_LENGTH, parseEzsmsAnswer } from '../packages/provider-ezsms/src/ezsms-answer.js';
import { EZSMS_WEBHOOK_MAX_LENGTH, parseEzsmsWebhook } from '../packages/provider-ezsms/src/ezsms-webhook.js';
import {
  ISMS_ANSWER_LINE_MAX_LENGTH,
  parseIsmsAnswer,
  parseIsmsClassicAnswer,
} from '../packages/provider-isms/src/isms-answer-parser.js';
import { ISMS_BALANCE_MAX_LENGTH, parseIsmsBalanceAnswer } from '../packages/provider-isms/src/isms-balance-parser.js';
import {
  ISMS_JSON_ANSWER_MAX_LENGTH,
  parseIsmsJsonAnswer,
} from '../packages/provider-isms/src/isms-json-answer-parser.js';
import { ISMS_WEBHOOK_MAX_LENGTH, parseIsmsWebhook } from '../packages/provider-isms/src/isms-webhook.js';
import { readWabaAnswer, WABA_ANSWER_MAX_LENGTH } from '../packages/provider-waba/src/waba-answer.js';
import { parseWabaWebhook } from '../packages/provider-waba/src/waba-webhook.js';
import { encodeWabaWebhook, WABA_WEBHOOK_MAX_LENGTH } from '../packages/provider-waba/src/waba-webhook-payload.js';

/** One parser and its hostile inputs. */
export interface GuardedParser {
  /** Shown in the table. */
  name: string;
  /**
   * The parser's own length limit, when it has one below the guard's large
   * size: the inputs are then also timed at `limit / 16` and `limit`, where
   * the patterns still run.
   */
  limit?: number;
  /** Calls the parser; may return anything or throw `PesanError`. */
  read: (input: never) => unknown;
  /** Input builders by name: `make(n)` is an input of about `n` characters. */
  inputs: Record<string, (n: number) => unknown>;
}

/**
 * `unit` repeated to `n` characters in all, `prefix` and `suffix` included,
 * as one flat string like a decoded HTTP body (`repeat` and `+` build a tree
 * of pieces that V8 reads more slowly, and differently at each size).
 */
export function fill(prefix: string, unit: string, n: number, suffix = ''): string {
  const room = Math.max(0, n - prefix.length - suffix.length);
  const text = prefix + unit.repeat(Math.ceil(room / unit.length)).slice(0, room) + suffix;
  return Buffer.from(text, 'utf8').toString('utf8');
}

const origin = { vendor: 'guard', provider: 'guard', endpoint: 'https://vendor.invalid', status: 200 };
const vendorAnswer = (body: string) => ({
  body,
  status: 200,
  headers: {},
  endpoint: 'https://vendor.invalid',
  attempts: [],
});
const get = (url: string): WebhookRequest => ({ method: 'GET', url, headers: {}, body: '' });
const form = (body: string): WebhookRequest => ({
  method: 'POST',
  url: 'https://app.invalid/webhooks/guard/token',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body,
});
const now = () => new Date(0);

/** Whitespace of many kinds, digits and separators: what the vendors' grammars split on. */
const WHITESPACE = ' \t';

export const GUARDED_PARSERS: readonly GuardedParser[] = [
  {
    name: 'isms parseIsmsAnswer',
    limit: ISMS_ANSWER_LINE_MAX_LENGTH,
    read: (body: string) => parseIsmsAnswer(body),
    inputs: {
      '2000 + spaces + x': (n) => fill('2000', WHITESPACE, n, 'x'),
      '2000 SUCCESS + spaces + x': (n) => fill('2000 SUCCESS', WHITESPACE, n, 'x'),
      '-1001 = + spaces + <': (n) => fill('-1001 =', WHITESPACE, n, '<'),
      '-1001 = a + " a" + <': (n) => fill('-1001 = a', ' a', n, '<'),
    },
  },
  {
    name: 'isms parseIsmsClassicAnswer (30)',
    read: (body: string) => parseIsmsClassicAnswer(body, 30),
    inputs: {
      '"2000\\r\\n" lines + x': (n) => fill('', '2000\r\n', n, 'x'),
      '-1001 = + spaces + <': (n) => fill('-1001 =', WHITESPACE, n, '<'),
    },
  },
  {
    name: 'isms parseIsmsBalanceAnswer',
    limit: ISMS_BALANCE_MAX_LENGTH,
    read: (body: string) => parseIsmsBalanceAnswer(body),
    inputs: {
      'digits + x': (n) => fill('', '1', n, 'x'),
      '{"balance":" digits x"}': (n) => fill('{"balance":"', '1', n, 'x"}'),
      '"1.1.1..."': (n) => fill('"', '1.', n, '"'),
    },
  },
  {
    name: 'isms parseIsmsJsonAnswer',
    limit: ISMS_JSON_ANSWER_MAX_LENGTH,
    read: (body: string) => parseIsmsJsonAnswer(body),
    inputs: {
      '{"code":" spaces 1 spaces x"}': (n) => `{"code":"${fill(' 1', ' ', n - 14, 'x')}"}`,
      '{"results":[],"total_failed":"digits x"}': (n) => fill('{"results":[],"total_failed":"', '1', n, 'x"}'),
      '["2000 = spaces x", ...]': (n) => `[${fill('"2000 =', ' ', n - 4, 'x"')}]`,
      '{"results":[{"code":"2000"}, ...]}': (n) => `{"results":[${fill('', '{"code":"2000"},', n - 16, '1')}]}`,
    },
  },
  {
    name: 'isms parseIsmsWebhook',
    limit: ISMS_WEBHOOK_MAX_LENGTH,
    read: (request: WebhookRequest) => parseIsmsWebhook(request, { now }),
    inputs: {
      'dn_status= spaces x': (n) => get(fill('/cb?trx_id=1&dn_status=', '%20', n, 'x')),
      'msisdn= digits': (n) => get(fill('/cb?trx_id=1&dn_status=SENT&msisdn=', '1', n)),
      'form body &&&': (n) => form(fill('trx_id=1&dn_status=SENT', '&', n)),
    },
  },
  {
    name: 'ezsms parseEzsmsAnswer',
    limit: EZSMS_ANSWER_MAX_LENGTH,
    read: (body: string) => parseEzsmsAnswer(body),
    inputs: {
      '1701: printable + space x': (n) => fill('1701:', '!', n, ' x'),
      '1701 + spaces + x': (n) => fill('1701', WHITESPACE, n, 'x'),
    },
  },
  {
    name: 'ezsms parseCreditsLeft',
    limit: CREDITS_LEFT_MAX_LENGTH,
    read: (body: string) => parseCreditsLeft(body),
    inputs: {
      '1 + " \\t" + x (issue 12)': (n) => fill('1', WHITESPACE, n, 'x'),
      'digits + x': (n) => fill('', '1', n, 'x'),
      'a + spaces + x': (n) => fill('a', ' ', n, 'x'),
      '"Used: 1, " pairs + x': (n) => fill('', 'Used: 1, ', n, 'x'),
      '1,000,000... + x': (n) => fill('Left: 1', ',000', n, 'x'),
    },
  },
  {
    name: 'ezsms readCreditsLeftAnswer',
    limit: CREDITS_LEFT_MAX_LENGTH,
    read: (body: string) => readCreditsLeftAnswer(vendorAnswer(body), 'guard'),
    inputs: {
      '1 + " \\t" + x (issue 12)': (n) => fill('1', WHITESPACE, n, 'x'),
    },
  },
  {
    name: 'ezsms ezsmsDeliveryStatus',
    read: (value: string) => ezsmsDeliveryStatus(value),
    inputs: {
      'spaces + 1x': (n) => fill('', ' ', n, '1x'),
      'digits + x': (n) => fill('', '1', n, 'x'),
    },
  },
  {
    name: 'ezsms parseEzsmsWebhook',
    limit: EZSMS_WEBHOOK_MAX_LENGTH / 2,
    read: (request: WebhookRequest) =>
      parseEzsmsWebhook(request, { provider: 'guard', receivedAt: new Date(0), defaultRegion: 'MY' }),
    inputs: {
      'Status= spaces x': (n) => get(fill('/cb?MsgId=1&Status=', '%20', n, 'x')),
      'Msg= hex x (ContentType 2)': (n) => get(fill('/cb?Sender=60123456789&ContentType=2&Msg=', '0', n, 'x')),
      'names of "-_ "': (n) => get(fill('/cb?', '-_+', n, '=1')),
    },
  },
  {
    name: 'waba readWabaAnswer',
    limit: WABA_ANSWER_MAX_LENGTH,
    read: (body: string) => readWabaAnswer(body, origin),
    inputs: {
      '{"statusCode":" spaces x"}': (n) => fill('{"statusCode":"', ' ', n, 'x"}'),
      '[1,1,1,...': (n) => fill('[', '1,', n),
    },
  },
  {
    name: 'waba parseWabaWebhook',
    limit: WABA_WEBHOOK_MAX_LENGTH,
    read: (request: WebhookRequest) => parseWabaWebhook(request, { provider: 'guard', defaultRegion: 'MY', now }),
    inputs: {
      'response= base64 + !': (n) => form(fill('response=', 'A', n, '!')),
      'response= spaces': (n) => form(fill('response=A', ' ', n, 'A')),
      'base64 JSON, timestamp digits x': (n) =>
        form(
          `response=${encodeWabaWebhook({ from: '60123456789', text: 'hi', timestamp: fill('', '1', (n * 3) / 4, 'x') })}`,
        ),
      'base64 JSON, from spaces': (n) =>
        form(`response=${encodeWabaWebhook({ from: fill('6', ' ', (n * 3) / 4, 'x'), text: 'hi' })}`),
    },
  },
  {
    name: 'device readDeviceGatewayAnswer',
    limit: DEVICE_GATEWAY_ANSWER_MAX_LENGTH,
    read: (body: string) => readDeviceGatewayAnswer(body, origin),
    inputs: {
      '{"status":" spaces x"}': (n) => fill('{"status":"', ' ', n, 'x"}'),
    },
  },
  {
    name: 'device readDeviceHistory',
    read: (data: unknown) => readDeviceHistory(data, new Date(0), { defaultRegion: 'MY', utcOffsetMinutes: 420 }),
    inputs: {
      'type, time and sender of spaces/digits': (n) => [
        {
          type: fill('out', ' ', n / 4, 'x'),
          phone_number: fill('', '1', n / 4, 'x'),
          message: 'hi',
          created_at: fill('2025-11-25 10:00:00.', '1', n / 4, 'x'),
          id: fill('', '1', n / 4),
        },
      ],
    },
  },
  {
    name: 'device parseVendorTime',
    read: (value: string) => parseVendorTime(value, 420),
    inputs: {
      'time + fraction digits + x': (n) => fill('2025-11-25 10:00:00.', '1', n, 'x'),
      'digits + x': (n) => fill('', '1', n, 'x'),
    },
  },
  {
    name: 'device readDeviceMessageStatus',
    read: (value: string) => readDeviceMessageStatus(value),
    inputs: { 'spaces + x': (n) => fill('', ' ', n, 'x') },
  },
  {
    name: 'core isHtmlErrorPage',
    read: (body: string) => isHtmlErrorPage(body, 'text/plain', 'body-or-content-type'),
    inputs: {
      'spaces + x': (n) => fill('', WHITESPACE, n, 'x'),
      '<!doctype + spaces + x': (n) => fill('<!doctype', ' ', n, 'x'),
    },
  },
  {
    name: 'core unrecognisedAnswer',
    read: (body: string) => unrecognisedAnswer(body, origin),
    inputs: { 'spaces + x': (n) => fill('', WHITESPACE, n, 'x') },
  },
  {
    name: 'core interpolateEnv',
    read: (text: string) => interpolateEnv({ value: text }, { A: 'a' }),
    inputs: {
      '${${${...': (n) => fill('', '${', n),
      '$$$...': (n) => fill('', '$', n),
      '${A:- spaces': (n) => fill('${A:-', ' ', n),
      '${A}${A}...': (n) => fill('', '${A}', n),
    },
  },
  {
    name: 'core parseConfigText (yaml)',
    limit: CONFIG_MAX_LENGTH,
    read: (text: string) => parseConfigText(text, 'guard.yaml'),
    inputs: {
      'spaces + x': (n) => fill('', WHITESPACE, n, 'x'),
      'a: + spaces + x': (n) => fill('a:', ' ', n, 'x'),
      '- - - ...': (n) => fill('', '- ', n, 'x'),
    },
  },
  {
    name: 'core parseConfigText (json)',
    limit: CONFIG_MAX_LENGTH,
    read: (text: string) => parseConfigText(text, 'guard.json'),
    inputs: { '[1,1,1,...': (n) => fill('[', '1,', n), '{"a": spaces x': (n) => fill('{"a":', ' ', n, 'x') },
  },
  {
    name: 'core fromUcs2Hex',
    read: (hex: string) => fromUcs2Hex(hex),
    inputs: { 'hex digits + x': (n) => fill('', '0', n, 'x') },
  },
  {
    name: 'core toE164',
    read: (input: string) => toE164(input),
    inputs: { 'digits and spaces': (n) => fill('+', '1 ', n, 'x') },
  },
];
