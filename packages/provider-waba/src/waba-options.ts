import {
  type BaseProviderOptions,
  baseProviderOptionsSchema,
  type CountryCode,
  formatPhoneNumber,
  PesanError,
  parseProviderOptions,
  providerServicesShape,
  toE164,
} from '@pesan/core';
import { z } from 'zod';

/**
 * The three documented origins of `isms_send_waba.php`, the two the vendor
 * recommends for production ("URL 2 or 3") first, then `www.isms.com.my`.
 */
export const WABA_DEFAULT_BASE_URLS = [
  'https://smtpapi.vocotext.com',
  'https://smtpapi2.vocotext.com',
  'https://www.isms.com.my',
] as const;

/** The send path, appended to every origin. */
export const WABA_SEND_PATH = '/isms_send_waba.php';

/**
 * The zod schema of the data options of {@link WabaOptions} (everything a
 * config file can hold): strict, so a misspelt option is an error. The
 * plugin's `optionsSchema`.
 */
export const wabaOptionsSchema = baseProviderOptionsSchema.extend({
  id: z.string().trim().min(1).default('waba'),
  appId: z.string().min(1, 'required'),
  appSecret: z.string().min(1, 'required'),
  username: z.string().min(1, 'required'),
  password: z.string().min(1, 'required'),
  from: z.string().trim().min(1, 'required'),
});

/** {@link wabaOptionsSchema} plus the objects only code can pass: dispatcher, transport, clock, logger. */
export const wabaFactoryOptionsSchema = wabaOptionsSchema.extend(providerServicesShape);

/** Options of {@link waba}, as written by a user. */
export interface WabaOptions extends BaseProviderOptions {
  /** Instance name; default `waba`. */
  id?: string;
  /** Application ID from the iwsapp.my console (`AppId`). */
  appId: string;
  /** Application secret from the iwsapp.my console (`AppSecret`). Never logged. */
  appSecret: string;
  /** iwsapp.my account username (`un`). */
  username: string;
  /** iwsapp.my account password (`pwd`). Never logged. */
  password: string;
  /**
   * The registered WABA number (`From`), in any form `toE164` reads
   * (`+60 12-345 6789`, `60123456789`); sent as international digits.
   * `message.from` overrides it per message.
   */
  from: string;
}

/** Options after validation and defaults; `from` is E.164. */
export interface ResolvedWabaOptions extends Omit<z.output<typeof wabaFactoryOptionsSchema>, 'defaultRegion'> {
  defaultRegion: CountryCode;
}

/**
 * Validates options; throws `PesanError` `INVALID_CONFIG` listing every
 * problem by path. Values are never echoed (the secrets stay out of errors).
 */
export function parseWabaOptions(input: unknown): ResolvedWabaOptions {
  const options = parseProviderOptions(
    wabaFactoryOptionsSchema,
    input,
    'WhatsApp (iSMS)',
    'waba',
  ) as ResolvedWabaOptions;
  let from: string;
  try {
    from = toE164(options.from, options.defaultRegion);
  } catch {
    throw new PesanError('INVALID_CONFIG', {
      message: 'Invalid WhatsApp (iSMS) options: from: must be the registered WABA phone number',
      provider: options.id,
      details: { problems: ['from: must be the registered WABA phone number'] },
    });
  }
  return { ...options, from };
}

/** A WABA number as the vendor wants it: international digits without `+`. */
export function wabaNumber(e164: string): string {
  return formatPhoneNumber(e164, 'digits');
}
