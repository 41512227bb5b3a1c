import {
  SANDBOX_CALLBACK_LIMITS,
  SandboxCallbackQueue,
  SandboxCallbackRejected,
  SandboxRecords,
  sandboxCallbackTarget,
  sendSandboxCallback,
} from '@pesan/core/testing/sandbox';
import type { IsmsDeliveryStatus } from './sandbox-message.js';

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

/** The callback URL with the vendor's query appended: `?msisdn=&trx_id=&dn_status=`. */
export function callbackTarget(callbackUrl: string, push: PushRequest): string {
  return sandboxCallbackTarget(callbackUrl, {
    msisdn: push.msisdn,
    trx_id: push.trxId,
    dn_status: push.status,
  }).toString();
}

/**
 * Pushes delivery callbacks as iSMS does: an HTTP GET per status. The
 * statuses of one message are pushed in order, on the kit's bounded queue;
 * every push is recorded (the newest `maxRecords`), failures included.
 */
export class SandboxCallbacks {
  readonly #queue = new SandboxCallbackQueue(SANDBOX_CALLBACK_LIMITS);
  readonly #lifetime = new AbortController();
  readonly #records: SandboxRecords<IsmsSandboxPush>;
  #callbackUrl: string | undefined;

  constructor(callbackUrl: string | undefined, maxRecords: number) {
    this.callbackUrl = callbackUrl;
    this.#records = new SandboxRecords(maxRecords);
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
    return this.#records.items;
  }

  /** Queues the pushes of one message; resolves with their records once pushed (never rejects). */
  enqueue(pushes: PushRequest[]): Promise<IsmsSandboxPush[]> {
    const callbackUrl = this.#callbackUrl;
    if (callbackUrl === undefined || pushes.length === 0 || this.#lifetime.signal.aborted) return Promise.resolve([]);
    return this.#queue
      .push(() => this.#pushAll(pushes))
      .catch((error: unknown) =>
        error instanceof SandboxCallbackRejected && error.reason === 'dropped'
          ? pushes.map((push) => this.#record({ ...push, url: callbackTarget(callbackUrl, push), error: 'queue full' }))
          : [],
      );
  }

  /** Resolves once every queued push is done. */
  idle(): Promise<void> {
    return this.#queue.idle();
  }

  /** Drops the queue and aborts pushes in flight. */
  stop(): void {
    this.#lifetime.abort(new Error('sandbox stopped'));
    void this.#queue.stop();
  }

  async #pushAll(pushes: PushRequest[]): Promise<IsmsSandboxPush[]> {
    const records: IsmsSandboxPush[] = [];
    for (const push of pushes) {
      const callbackUrl = this.#callbackUrl;
      if (this.#lifetime.signal.aborted || callbackUrl === undefined) break;
      const url = callbackTarget(callbackUrl, push);
      try {
        const answer = await sendSandboxCallback(url, { signal: this.#lifetime.signal });
        records.push(this.#record({ ...push, url, httpStatus: answer.status }));
      } catch (error) {
        records.push(this.#record({ ...push, url, error: (error as Error).message || String(error) }));
      }
    }
    return records;
  }

  #record(record: IsmsSandboxPush): IsmsSandboxPush {
    this.#records.add(record);
    return record;
  }
}
