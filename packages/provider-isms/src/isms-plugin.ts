import { definePlugin, type HttpTransport, TOKENS } from '@pesan/core';
import { ismsOptionsSchema } from './isms-options.js';
import { isms } from './isms-provider.js';

/**
 * The `isms` provider type for config files:
 * `{ "type": "isms", "id": "isms", "username": "${ISMS_USERNAME}", "password": "${ISMS_PASSWORD}" }`.
 * Options are {@link ismsOptionsSchema} (data only). The provider uses the
 * messenger's shared `HttpTransport` when its container has one, and the
 * messenger's clock and logger.
 */
export const plugin = definePlugin({
  type: 'isms',
  optionsSchema: ismsOptionsSchema,
  create: (options, context) => {
    const transport = context.container.isRegistered(TOKENS.HttpTransport, true)
      ? context.container.resolve<HttpTransport>(TOKENS.HttpTransport)
      : undefined;
    return isms({
      ...options,
      id: options.id ?? context.id,
      clock: context.clock,
      logger: context.logger,
      ...(transport === undefined ? {} : { transport }),
    });
  },
});
