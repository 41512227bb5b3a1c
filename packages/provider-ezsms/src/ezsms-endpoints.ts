/** The vendor's documented origin, over HTTPS (the spec's examples use `http://`). */
export const EZSMS_DEFAULT_BASE_URLS: readonly string[] = ['https://www.sms.com.my'];

/** Paths of spec 1.84, appended to each origin in `baseUrls`. */
export const EZSMS_PATHS = {
  /** One recipient; answers `1701:<MsgId>`, so delivery reports can be matched. */
  send: '/websmsapi/ISendSMS.aspx',
  /** Many recipients, comma-separated; answers without a MsgId, so no delivery reports. */
  sendWithoutReports: '/websmsapi/ISendSMSNoDR.aspx',
  /** 2D barcode messages (`%barcode%`, `msgtype`). */
  sendBarcode: '/websmsapi/ISendSMS2D.aspx',
  /** Credits used and remaining. */
  creditsLeft: '/websmsapi/creditsLeft.aspx',
} as const;

/**
 * The spec documents credit transfer but names no page for it: this is a
 * guess in the style of `creditsLeft.aspx`. Override with the `transferPath`
 * option once the vendor confirms the real one.
 */
export const EZSMS_DEFAULT_TRANSFER_PATH = '/websmsapi/transferCredits.aspx';
