import { type CountryCode, toE164 } from '../phone/to-e164.js';
import type { Clock } from '../runtime/clock.js';
import type { SuppressionEntry, SuppressionStore } from './suppression-store.js';

/**
 * `messenger.suppression`: the numbers that opted out. Numbers may be
 * written as people write them (`012-345 6789`); they are stored in E.164.
 * The `optOuts()` policy adds and removes numbers from inbound keywords and
 * refuses sends to them; without it the list is kept but not enforced.
 */
export interface MessengerSuppression {
  /** Adds a number (`reason: 'manual'` unless given). An invalid number is `INVALID_RECIPIENT`. */
  add(number: string, options?: { reason?: SuppressionEntry['reason']; keyword?: string }): Promise<void>;
  /** Removes a number; `true` when it was on the list. */
  remove(number: string): Promise<boolean>;
  /** Whether a number is on the list. */
  has(number: string): Promise<boolean>;
  /** The entry of a number, when it is on the list. */
  get(number: string): Promise<SuppressionEntry | undefined>;
  /** Entries, most recently added first. */
  list(options?: { limit?: number }): Promise<SuppressionEntry[]>;
  /** The store underneath (`stores.suppression`, or the in-memory default). */
  readonly store: SuppressionStore;
}

/** The {@link MessengerSuppression} over `store`. */
export function messengerSuppression(store: SuppressionStore, clock: Clock, region: CountryCode): MessengerSuppression {
  return {
    store,
    add: async (number, options = {}) =>
      store.add({
        number: toE164(number, region),
        reason: options.reason ?? 'manual',
        ...(options.keyword === undefined ? {} : { keyword: options.keyword }),
        at: clock.now(),
      }),
    remove: async (number) => store.remove(toE164(number, region)),
    has: async (number) => store.has(toE164(number, region)),
    get: async (number) => store.get(toE164(number, region)),
    list: (options) => store.list(options),
  };
}
