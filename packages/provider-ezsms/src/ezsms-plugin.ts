import { definePlugin } from '@pesan/core';
import { ezsmsOptionsSchema } from './ezsms-options.js';
import { ezsms } from './ezsms-provider.js';

/**
 * The `ezsms` plugin, for config files:
 * `{ "type": "ezsms", "id": "ezsms", "username": "${EZSMS_USER}", "password": "${EZSMS_PASSWORD}" }`.
 * The messenger's clock and logger are used unless the options give their
 * own; requests go through the messenger's shared transport, which reaches
 * the provider with every call, unless the options give a transport or dispatcher.
 */
export const plugin = definePlugin({
  type: 'ezsms',
  optionsSchema: ezsmsOptionsSchema,
  create: (options, context) =>
    ezsms({
      ...options,
      id: context.id,
      clock: options.clock ?? context.clock,
      logger: options.logger ?? context.logger,
    }),
});
