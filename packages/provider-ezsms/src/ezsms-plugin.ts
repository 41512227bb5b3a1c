import { definePlugin, type HttpTransport, TOKENS } from '@pesan/core';
import { ezsmsOptionsSchema } from './ezsms-options.js';
import { ezsms } from './ezsms-provider.js';

/**
 * The `ezsms` plugin, for config files:
 * `{ "type": "ezsms", "id": "ezsms", "username": "${EZSMS_USER}", "password": "${EZSMS_PASSWORD}" }`.
 * The messenger's HTTP transport, clock and logger are used unless the options give their own.
 */
export const plugin = definePlugin({
  type: 'ezsms',
  optionsSchema: ezsmsOptionsSchema,
  create: (options, context) => {
    const transport =
      options.transport ??
      (options.dispatcher === undefined && context.container.isRegistered(TOKENS.HttpTransport, true)
        ? context.container.resolve<HttpTransport>(TOKENS.HttpTransport)
        : undefined);
    return ezsms({
      ...options,
      id: context.id,
      clock: options.clock ?? context.clock,
      logger: options.logger ?? context.logger,
      ...(transport === undefined ? {} : { transport }),
    });
  },
});
