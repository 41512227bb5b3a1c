import { describeFaultMatrix } from '@pesan/core/testing/vitest';
import { ISMS_ERROR_CODES } from './isms-errors.js';
import { isms } from './isms-provider.js';
import { startIsmsSandbox } from './sandbox/index.js';

const account = { username: 'matrix', password: 'matrix-secret', credits: 100_000 };

describeFaultMatrix('isms (classic)', {
  vendorCodes: ISMS_ERROR_CODES,
  async setup() {
    const sandbox = await startIsmsSandbox({ accounts: [{ ...account }], mirrors: 2, autoDeliver: false });
    return {
      sandbox,
      providerFor: (baseUrls, { timeoutMs }) =>
        isms({ username: account.username, password: account.password, baseUrls: [...baseUrls], timeoutMs }),
      message: { to: '+60123456789', text: 'fault matrix' },
      accepted: () => sandbox.messages.length,
      close: () => sandbox.stop(),
    };
  },
});

describeFaultMatrix('isms (json)', {
  vendorCodes: ISMS_ERROR_CODES,
  async setup() {
    const sandbox = await startIsmsSandbox({ accounts: [{ ...account }], mirrors: 2, autoDeliver: false });
    return {
      sandbox,
      providerFor: (baseUrls, { timeoutMs }) =>
        isms({
          username: account.username,
          password: account.password,
          api: 'json',
          baseUrls: [...baseUrls],
          timeoutMs,
        }),
      message: { to: '+60123456789', text: 'fault matrix' },
      accepted: () => sandbox.messages.length,
      close: () => sandbox.stop(),
    };
  },
});
