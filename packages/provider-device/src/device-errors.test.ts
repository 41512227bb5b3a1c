import { describe, expect, it } from 'vitest';
import { ERROR_MESSAGES } from './__fixtures__/device-answers.js';
import { deviceGatewayError, isDeviceLevelFailure, recogniseDeviceGatewayError } from './device-errors.js';

const origin = { provider: 'device', vendor: 'Device gateway', endpoint: 'https://isms.my.id', status: 200 };

describe('recogniseDeviceGatewayError', () => {
  it.each([
    [ERROR_MESSAGES.invalidApiKey, 'invalid_api_key'],
    ['API key is missing', 'invalid_api_key'],
    ['Unauthorized', 'invalid_api_key'],
    [ERROR_MESSAGES.ipNotAllowed, 'ip_not_allowed'],
    [ERROR_MESSAGES.deviceOffline, 'device_unavailable'],
    ['Device is offline', 'device_unavailable'],
    ['Device not found.', 'device_unavailable'],
    [ERROR_MESSAGES.missingParameters, 'missing_parameters'],
    ['phone_number is required', 'missing_parameters'],
    [ERROR_MESSAGES.invalidNumber, 'invalid_number'],
    ['Phone number is invalid', 'invalid_number'],
    [ERROR_MESSAGES.unexplained, undefined],
    ['Invalid or Expired OTP.', undefined],
    ['', undefined],
  ])('reads %j as %s', (message, name) => {
    expect(recogniseDeviceGatewayError(message)).toBe(name);
  });
});

describe('deviceGatewayError', () => {
  it('keeps the vendor message, names no vendor code, and marks device-level failures', () => {
    const error = deviceGatewayError(` ${ERROR_MESSAGES.deviceOffline} `, origin);
    expect(error).toMatchObject({
      code: 'PROVIDER_UNAVAILABLE',
      outcome: 'not_sent',
      vendorMessage: ERROR_MESSAGES.deviceOffline,
      vendorCode: undefined,
      provider: 'device',
      endpoint: 'https://isms.my.id',
    });
    expect(isDeviceLevelFailure(error)).toBe(true);
    expect(isDeviceLevelFailure(deviceGatewayError(ERROR_MESSAGES.invalidApiKey, origin))).toBe(false);
  });

  it('reads an unknown message as UNKNOWN, outcome unknown, message kept', () => {
    const error = deviceGatewayError('Queue full', origin);
    expect(error).toMatchObject({ code: 'UNKNOWN', outcome: 'unknown', vendorMessage: 'Queue full' });
    expect(error.message).toContain('Queue full');
  });
});
