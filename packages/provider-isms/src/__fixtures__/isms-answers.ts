/**
 * Vendor answers as the three iSMS pages print them (gateway API v2.0, classic
 * and REST, JSON API), plus the shapes the transport may hand over.
 */

/** Success answers of a classic send. */
export const CLASSIC_SUCCESS = {
  withTrxId: '2000 = SUCCESS:1143007207',
  withoutTrxId: '2000 = SUCCESS',
  empty: '',
  crlf: '2000 = SUCCESS:1143007207\r\n',
  blankLines: '\r\n  \r\n',
  trailingSpaces: '2000 = SUCCESS:1143007207   \n',
} as const;

/** Every documented error code, with the answer line as the classic page prints it. */
export const ERROR_LINES: Readonly<Record<string, string>> = {
  '-1000': '-1000 = UNKNOWN ERROR',
  '-1001': '-1001 = AUTHENTICATION FAILED',
  '-1002': '-1002 = ACCOUNT SUSPENDED / EXPIRED',
  '-1003': '-1003 = IP NOT ALLOWED',
  '-1004': '-1004 = INSUFFICIENT CREDITS',
  '-1005': '-1005 = INVALID SMS TYPE',
  '-1006': '-1006 = INVALID BODY LENGTH (1-900)',
  '-1007': '-1007 = INVALID HEX BODY',
  '-1008': '-1008 = MISSING PARAMETER',
  '-1009': '-1009 = INVALID DESTINATION NUMBER',
  '-1010': '-1010 = MORE THAN 50 DESTINATION NUMBERS',
  '-1012': '-1012 = INVALID MESSAGE TYPE',
  '-1013': '-1013 = INVALID TERM AND AGREEMENT',
  '-1014': '-1014 = INVALID JSON FORMAT',
};

/** Expected mapping of every documented code. */
export const EXPECTED_MAPPING: Readonly<Record<string, { code: string; outcome: string }>> = {
  '-1000': { code: 'UNKNOWN', outcome: 'unknown' },
  '-1001': { code: 'AUTH_FAILED', outcome: 'not_sent' },
  '-1002': { code: 'ACCOUNT_SUSPENDED', outcome: 'not_sent' },
  '-1003': { code: 'IP_NOT_ALLOWED', outcome: 'not_sent' },
  '-1004': { code: 'INSUFFICIENT_CREDIT', outcome: 'not_sent' },
  '-1005': { code: 'INVALID_MESSAGE', outcome: 'rejected' },
  '-1006': { code: 'INVALID_MESSAGE', outcome: 'rejected' },
  '-1007': { code: 'INVALID_MESSAGE', outcome: 'rejected' },
  '-1008': { code: 'MISSING_PARAMETER', outcome: 'rejected' },
  '-1009': { code: 'INVALID_RECIPIENT', outcome: 'rejected' },
  '-1010': { code: 'INVALID_MESSAGE', outcome: 'rejected' },
  '-1012': { code: 'INVALID_MESSAGE', outcome: 'rejected' },
  '-1013': { code: 'TERMS_NOT_AGREED', outcome: 'not_sent' },
  '-1014': { code: 'INVALID_MESSAGE', outcome: 'rejected' },
};

/** `isms_send_json.php` success (JSON API page). */
export const JSON_API_RESULTS = JSON.stringify({
  total_failed: 0,
  total_credits_used: 2,
  results: [
    { dstno: '60161234567', code: 2000, sms_id: '1143007207' },
    { dstno: '60121234567', code: 2000, sms_id: '1143007208' },
  ],
});

/** `isms_send_json.php` request-wide error (JSON API page). */
export const JSON_API_ERROR = JSON.stringify({ status: 'error', code: -1004, message: '-1004 = INSUFFICIENT CREDITS' });

/** `isms_send_bulk_json.php` answer (gateway page): one classic answer per recipient. */
export const BULK_JSON_LINES =
  '[ "2000 = SUCCESS:1143007207", "2000 = SUCCESS:1143007209", "2000 = SUCCESS:1143007205" ]';

/** What a proxy answers when PHP is down. */
export const HTML_PAGE =
  '<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>2000 = SUCCESS</body></html>';

/** Delivery callback query strings (gateway page). */
export const CALLBACK_URL =
  'https://myapp.example.com/sms/status?msisdn=60123456789&trx_id=1143007207&dn_status=DELIVERED';
