import { PesanError } from '../errors/pesan-error.js';
import type { Middleware } from './middleware.js';
import { DEFAULT_OPT_IN_KEYWORDS, DEFAULT_OPT_OUT_KEYWORDS, keywordSet, normaliseKeyword } from './opt-out-keywords.js';

/** Options of {@link optOuts}. */
export interface OptOutOptions {
  /**
   * Texts that opt the sender out, compared case- and whitespace-insensitively
   * with the whole inbound text. Default `STOP`, `STOP ALL`, `UNSUBSCRIBE`,
   * `BATAL`, `BATAL SEMUA`, `HENTI`.
   */
  keywords?: readonly string[];
  /** Texts that opt the sender back in. Default `START`, `MULA`. */
  optInKeywords?: readonly string[];
  /**
   * Lets messages explicitly marked `category: 'transactional'` (or `'otp'`,
   * which `messenger.otp` sets) reach a number that opted out: a bank alert,
   * a code the person asked for. A message without `category` is not
   * exempt. Default `false`: nothing reaches an opted-out number.
   */
  allowTransactional?: boolean;
}

/**
 * Opt-outs: an inbound message (any provider, SMS or WhatsApp) whose whole
 * text is an opt-out keyword puts its sender on the suppression list
 * (`messenger.suppression`); an opt-in keyword takes it off. A send to a
 * number on the list fails `OPTED_OUT` (outcome `rejected`) before any
 * provider is called, on every channel.
 *
 * @example
 * ```ts
 * createMessenger({ providers, middleware: [optOuts({ keywords: ['STOP', 'BERHENTI'] })] });
 * ```
 */
export function optOuts(options: OptOutOptions = {}): Middleware {
  const outs = keywordSet(options.keywords ?? DEFAULT_OPT_OUT_KEYWORDS);
  const ins = keywordSet(options.optInKeywords ?? DEFAULT_OPT_IN_KEYWORDS);
  const allowTransactional = options.allowTransactional ?? false;
  return {
    name: 'optOuts',
    async beforeSend({ message, suppression, dryRun }) {
      if (dryRun) return;
      if (allowTransactional && (message.category === 'transactional' || message.category === 'otp')) return;
      const entry = await suppression.get(message.to);
      if (!entry) return;
      throw new PesanError('OPTED_OUT', {
        message: `${message.to} opted out${entry.keyword ? ` ("${entry.keyword}")` : ''}; nothing was sent`,
        details: {
          to: message.to,
          reason: entry.reason,
          ...(entry.keyword === undefined ? {} : { keyword: entry.keyword }),
          since: new Date(entry.at).toISOString(),
        },
      });
    },
    async onInbound(event, { suppression, clock }) {
      const keyword = normaliseKeyword(event.text ?? '');
      if (outs.has(keyword)) {
        await suppression.add({
          number: event.from,
          reason: 'keyword',
          keyword,
          providerId: event.provider,
          at: event.at instanceof Date && !Number.isNaN(event.at.getTime()) ? event.at.getTime() : clock.now(),
        });
      } else if (ins.has(keyword)) {
        await suppression.remove(event.from);
      }
    },
  };
}
