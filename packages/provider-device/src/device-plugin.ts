import { definePlugin, type HttpTransport, TOKENS } from '@pesan/core';
import { deviceGateway } from './device-gateway-provider.js';
import { deviceGatewayOptionsSchema } from './device-options.js';

/**
 * The `device` provider type for config files:
 * `{ "type": "device", "id": "phones", "apiKey": "${DEVICE_GATEWAY_API_KEY}", "devices": [{ "deviceUid": "70d0..." }] }`.
 * Options are {@link deviceGatewayOptionsSchema} (data only). The provider
 * uses the messenger's shared `HttpTransport` when its container has one, and
 * the messenger's clock (SIM windows and waits) and logger.
 */
export const plugin = definePlugin({
  type: 'device',
  optionsSchema: deviceGatewayOptionsSchema,
  create: (options, context) => {
    const transport = context.container.isRegistered(TOKENS.HttpTransport, true)
      ? context.container.resolve<HttpTransport>(TOKENS.HttpTransport)
      : undefined;
    return deviceGateway({
      ...options,
      id: options.id ?? context.id,
      clock: context.clock,
      logger: context.logger,
      ...(transport === undefined ? {} : { transport }),
    });
  },
});
