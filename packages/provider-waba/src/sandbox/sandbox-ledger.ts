import { SandboxRecords } from '@pesan/core/testing/sandbox';

/** A sandbox account: the four credentials of every request, its WhatsApp credits and its WABA numbers. */
export interface WabaSandboxAccount {
  appId: string;
  appSecret: string;
  username: string;
  password: string;
  /** WhatsApp credits: a template costs 1, a service session 1 (see `startWabaSandbox`). */
  credits: number;
  /** WABA numbers (international digits) the account may send `From`; default: any. */
  numbers?: string[];
}

/** A template the sandbox knows, as registered in the vendor's console. */
export interface WabaSandboxTemplate {
  /** `TemplateCode`. */
  code: string;
  /** Languages it is approved in (`Language`). Default `['en']`. */
  languages?: string[];
  /** Meta category, for the ledger. Default `utility`. */
  category?: 'marketing' | 'utility' | 'authentication';
}

/** A message the sandbox accepted. */
export interface WabaSandboxMessage {
  messageId: string;
  requestId: string;
  /** The account's username. */
  account: string;
  type: 'template' | 'message' | 'file';
  /** International digits, as sent. */
  from: string;
  to: string;
  /** `Content`, for free text. */
  content?: string;
  /** `TemplateCode`, `Language` and `TemplateParams`, for templates. */
  template?: { code: string; language: string; params: Record<string, unknown> };
  /** `fileUrl` and `fileName`, for files. */
  file?: { url: string; name: string };
  /** Credits billed. */
  credits: number;
  /** Statuses pushed so far. */
  statuses: ('sent' | 'delivered' | 'read' | 'failed')[];
  at: Date;
}

/** The sandbox's state: accounts and credits, windows by contact, accepted messages. */
export class SandboxLedger {
  readonly accounts: Map<string, WabaSandboxAccount>;
  readonly messages: SandboxRecords<WabaSandboxMessage>;
  /** Last inbound time (ms) by contact digits. */
  readonly #inbound = new Map<string, number>();
  /** Window start (ms) by contact digits, for the session a reply was billed in. */
  readonly #billedSessions = new Map<string, number>();
  readonly #maxContacts: number;
  #sequence = 0;

  constructor(accounts: readonly WabaSandboxAccount[], maxRecords: number) {
    this.accounts = new Map(accounts.map((account) => [account.username, { ...account }]));
    this.messages = new SandboxRecords(maxRecords);
    this.#maxContacts = maxRecords;
  }

  nextId(): number {
    this.#sequence += 1;
    return this.#sequence;
  }

  /** Records an inbound message from `contact` at `time`. */
  recordInbound(contact: string, time: number): void {
    this.#inbound.delete(contact);
    this.#inbound.set(contact, time);
    for (const oldest of this.#inbound.keys()) {
      if (this.#inbound.size <= this.#maxContacts) break;
      this.#inbound.delete(oldest);
    }
  }

  /** When `contact`'s open window started, or `undefined` when it is closed at `now`. */
  windowStart(contact: string, now: number, windowMs: number): number | undefined {
    const last = this.#inbound.get(contact);
    return last !== undefined && now - last < windowMs ? last : undefined;
  }

  /** Whether the service session of the window that started at `start` is paid for already. */
  sessionBilled(contact: string, start: number): boolean {
    return this.#billedSessions.get(contact) === start;
  }

  /** Marks the service session of the window that started at `start` as paid. */
  billSession(contact: string, start: number): void {
    this.#billedSessions.delete(contact);
    this.#billedSessions.set(contact, start);
    for (const oldest of this.#billedSessions.keys()) {
      if (this.#billedSessions.size <= this.#maxContacts) break;
      this.#billedSessions.delete(oldest);
    }
  }

  /** Finds an accepted message by id (the newest records only). */
  message(messageId: string): WabaSandboxMessage | undefined {
    return this.messages.items.find((message) => message.messageId === messageId);
  }
}
