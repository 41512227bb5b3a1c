import { definePlugin } from '@pesan/core';
import { deviceGateway } from './device-gateway-provider.js';
import { deviceGatewayOptionsSchema } from './device-options.js';

/**
 * The `device` provider type for config files:
 * `{ "type": "device", "id": "phones", "apiKey": "${DEVICE_GATEWAY_API_KEY}", "devices": [{ "deviceUid": "70d0..." }] }`.
 * Options are {@link deviceGatewayOptionsSchema} (data only). The provider
 * takes the messenger's clock (SIM windows and waits) and logger, and sends
 * through the messenger's shared transport, which reaches it with every call.
 */
export const plugin = definePlugin({
  type: 'device',
  optionsSchema: deviceGatewayOptionsSchema,
  create: (options, context) =>
    deviceGateway({ ...options, id: options.id ?? context.id, clock: context.clock, logger: context.logger }),
});
