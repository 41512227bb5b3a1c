import { describe, expect, it } from 'vitest';
import {
  CHECK_STATUS_SENT,
  SEND_SMS_QUEUED,
  VERIFY_OTP_ERROR,
  VERIFY_OTP_SUCCESS,
} from './__fixtures__/device-answers.js';
import { readDeviceGatewayAnswer } from './device-envelope.js';

const origin = { provider: 'device', vendor: 'Device gateway', endpoint: 'https://isms.my.id', status: 200 };

describe('readDeviceGatewayAnswer', () => {
  it.each([
    ['send_sms', SEND_SMS_QUEUED],
    ['check_status', CHECK_STATUS_SENT],
    ['verify_otp', VERIFY_OTP_SUCCESS],
  ])('reads the page example of %s as success', (_, body) => {
    const reading = readDeviceGatewayAnswer(body, origin);
    expect(reading.ok).toBe(true);
  });

  it('reads an error envelope as the mapped error', () => {
    const reading = readDeviceGatewayAnswer(VERIFY_OTP_ERROR, origin);
    expect(reading).toMatchObject({ ok: false, error: { code: 'UNKNOWN', vendorMessage: 'Invalid or Expired OTP.' } });
  });

  it('lets an explicit error marker win over any other field', () => {
    const body = JSON.stringify({
      status: 'success',
      response: false,
      message: 'Invalid API Key.',
      data: { message_id: 1 },
    });
    expect(readDeviceGatewayAnswer(body, origin)).toMatchObject({ ok: false, error: { code: 'AUTH_FAILED' } });
  });

  it.each([['<html></html>'], ['[]'], ['{"ok":1}'], ['{"status":"queued"}'], ['']])(
    'reads %j as INVALID_RESPONSE, unknown',
    (body) => {
      expect(readDeviceGatewayAnswer(body, origin)).toMatchObject({
        ok: false,
        error: { code: 'INVALID_RESPONSE', outcome: 'unknown' },
      });
    },
  );
});
