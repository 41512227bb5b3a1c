import { describeProviderConformance } from '@pesan/core/testing/vitest';
import { startWabaSandbox, WABA_SANDBOX_DEFAULT_ACCOUNT } from './sandbox/index.js';
import { waba } from './waba-provider.js';

const account = WABA_SANDBOX_DEFAULT_ACCOUNT;
const credentials = {
  appId: account.appId,
  appSecret: account.appSecret,
  username: account.username,
  password: account.password,
  from: '60123450000',
};
const recipient = '+60198765432';

describeProviderConformance('waba', async () => {
  const sandbox = await startWabaSandbox();
  // The suite sends free text: the recipients have written first, so their 24 h windows are open.
  const recipients = ['+60198765433', '+60198765434', '+60198765435'];
  for (const contact of [recipient, ...recipients]) sandbox.openWindow(contact);
  const providerFor = (baseUrls: readonly string[], { timeoutMs }: { timeoutMs: number }) =>
    waba({ ...credentials, baseUrls: [...baseUrls], timeoutMs });
  return {
    provider: providerFor(sandbox.urls, { timeoutMs: 5_000 }),
    recipient,
    recipients,
    badCredentials: waba({ ...credentials, password: 'wrong', baseUrls: [...sandbox.urls] }),
    unreachable: waba({ ...credentials, baseUrls: ['http://127.0.0.1:9'] }),
    garbageWebhook: { method: 'POST', url: 'https://app.example/webhooks/waba/t', headers: {}, body: 'response=%%%' },
    sandbox,
    providerFor,
    close: () => sandbox.stop(),
  };
});
