import { describeFaultMatrix } from '@pesan/core/testing/vitest';
import { startWabaSandbox, WABA_SANDBOX_DEFAULT_ACCOUNT } from './sandbox/index.js';
import { WABA_ERROR_CODES } from './waba-errors.js';
import { waba } from './waba-provider.js';

const account = WABA_SANDBOX_DEFAULT_ACCOUNT;
const recipient = '+60198765432';

describeFaultMatrix('waba', {
  vendorCodes: WABA_ERROR_CODES,
  async setup() {
    const sandbox = await startWabaSandbox({ mirrors: 2 });
    // Free text needs an open 24 h window: the recipient has written first.
    sandbox.openWindow(recipient);
    return {
      sandbox,
      providerFor: (baseUrls, { timeoutMs }) =>
        waba({
          appId: account.appId,
          appSecret: account.appSecret,
          username: account.username,
          password: account.password,
          from: '60123450000',
          baseUrls: [...baseUrls],
          timeoutMs,
        }),
      message: { to: recipient, text: 'fault matrix', channel: 'whatsapp' },
      accepted: () => sandbox.messages.length,
      close: () => sandbox.stop(),
    };
  },
});
