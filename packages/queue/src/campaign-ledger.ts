import { Redis, type RedisOptions } from 'ioredis';

/** Where the queue keeps campaigns' results: an ioredis client, a URL, or ioredis options. */
export type LedgerConnection = Redis | string | RedisOptions;

/** One message's result, as recorded by the worker. */
export interface CampaignMessageResult {
  /** 0-based position of the message in the campaign's source. */
  index: number;
  to: string;
  /** `sent`: accepted by a vendor; `failed`: certainly not sent (or refused); `unknown`: may have reached a vendor, not retried. */
  state: 'sent' | 'failed' | 'unknown';
  /** The vendor's message id, when sent. */
  messageId?: string;
  provider?: string;
  /** The error code, when not sent. */
  errorCode?: string;
  /** The error in words, when not sent. */
  error?: string;
}

/** How far a campaign is, across every worker. */
export interface CampaignStatus {
  campaignId: string;
  /** Messages enqueued; `undefined` while `enqueueCampaign` is still reading the source. */
  total?: number;
  /** Jobs enqueued. */
  jobs?: number;
  /** Messages with a recorded result. */
  settled: number;
  sent: number;
  failed: number;
  unknown: number;
  /** Every enqueued message has a result. */
  done: boolean;
}

// A result is recorded once: a job run again after a crash cannot count a message twice.
const RECORD = `
if redis.call('HSETNX', KEYS[2], ARGV[1], ARGV[2]) == 0 then return 0 end
redis.call('HINCRBY', KEYS[1], ARGV[3], 1)
redis.call('HINCRBY', KEYS[1], 'settled', 1)
return 1
`;

/** The results and counts of campaigns in Redis, shared by the enqueuer, the workers and whoever asks. */
export class CampaignLedger {
  readonly #client: Redis;
  readonly #owned: boolean;
  readonly #prefix: string;

  constructor(connection: LedgerConnection, prefix = 'pesan:campaign:') {
    this.#owned = !(connection instanceof Redis);
    this.#client =
      connection instanceof Redis
        ? connection
        : typeof connection === 'string'
          ? new Redis(connection)
          : new Redis({ ...connection, maxRetriesPerRequest: connection.maxRetriesPerRequest ?? 3 });
    this.#prefix = prefix;
  }

  /** Notes what `enqueueCampaign` put in the queue. */
  async enqueued(campaignId: string, total: number, jobs: number): Promise<void> {
    await this.#client.hset(this.#countsKey(campaignId), 'total', total, 'jobs', jobs);
  }

  /** Records a message's result unless one is recorded; resolves whether it was new. */
  async record(campaignId: string, result: CampaignMessageResult): Promise<boolean> {
    const written = await this.#client.eval(
      RECORD,
      2,
      this.#countsKey(campaignId),
      this.#resultsKey(campaignId),
      String(result.index),
      JSON.stringify(result),
      result.state,
    );
    return written === 1;
  }

  /** Which of `indexes` already have a result. */
  async recorded(campaignId: string, indexes: readonly number[]): Promise<Set<number>> {
    if (indexes.length === 0) return new Set();
    const found = await this.#client.hmget(this.#resultsKey(campaignId), ...indexes.map(String));
    return new Set(indexes.filter((_, position) => found[position] !== null));
  }

  /** The counts of a campaign. */
  async status(campaignId: string): Promise<CampaignStatus> {
    const counts = await this.#client.hgetall(this.#countsKey(campaignId));
    const number = (name: string) => (counts[name] === undefined ? undefined : Number(counts[name]));
    const settled = number('settled') ?? 0;
    const total = number('total');
    return {
      campaignId,
      total,
      jobs: number('jobs'),
      settled,
      sent: number('sent') ?? 0,
      failed: number('failed') ?? 0,
      unknown: number('unknown') ?? 0,
      done: total !== undefined && settled >= total,
    };
  }

  /** Results by index, from `from` (default 0), at most `limit` (default 1 000); missing ones are left out. */
  async results(campaignId: string, options: { from?: number; limit?: number } = {}): Promise<CampaignMessageResult[]> {
    const from = Math.max(0, Math.floor(options.from ?? 0));
    const limit = Math.max(0, Math.floor(options.limit ?? 1000));
    if (limit === 0) return [];
    const indexes = Array.from({ length: limit }, (_, offset) => String(from + offset));
    const raws = await this.#client.hmget(this.#resultsKey(campaignId), ...indexes);
    return raws.filter((raw): raw is string => raw !== null).map((raw) => JSON.parse(raw) as CampaignMessageResult);
  }

  /** Forgets a campaign's results and counts. */
  async forget(campaignId: string): Promise<void> {
    await this.#client.del(this.#countsKey(campaignId), this.#resultsKey(campaignId));
  }

  /** Closes the connection when the ledger opened it. */
  async close(): Promise<void> {
    if (this.#owned) await this.#client.quit().catch(() => this.#client.disconnect());
  }

  #countsKey(campaignId: string): string {
    return `${this.#prefix}${campaignId}:counts`;
  }

  #resultsKey(campaignId: string): string {
    return `${this.#prefix}${campaignId}:results`;
  }
}
