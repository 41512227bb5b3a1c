import { definePlugin, type HttpTransport, TOKENS } from '@pesan/core';
import { wabaOptionsSchema } from './waba-options.js';
import { waba } from './waba-provider.js';

/**
 * The `waba` provider type for config files:
 * `{ "type": "waba", "id": "waba", "appId": "${WABA_APP_ID}", "appSecret": "${WABA_APP_SECRET}",
 * "username": "${WABA_USERNAME}", "password": "${WABA_PASSWORD}", "from": "60123456789" }`.
 * Options are {@link wabaOptionsSchema} (data only). The provider uses the
 * messenger's shared `HttpTransport` when its container has one, and the
 * messenger's clock and logger.
 */
export const plugin = definePlugin({
  type: 'waba',
  optionsSchema: wabaOptionsSchema,
  create: (options, context) => {
    const transport = context.container.isRegistered(TOKENS.HttpTransport, true)
      ? context.container.resolve<HttpTransport>(TOKENS.HttpTransport)
      : undefined;
    return waba({
      ...options,
      id: options.id ?? context.id,
      clock: context.clock,
      logger: context.logger,
      ...(transport === undefined ? {} : { transport }),
    });
  },
});
