import { PesanError } from '../errors/pesan-error.js';
import { isTimeZone, localMinutes, nextLocalTime, parseClockTime } from './local-time.js';
import type { Middleware } from './middleware.js';
import { findLink, findPhoneNumber, hasRm0Prefix } from './promotional-content.js';

/** Local times when promotional messages are not sent. */
export interface QuietHours {
  /** When quiet begins, local `HH:MM` (24 h). Default `20:00`. */
  start: string;
  /** When sending may resume, local `HH:MM`. Default `08:00`. */
  end: string;
  /** IANA time zone. Default `Asia/Kuala_Lumpur`. */
  timeZone?: string;
}

/** Options of {@link malaysiaPromotional}. */
export interface MalaysiaPromotionalOptions {
  /** Put in front of the text unless an `RM0` marker is there already. Default `RM0 ` (e.g. `RM0.00 `). */
  prefix?: string;
  /**
   * The quiet period, when promotional sends are held (or refused): default
   * 20:00 to 08:00 Asia/Kuala_Lumpur, so they go out between 08:00 and
   * 20:00 local time. `false`: any time.
   */
  quietHours?: QuietHours | false;
  /**
   * What a promotional send in the quiet hours does: `hold` (default) waits
   * until they end (cancellable with `messenger.cancelScheduled`), `refuse`
   * fails it (`INVALID_MESSAGE`, `details.reason: 'quiet_hours'`).
   */
  outsideHours?: 'hold' | 'refuse';
  /** Refuse promotional texts carrying a web address (`INVALID_MESSAGE`). Default `false`. */
  refuseLinks?: boolean;
  /** Refuse promotional texts carrying a phone number (`INVALID_MESSAGE`). Default `false`. */
  refusePhoneNumbers?: boolean;
}

const DEFAULT_QUIET_HOURS = { start: '20:00', end: '08:00', timeZone: 'Asia/Kuala_Lumpur' } as const;

function refused(reason: string, message: string, details: Record<string, unknown> = {}): PesanError {
  return new PesanError('INVALID_MESSAGE', { message, details: { reason, ...details } });
}

/**
 * Malaysian rules for promotional SMS (MCMC guidelines): for messages marked
 * `category: 'promotional'` to Malaysian numbers (`+60`) over SMS, puts
 * `RM0 ` in front of the text unless an `RM0` marker is there (the prefix
 * counts in segments, credits and cost, since it is sent), refuses texts
 * with a link or a phone number when asked to, and holds sends during the
 * quiet hours (default 20:00-08:00 Asia/Kuala_Lumpur) until they end, or
 * refuses them. Other categories, other countries and WhatsApp pass untouched.
 *
 * @example
 * ```ts
 * createMessenger({ providers, middleware: [malaysiaPromotional({ prefix: 'RM0.00 ', refuseLinks: true })] });
 * ```
 */
export function malaysiaPromotional(options: MalaysiaPromotionalOptions = {}): Middleware {
  const prefix = options.prefix ?? 'RM0 ';
  const quiet = options.quietHours === false ? undefined : { ...DEFAULT_QUIET_HOURS, ...options.quietHours };
  const outsideHours = options.outsideHours ?? 'hold';
  let start = 0;
  let end = 0;
  if (quiet) {
    const parsedStart = parseClockTime(quiet.start);
    const parsedEnd = parseClockTime(quiet.end);
    const problems = [
      parsedStart === undefined ? `quietHours.start "${quiet.start}" is not HH:MM` : undefined,
      parsedEnd === undefined ? `quietHours.end "${quiet.end}" is not HH:MM` : undefined,
      isTimeZone(quiet.timeZone) ? undefined : `quietHours.timeZone "${quiet.timeZone}" is not a time zone`,
    ].filter((problem): problem is string => problem !== undefined);
    if (problems.length > 0) {
      throw new PesanError('INVALID_CONFIG', {
        message: `malaysiaPromotional: ${problems.join('; ')}`,
        details: { problems },
      });
    }
    start = parsedStart!;
    end = parsedEnd!;
  }
  const isQuiet = (minutes: number) =>
    start === end ? false : start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end;

  return {
    name: 'malaysiaPromotional',
    async beforeSend({ message, clock, dryRun, holdUntil, adjust }) {
      if (message.category !== 'promotional' || !message.to.startsWith('+60')) return;
      if ((message.channel ?? 'sms') !== 'sms' || message.binary || !message.text) return;
      const text = message.text;
      if (options.refuseLinks) {
        const link = findLink(text);
        if (link !== undefined) {
          throw refused('link', `A promotional SMS to Malaysia may not carry a link (found "${link}")`, {
            found: link,
          });
        }
      }
      if (options.refusePhoneNumbers) {
        const phone = findPhoneNumber(text);
        if (phone !== undefined) {
          throw refused(
            'phone_number',
            `A promotional SMS to Malaysia may not carry a phone number (found "${phone}")`,
            {
              found: phone,
            },
          );
        }
      }
      if (quiet && !dryRun) {
        const now = clock.now();
        if (isQuiet(localMinutes(now, quiet.timeZone))) {
          const opens = nextLocalTime(now, quiet.timeZone, end);
          const window = `${quiet.start}-${quiet.end} ${quiet.timeZone}`;
          if (outsideHours === 'refuse') {
            throw refused('quiet_hours', `Promotional SMS are not sent in the quiet hours (${window})`, {
              quietHours: window,
              opensAt: new Date(opens).toISOString(),
              retryAfterSeconds: Math.ceil((opens - now) / 1000),
            });
          }
          adjust({
            description: `Held in the quiet hours (${window}) until ${new Date(opens).toISOString()}`,
            details: { heldUntil: new Date(opens).toISOString(), heldMs: opens - now, quietHours: window },
          });
          await holdUntil(opens, 'quietHours');
        }
      }
      if (hasRm0Prefix(text)) return;
      adjust({ description: `Added "${prefix}" in front of the text`, details: { prefix } });
      return { ...message, text: `${prefix}${text}` };
    },
  };
}
