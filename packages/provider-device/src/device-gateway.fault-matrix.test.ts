import { describeFaultMatrix } from '@pesan/core/testing/vitest';
import { DEVICE_GATEWAY_ERRORS, type DeviceGatewayErrorName } from './device-errors.js';
import { deviceGateway } from './device-gateway-provider.js';
import { DEVICE_SANDBOX_API_KEY, DEVICE_SANDBOX_MESSAGES, startDeviceSandbox } from './sandbox/index.js';

// The gateway has no codes, only messages: each table entry is answered with a message it is recognised by.
const MESSAGES: Readonly<Partial<Record<DeviceGatewayErrorName, string>>> = {
  invalid_api_key: DEVICE_SANDBOX_MESSAGES.invalidApiKey,
  ip_not_allowed: 'Your IP is not allowed.',
  device_unavailable: DEVICE_SANDBOX_MESSAGES.deviceOffline,
  missing_parameters: DEVICE_SANDBOX_MESSAGES.missingParameters,
  invalid_number: DEVICE_SANDBOX_MESSAGES.invalidNumber,
};

describeFaultMatrix('device', {
  vendorCodes: DEVICE_GATEWAY_ERRORS,
  vendorCodeFault: (name) => ({ vendorCode: MESSAGES[name as DeviceGatewayErrorName] ?? name }),
  async setup() {
    const sandbox = await startDeviceSandbox({ mirrors: 2 });
    return {
      sandbox: {
        urls: sandbox.urls,
        setFault: (mirror, fault) => sandbox.setFault(mirror, fault),
        get requests() {
          return sandbox.records;
        },
      },
      providerFor: (baseUrls, { timeoutMs }) =>
        deviceGateway({
          apiKey: DEVICE_SANDBOX_API_KEY,
          deviceUid: '70d05483459a53d7',
          baseUrls: [...baseUrls],
          timeoutMs,
        }),
      message: { to: '+60123456789', text: 'fault matrix' },
      // The provider reads the device's state first; that read may move on to the next mirror.
      isSend: (request) => request.parameters?.action === 'send_sms',
      accepted: () => sandbox.messages.length,
      close: () => sandbox.stop(),
    };
  },
});
