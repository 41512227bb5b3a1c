import type { SandboxFaultName } from './sandbox-fault.js';
import { SandboxRecords } from './sandbox-records.js';
import type { SandboxRedaction } from './sandbox-redaction.js';
import type { SandboxRequest } from './sandbox-request.js';

/** What a mirror answered to a recorded request (for `drop`: the answer that was lost). */
export interface SandboxRecordedAnswer {
  readonly status: number;
  readonly body: string;
}

/** One request a mirror received, as recorded: secrets replaced by `***`. */
export interface SandboxRecordedRequest {
  /** Mirror index (0 is `urls[0]`). */
  readonly mirror: number;
  /** `GET`, `POST`, ... */
  readonly method: string;
  /** E.g. `/isms_send_all_id.php`. */
  readonly path: string;
  /** `content-type` as sent, lower case. */
  readonly contentType: string;
  /** Query then form parameters; a later value of a name wins. */
  readonly parameters: Readonly<Record<string, string>>;
  /** Query parameters in order, names as sent. */
  readonly query: readonly (readonly [string, string])[];
  /** Form parameters in order, names as sent. */
  readonly form: readonly (readonly [string, string])[];
  /** The JSON body, parsed, when there was one. */
  readonly json?: unknown;
  /** Headers, one string each. */
  readonly headers: Readonly<Record<string, string>>;
  /** The fault the request met, when one was in force. */
  readonly fault?: SandboxFaultName;
  /** The answer, once there is one; absent while a request hangs and for resets. */
  readonly answer?: SandboxRecordedAnswer;
  /** When it arrived. */
  readonly at: Date;
}

type Entry = { -readonly [K in keyof SandboxRecordedRequest]: SandboxRecordedRequest[K] };

/** The requests a sandbox keeps for assertions: the newest `maxRecords`, oldest first, redacted. */
export class SandboxRequestLog {
  readonly #records: SandboxRecords<Entry>;
  readonly #redaction: SandboxRedaction;

  constructor(maxRecords: number, redaction: SandboxRedaction) {
    this.#records = new SandboxRecords(maxRecords);
    this.#redaction = redaction;
  }

  /** Every kept record, oldest first. */
  get records(): readonly SandboxRecordedRequest[] {
    return this.#records.items;
  }

  /** Records a request and the fault it met; returns the record, to which `answered` adds the answer. */
  record(request: SandboxRequest, fault: SandboxFaultName | undefined): SandboxRecordedRequest {
    const query = this.#redaction.pairs(request.query);
    const form = this.#redaction.pairs(request.form);
    const entry: Entry = {
      mirror: request.mirror,
      method: request.method,
      path: request.path,
      contentType: request.contentType,
      parameters: Object.fromEntries([...query, ...form]),
      query,
      form,
      headers: this.#redaction.headers(request.headers),
      at: new Date(),
    };
    if (request.json !== undefined) entry.json = this.#redaction.json(request.json);
    if (fault !== undefined) entry.fault = fault;
    this.#records.add(entry);
    return entry;
  }

  /** Notes what was answered to a record. */
  answered(record: SandboxRecordedRequest, answer: SandboxRecordedAnswer): void {
    (record as Entry).answer = answer;
  }
}
