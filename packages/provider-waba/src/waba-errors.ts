import { defineVendorCodes } from '@pesan/core';

/**
 * Every code on the vendor's WhatsApp API page, with the answer to "could
 * the vendor have sent the message?". Success is `statusCode` `OK` or `0`
 * (see `readWabaAnswer`); a code missing here is `UNKNOWN`, outcome
 * `unknown`, keeping the vendor's code and message.
 *
 * `45010` is the reason `whatsappFirst` sends the text by SMS: WhatsApp
 * refuses free text outside the 24 h window, SMS does not.
 */
export const WABA_ERROR_CODES = defineVendorCodes({
  '1001': {
    code: 'AUTH_FAILED',
    outcome: 'not_sent',
    wholeRequest: true,
    description: 'Authentication failed: check username and password',
  },
  '1004': { code: 'INSUFFICIENT_CREDIT', outcome: 'not_sent', description: 'Insufficient credits' },
  '1008': { code: 'MISSING_PARAMETER', outcome: 'rejected', description: 'Missing required parameter' },
  '50500': { code: 'INVALID_RECIPIENT', outcome: 'rejected', description: 'Invalid destination phone number' },
  '70502': { code: 'INSUFFICIENT_CREDIT', outcome: 'not_sent', description: 'Insufficient WABA credits' },
  '45010': {
    code: 'OUTSIDE_SESSION_WINDOW',
    outcome: 'rejected',
    description: 'Reply time limit exceeded (outside the 24 h window)',
  },
  '60006': { code: 'TEMPLATE_NOT_FOUND', outcome: 'rejected', description: 'Template code does not exist' },
});

/** The vendor's name in messages. */
export const WABA_VENDOR = 'WhatsApp (iSMS)';
