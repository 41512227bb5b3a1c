// Run by testing-entry.test.ts as `node --import block-vitest.mjs --import tsx --test <this file>`:
// @pesan/core/testing under node:test, with any import of vitest failing the run.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMessenger, failover } from '@pesan/core';
import {
  createFakeProvider,
  createMockVendor,
  createRecordingLogger,
  createSecretLeakHarness,
  createWebhookHarness,
  expectPesanError,
  FakeClock,
  startSandboxServers,
} from '@pesan/core/testing';

test('fake providers, expectPesanError and the fake clock work under node:test', async () => {
  const primary = createFakeProvider({ id: 'primary', behaviour: 'not_sent' });
  const backup = createFakeProvider({ id: 'backup' });
  const logger = createRecordingLogger();
  const messenger = createMessenger({ providers: [primary, backup], route: failover('primary', 'backup'), logger });
  assert.equal((await messenger.send({ to: '+60123456789', text: 'Hi' })).provider, 'backup');
  const error = await expectPesanError(messenger.send({ to: 'not a number', text: 'Hi' }));
  assert.equal(error.code, 'INVALID_RECIPIENT');
  await assert.rejects(expectPesanError(Promise.resolve('fine')), /expected the call to fail/);
  await assert.rejects(expectPesanError(Promise.reject(new Error('plain'))), /expected a PesanError/);
  await messenger.close();
  const clock = new FakeClock(1000);
  assert.equal(clock.now(), 1000);
});

test('the webhook harness, mock vendor, secret-leak harness and sandbox kit load', async () => {
  const harness = createWebhookHarness(createFakeProvider({ id: 'fake', capabilities: { deliveryReports: true } }));
  assert.match(harness.callbackUrl, /\/webhooks\/fake\//);
  await harness.close();
  assert.equal(typeof createMockVendor, 'function');
  assert.equal(typeof createSecretLeakHarness, 'function');
  assert.equal(typeof startSandboxServers, 'function');
});
