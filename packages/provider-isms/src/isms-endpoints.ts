import { ISMS_DEFAULT_BASE_URLS } from './isms-options.js';

/** Every iSMS path pesan calls. */
export type IsmsPath =
  | 'isms_send_all_id.php'
  | 'isms_send.php'
  | 'isms_send_json.php'
  | 'isms_send_bulk_json.php'
  | 'isms_balance_json.php'
  | 'isms_balance.php';

const [SMTPAPI, SMTPAPI2, WWW, WW3] = ISMS_DEFAULT_BASE_URLS;

/**
 * The default origin order per path, recommended first, as the pages give it:
 *
 * - classic sends: the gateway page recommends smtpapi and smtpapi2 (the
 *   JSON API page prefers www and smtpapi2; the gateway page is the SMS
 *   reference, so it wins);
 * - `isms_send_json.php`: the JSON API page recommends www and ww3;
 * - `isms_send_bulk_json.php`: the gateway page shows only ww3;
 * - balance: the JSON API page shows only www.
 *
 * The origins not named for a path follow in the gateway page's order, so
 * every default list holds all four mirrors.
 */
export const ISMS_DEFAULT_ORIGINS_BY_PATH: Readonly<Record<IsmsPath, readonly string[]>> = {
  'isms_send_all_id.php': [SMTPAPI, SMTPAPI2, WWW, WW3],
  'isms_send.php': [SMTPAPI, SMTPAPI2, WWW, WW3],
  'isms_send_json.php': [WWW, WW3, SMTPAPI, SMTPAPI2],
  'isms_send_bulk_json.php': [WW3, WWW, SMTPAPI, SMTPAPI2],
  'isms_balance_json.php': [WWW, SMTPAPI, SMTPAPI2, WW3],
  'isms_balance.php': [WWW, SMTPAPI, SMTPAPI2, WW3],
};

/** The origins to try for `path`: the user's `baseUrls` as given, else the per-path default order. */
export function originsFor(path: IsmsPath, baseUrls: readonly string[] | undefined): readonly string[] {
  return baseUrls ?? ISMS_DEFAULT_ORIGINS_BY_PATH[path];
}
