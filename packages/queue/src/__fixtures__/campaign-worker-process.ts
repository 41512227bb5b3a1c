// A campaign worker as its own process, for the crash tests: a messenger on the iSMS sandbox
// at SANDBOX_URL with Redis stores, draining QUEUE_NAME. Prints "ready" once listening.
import 'reflect-metadata';
import { createMessenger } from '@pesan/core';
import { isms } from '@pesan/provider-isms';
import { redisStores } from '@pesan/redis';
import { createWorker } from '../campaign-worker.js';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`${name} is not set`);
  return value;
};
const redisUrl = env('PESAN_REDIS_URL');
const url = new URL(redisUrl);
const stores = redisStores({ url: redisUrl, prefix: env('STORE_PREFIX'), pendingWaitMs: 1500 });
const messenger = createMessenger({
  providers: [
    isms({ id: 'isms', username: 'acme', password: 'acme-secret', baseUrls: [env('SANDBOX_URL')], api: 'json' }),
  ],
  stores,
  limits: { isms: { ratePerMinute: Number(env('RATE_PER_MINUTE')), burst: 2, maxWaitMs: 60_000 } },
});
const worker = createWorker(messenger, {
  connection: { host: url.hostname, port: Number(url.port), maxRetriesPerRequest: null },
  queueName: env('QUEUE_NAME'),
  concurrency: 2,
  workerOptions: { lockDuration: 3000, stalledInterval: 1000, maxStalledCount: 5 },
});
await worker.waitUntilReady();
console.log('ready');
process.on('SIGTERM', async () => {
  await worker.close();
  await messenger.close();
  await stores.close();
  process.exit(0);
});
