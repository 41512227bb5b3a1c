/**
 * Answers of `isms_send_waba.php` as the vendor's WhatsApp API page prints
 * them (https://www.isms.com.my/, WhatsApp API section), and the shapes an
 * answer outside that grammar may take.
 */

/** The page's success example. */
export const SUCCESS =
  '{\n"requestId": "C9122953-5AB1-4F4B-9D3D-0C2B3E4F5A6B",\n"statusCode": "OK",\n"messageId": "20231188285"\n}';

/** Success with a numeric `0`, as "statusCode of OK or 0 = success" allows. */
export const SUCCESS_ZERO = '{"requestId":"R-2","statusCode":0,"messageId":"20231188286"}';

/** The page's error example (its line break inside the string is the page's layout, not JSON). */
export const INSUFFICIENT_CREDITS = '{\n"statusCode": "1004",\n"message": "Insufficient credits"\n}';

/** Every code in the page's error table, with the text the table gives it. */
export const ERROR_CODES: Readonly<Record<string, string>> = {
  '1001': 'Authentication failed — check username and password',
  '1004': 'Insufficient credits',
  '1008': 'Missing required parameter',
  '50500': 'Invalid destination phone number',
  '70502': 'Insufficient WABA credits',
  '45010': 'Reply time limit exceeded (outside 24h window)',
  '60006': 'Template code does not exist',
};

/** What each documented code becomes. */
export const EXPECTED_MAPPING: Readonly<Record<string, { code: string; outcome: string }>> = {
  '1001': { code: 'AUTH_FAILED', outcome: 'not_sent' },
  '1004': { code: 'INSUFFICIENT_CREDIT', outcome: 'not_sent' },
  '1008': { code: 'MISSING_PARAMETER', outcome: 'rejected' },
  '50500': { code: 'INVALID_RECIPIENT', outcome: 'rejected' },
  '70502': { code: 'INSUFFICIENT_CREDIT', outcome: 'not_sent' },
  '45010': { code: 'OUTSIDE_SESSION_WINDOW', outcome: 'rejected' },
  '60006': { code: 'TEMPLATE_NOT_FOUND', outcome: 'rejected' },
};

/** Answers that are never a success. */
export const NOT_AN_ANSWER = {
  html: '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>',
  text: 'OK',
  noStatusCode: '{"requestId":"R-3","messageId":"20231188287"}',
  array: '[{"statusCode":"OK"}]',
  empty: '',
} as const;
