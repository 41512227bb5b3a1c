import { definePlugin } from '@pesan/core';
import { wabaOptionsSchema } from './waba-options.js';
import { waba } from './waba-provider.js';

/**
 * The `waba` provider type for config files:
 * `{ "type": "waba", "id": "waba", "appId": "${WABA_APP_ID}", "appSecret": "${WABA_APP_SECRET}",
 * "username": "${WABA_USERNAME}", "password": "${WABA_PASSWORD}", "from": "60123456789" }`.
 * Options are {@link wabaOptionsSchema} (data only). The provider takes the
 * messenger's clock and logger, and sends through the messenger's shared
 * transport, which reaches it with every call.
 */
export const plugin = definePlugin({
  type: 'waba',
  optionsSchema: wabaOptionsSchema,
  create: (options, context) =>
    waba({ ...options, id: options.id ?? context.id, clock: context.clock, logger: context.logger }),
});
