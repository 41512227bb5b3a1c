import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { createMessenger, type Messenger, type OutboundMessage } from '@pesan/core';
import { isms } from '@pesan/provider-isms';
import { type IsmsSandbox, startIsmsSandbox } from '@pesan/provider-isms/sandbox';
import { Redis } from 'ioredis';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deletePrefix, redisUrl, testClient, testPrefix } from './__fixtures__/redis-test-url.js';
import { type RedisStores, redisStores } from './redis-stores.js';

const account = { username: 'acme', password: 'acme-secret', credits: 100_000 };
/** Added to each direction of every Redis round trip, as a Redis on another host would. */
const LATENCY_MS = 2;

/** A TCP proxy to Redis that holds every chunk `LATENCY_MS` in each direction. */
async function slowRedis(target: URL): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const relay = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => setTimeout(() => to.write(chunk), LATENCY_MS));
    from.on('close', () => setTimeout(() => to.destroy(), LATENCY_MS));
    from.on('error', () => to.destroy());
  };
  const server: Server = createServer((client) => {
    const upstream = connect(Number(target.port), target.hostname);
    for (const socket of [client, upstream]) sockets.add(socket);
    relay(client, upstream);
    relay(upstream, client);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  return {
    url: `redis://127.0.0.1:${port}${target.pathname}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Campaign batching with the idempotency keys in Redis (issue 18). */
describe.skipIf(redisUrl === undefined)('sendCampaign with RedisIdempotencyStore', () => {
  let client: Redis;
  let prefix: string;
  let sandbox: IsmsSandbox;
  let proxy: { url: string; close(): Promise<void> };
  let stores: RedisStores;
  let messenger: Messenger;
  /** The stores' client, through the proxy. */
  let storeClient: Redis;
  /** `SET NX` claims and plain `SET`s in each pipeline the stores sent, and single `SET ... NX` claims. */
  let pipelines: { claims: number; writes: number }[];
  let singleClaims: number;

  beforeEach(async () => {
    client = testClient();
    prefix = testPrefix();
    sandbox = await startIsmsSandbox({ accounts: [{ ...account }], autoDeliver: false, mirrors: 1 });
    proxy = await slowRedis(new URL(redisUrl!));
    storeClient = new Redis(proxy.url);
    pipelines = [];
    singleClaims = 0;
    const pipeline = storeClient.pipeline.bind(storeClient);
    storeClient.pipeline = (...commands: Parameters<Redis['pipeline']>) => {
      const opened = pipeline(...commands);
      const counted = { claims: 0, writes: 0 };
      pipelines.push(counted);
      const set = opened.set.bind(opened) as (...args: unknown[]) => typeof opened;
      (opened as unknown as { set: (...args: unknown[]) => typeof opened }).set = (...args) => {
        if (args.includes('NX')) counted.claims += 1;
        else counted.writes += 1;
        return set(...args);
      };
      return opened;
    };
    const set = storeClient.set.bind(storeClient) as (...args: unknown[]) => Promise<unknown>;
    (storeClient as unknown as { set: (...args: unknown[]) => Promise<unknown> }).set = (...args) => {
      if (args.includes('NX')) singleClaims += 1;
      return set(...args);
    };
    stores = redisStores({ client: storeClient, prefix, pendingWaitMs: 0 });
    messenger = createMessenger({
      providers: [
        isms({
          id: 'isms',
          username: account.username,
          password: account.password,
          api: 'json',
          baseUrls: [...sandbox.urls],
        }),
      ],
      stores,
    });
  });
  afterEach(async () => {
    await messenger.close();
    await stores.close();
    await storeClient.quit();
    await proxy.close();
    await sandbox.stop();
    await deletePrefix(client, prefix);
    await client.quit();
  });

  const messages: OutboundMessage[] = Array.from({ length: 120 }, (_, index) => ({
    to: `+6011${10_000_000 + index}`,
    text: `Hi customer ${index}, your order has shipped`,
  }));

  function sentTexts(): string[] {
    return sandbox.messages.map((message) => message.text);
  }

  function batchSizes(): number[] {
    return sandbox.requests
      .filter((request) => request.path === '/isms_send_json.php')
      .map((request) => (request.json as { messages: unknown[] }).messages.length);
  }

  it('sends 120 personalised messages in 3 JSON requests, each message once, however slow Redis answers', async () => {
    const summary = await messenger.sendCampaign(messages, { campaignId: 'spring-sale' });

    expect(summary).toMatchObject({ sent: 120, failed: 0, lastSettledIndex: 119 });
    // A batch's keys are claimed in one round trip, not one per message, and its results recorded in one.
    expect(pipelines.map((pipeline) => pipeline.claims).filter(Boolean)).toEqual([50, 50, 20]);
    expect(pipelines.map((pipeline) => pipeline.writes).filter(Boolean)).toEqual([50, 50, 20]);
    expect(pipelines.every((pipeline) => pipeline.claims === 0 || pipeline.writes === 0)).toBe(true);
    expect(singleClaims).toBe(0);
    expect(sandbox.requests).toHaveLength(3);
    expect(batchSizes()).toEqual([50, 50, 20]);
    expect(sentTexts().sort()).toEqual(messages.map((message) => message.text).sort());
    const records = await client.mget(messages.map((_, index) => `${prefix}idempotency:spring-sale:${index}`));
    expect(records.map((record) => record !== null && (JSON.parse(record) as { state: string }).state)).toEqual(
      messages.map(() => 'sent'),
    );

    // The same campaign again: every key answers from Redis, nothing reaches the vendor.
    const again = await messenger.sendCampaign(messages, { campaignId: 'spring-sale' });
    expect(again).toMatchObject({ sent: 120, failed: 0 });
    expect(sandbox.requests).toHaveLength(3);
  }, 30_000);

  it('never sends a message whose key another instance holds; the rest still go in full batches', async () => {
    // Another instance is sending messages 10 to 19 of this campaign right now.
    for (let index = 10; index < 20; index++) {
      await client.set(
        `${prefix}idempotency:spring-sale:${index}`,
        JSON.stringify({ state: 'pending', since: Date.now() }),
        'PX',
        60_000,
      );
    }
    const failedCodes: string[] = [];
    const summary = await messenger.sendCampaign(messages, {
      campaignId: 'spring-sale',
      onResult: (item) => {
        if (!item.ok) {
          expect(item.index).toBeGreaterThanOrEqual(10);
          expect(item.index).toBeLessThan(20);
          expect(item.error.outcome).toBe('unknown');
          failedCodes.push(item.error.code);
        }
      },
    });

    expect(summary).toMatchObject({ sent: 110, failed: 10, failedByCode: { DUPLICATE: 10 } });
    expect(failedCodes).toHaveLength(10);
    expect(batchSizes()).toEqual([50, 50, 10]);
    const expected = messages.filter((_, index) => index < 10 || index >= 20).map((message) => message.text);
    expect(sentTexts().sort()).toEqual(expected.sort());
  }, 30_000);
});
