import { definePlugin } from '@pesan/core';
import { ismsOptionsSchema } from './isms-options.js';
import { isms } from './isms-provider.js';

/**
 * The `isms` provider type for config files:
 * `{ "type": "isms", "id": "isms", "username": "${ISMS_USERNAME}", "password": "${ISMS_PASSWORD}" }`.
 * Options are {@link ismsOptionsSchema} (data only). The provider takes the
 * messenger's clock and logger, and sends through the messenger's shared
 * transport, which reaches it with every call.
 */
export const plugin = definePlugin({
  type: 'isms',
  optionsSchema: ismsOptionsSchema,
  create: (options, context) =>
    isms({ ...options, id: options.id ?? context.id, clock: context.clock, logger: context.logger }),
});
