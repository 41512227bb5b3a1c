import { describeFaultMatrix } from '@pesan/core/testing/vitest';
import { EZSMS_RETURN_CODE_TABLE } from './ezsms-errors.js';
import { ezsms } from './ezsms-provider.js';
import { startEzsmsSandbox } from './sandbox/index.js';

describeFaultMatrix('ezsms', {
  vendorCodes: EZSMS_RETURN_CODE_TABLE,
  cases: {
    'vendorCode:1701': { expect: { outcome: 'sent' }, reason: '1701 is the success answer to a send' },
    'vendorCode:1718': {
      expect: { outcome: ['rejected', 'sent'] },
      reason: 'with a seqno (the messenger derives one from its key) 1718 says the vendor has the message: sent',
    },
    'truncated answer': {
      expect: { outcome: ['sent', 'unknown'] },
      reason: 'half of 1701:<MsgId> is still 1701 with a shorter MsgId: plain text has no framing to tell',
    },
  },
  async setup() {
    const sandbox = await startEzsmsSandbox({ mirrors: 2 });
    const options = { username: 'demoezsms', password: '1234' };
    return {
      sandbox: {
        urls: sandbox.urls,
        setFault: (mirror, fault) => sandbox.setFault(mirror, fault),
        // The sandbox's view labels a request still being processed with an empty answer.
        get requests() {
          return sandbox.requests.map(({ mirror, path, answer }) => ({
            mirror,
            path,
            ...(answer === '' ? {} : { answer }),
          }));
        },
      },
      providerFor: (baseUrls, { timeoutMs }) => ezsms({ ...options, baseUrls: [...baseUrls], timeoutMs }),
      message: { to: '+60123456789', text: 'fault matrix' },
      // seqno dedupe: a retried request the vendor already took is answered 1718, not sent again.
      accepted: () => sandbox.messages.length,
      close: () => sandbox.stop(),
    };
  },
});
