import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { IsmsDeliveryStatus } from './sandbox-ledger.js';

/** One delivery callback the sandbox pushed (or tried to). */
export interface IsmsSandboxPush {
  /** The URL called, query included (it carries no secret). */
  url: string;
  /** `msisdn`. */
  msisdn: string;
  /** `trx_id`. */
  trxId: string;
  /** `dn_status`. */
  status: IsmsDeliveryStatus;
  /** The HTTP status the callback answered, when it answered. */
  httpStatus?: number;
  /** Why the push failed, when it did (connection error, timeout, queue full). */
  error?: string;
}

/** A callback to push: the number, transaction and status. */
export interface PushRequest {
  msisdn: string;
  trxId: string;
  status: IsmsDeliveryStatus;
}

interface Job {
  pushes: PushRequest[];
  resolve: (records: IsmsSandboxPush[]) => void;
}

const CONCURRENCY = 4;
const MAX_QUEUED_JOBS = 10_000;
const PUSH_TIMEOUT_MS = 5_000;

/** The callback URL with the vendor's query appended: `?msisdn=&trx_id=&dn_status=`. */
export function callbackTarget(callbackUrl: string, push: PushRequest): string {
  const url = new URL(callbackUrl);
  url.searchParams.append('msisdn', push.msisdn);
  url.searchParams.append('trx_id', push.trxId);
  url.searchParams.append('dn_status', push.status);
  return url.toString();
}

/**
 * Pushes delivery callbacks as iSMS does: an HTTP GET per status. Each job
 * (the statuses of one message) is pushed in order; a few jobs run at once;
 * the queue, the records kept and each push's time are bounded.
 */
export class SandboxCallbacks {
  readonly #queue: Job[] = [];
  readonly #records: IsmsSandboxPush[] = [];
  readonly #maxRecords: number;
  readonly #inFlight = new Set<{ destroy(): void }>();
  readonly #idleWaiters: (() => void)[] = [];
  #running = 0;
  #stopped = false;
  #callbackUrl: string | undefined;

  constructor(callbackUrl: string | undefined, maxRecords: number) {
    this.#callbackUrl = callbackUrl;
    this.#maxRecords = maxRecords;
  }

  /** The URL callbacks go to; `undefined` pushes nothing. */
  get callbackUrl(): string | undefined {
    return this.#callbackUrl;
  }

  set callbackUrl(url: string | undefined) {
    if (url !== undefined) new URL(url);
    this.#callbackUrl = url;
  }

  /** Every push made, oldest first (bounded). */
  get records(): readonly IsmsSandboxPush[] {
    return this.#records;
  }

  /** Queues the pushes of one message; resolves with their records once pushed. */
  enqueue(pushes: PushRequest[]): Promise<IsmsSandboxPush[]> {
    const callbackUrl = this.#callbackUrl;
    if (callbackUrl === undefined || pushes.length === 0 || this.#stopped) return Promise.resolve([]);
    if (this.#queue.length >= MAX_QUEUED_JOBS) {
      const dropped = pushes.map((push) =>
        this.#record({ ...push, url: callbackTarget(callbackUrl, push), error: 'queue full' }),
      );
      return Promise.resolve(dropped);
    }
    return new Promise((resolve) => {
      this.#queue.push({ pushes, resolve });
      this.#pump();
    });
  }

  /** Resolves once every queued push is done. */
  idle(): Promise<void> {
    if (this.#running === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /** Drops the queue and aborts pushes in flight. */
  stop(): void {
    this.#stopped = true;
    for (const job of this.#queue.splice(0)) job.resolve([]);
    for (const request of this.#inFlight) request.destroy();
    this.#notifyIdle();
  }

  #pump(): void {
    while (this.#running < CONCURRENCY && this.#queue.length > 0) {
      const job = this.#queue.shift()!;
      this.#running += 1;
      this.#run(job).finally(() => {
        this.#running -= 1;
        this.#pump();
        this.#notifyIdle();
      });
    }
  }

  #notifyIdle(): void {
    if (this.#running !== 0 || this.#queue.length !== 0) return;
    for (const resolve of this.#idleWaiters.splice(0)) resolve();
  }

  async #run(job: Job): Promise<void> {
    const records: IsmsSandboxPush[] = [];
    for (const push of job.pushes) {
      const callbackUrl = this.#callbackUrl;
      if (this.#stopped || callbackUrl === undefined) break;
      records.push(await this.#push(callbackTarget(callbackUrl, push), push));
    }
    job.resolve(records);
  }

  #push(url: string, push: PushRequest): Promise<IsmsSandboxPush> {
    return new Promise((resolve) => {
      const send = url.startsWith('https:') ? httpsRequest : httpRequest;
      const request = send(url, { method: 'GET', timeout: PUSH_TIMEOUT_MS });
      this.#inFlight.add(request);
      let settled = false;
      const finish = (outcome: { httpStatus?: number; error?: string }) => {
        if (settled) return;
        settled = true;
        this.#inFlight.delete(request);
        resolve(this.#record({ ...push, url, ...outcome }));
      };
      let responded = false;
      request.on('response', (response) => {
        responded = true;
        response.resume();
        response.on('end', () => finish({ httpStatus: response.statusCode ?? 0 }));
        response.on('error', (error) => finish({ error: error.message }));
        response.on('close', () => finish({ error: 'answer cut short' }));
      });
      request.on('timeout', () => request.destroy(new Error(`no answer within ${PUSH_TIMEOUT_MS} ms`)));
      request.on('error', (error) => finish({ error: error.message }));
      request.on('close', () => {
        if (!responded) finish({ error: 'connection closed' });
      });
      request.end();
    });
  }

  #record(record: IsmsSandboxPush): IsmsSandboxPush {
    this.#records.push(record);
    const excess = this.#records.length - this.#maxRecords;
    if (excess > 0) this.#records.splice(0, excess);
    return record;
  }
}
