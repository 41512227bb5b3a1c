/**
 * The vendor's answer texts, as the classic page prints them
 * (`-1004 = INSUFFICIENT CREDITS`). The sandbox answers with these exactly.
 */
export const SANDBOX_VENDOR_TEXTS: Readonly<Record<string, string>> = {
  '-1000': 'UNKNOWN ERROR',
  '-1001': 'AUTHENTICATION FAILED',
  '-1002': 'ACCOUNT SUSPENDED / EXPIRED',
  '-1003': 'IP NOT ALLOWED',
  '-1004': 'INSUFFICIENT CREDITS',
  '-1005': 'INVALID SMS TYPE',
  '-1006': 'INVALID BODY LENGTH',
  '-1007': 'INVALID HEX BODY',
  '-1008': 'MISSING PARAMETER',
  '-1009': 'INVALID DESTINATION NUMBER',
  '-1010': 'MORE THAN 50 DESTINATION NUMBERS',
  '-1012': 'INVALID MESSAGE TYPE',
  '-1013': 'INVALID TERM AND AGREEMENT',
  '-1014': 'INVALID JSON FORMAT',
};

/** `-1004 = INSUFFICIENT CREDITS`, or the bare code when the vendor has no text for it. */
export function vendorErrorLine(code: string): string {
  const text = SANDBOX_VENDOR_TEXTS[code];
  return text === undefined ? code : `${code} = ${text}`;
}

/** The JSON API's request-wide error: `{ status: 'error', code: -1004, message: '-1004 = INSUFFICIENT CREDITS' }`. */
export function vendorErrorObject(code: string): { status: 'error'; code: number | string; message: string } {
  const numeric = Number(code);
  return { status: 'error', code: Number.isInteger(numeric) ? numeric : code, message: vendorErrorLine(code) };
}

/** The success line of a classic send. */
export function vendorSuccessLine(trxId?: string): string {
  return trxId === undefined ? '2000 = SUCCESS' : `2000 = SUCCESS:${trxId}`;
}
