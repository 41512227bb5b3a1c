/** An account the sandbox knows. */
export interface EzsmsSandboxAccount {
  username: string;
  password: string;
  /** Credits at start. */
  credits: number;
  /** Whether the account may transfer credits to customers. */
  reseller?: boolean;
}

/** The page a message was sent through. */
export type EzsmsSandboxPage = 'ISendSMS' | 'ISendSMSNoDR' | 'ISendSMS2D';

/** One message the sandbox accepted, one record per recipient. */
export interface EzsmsSandboxMessage {
  /** The `MsgId` answered (`ISendSMS.aspx` and `ISendSMS2D.aspx` only). */
  messageId?: string;
  page: EzsmsSandboxPage;
  /** Index of the mirror that took it. */
  mirror: number;
  username: string;
  /** Recipient as sent (digits). */
  mobile: string;
  sender?: string;
  /** `type` 1-6 (absent for 2D barcodes). */
  type?: number;
  /** `msgtype` of a 2D barcode message. */
  msgType?: string;
  flash: boolean;
  encoding: 'text' | 'unicode' | 'binary';
  /** Decoded text (types 1-4 and barcodes, `%barcode%` replaced). */
  text?: string;
  /** Binary payload without UDH, upper-case hex (types 5 and 6). */
  hex?: string;
  /** UDH, upper-case hex (type 5). */
  udh?: string;
  /** The `message` parameter exactly as received. */
  message: string;
  seqno?: string;
  /** Barcode number generated for `%barcode%`. */
  barcode?: string;
  /** SMS parts billed for this recipient. */
  parts: number;
  /** Last delivery status pushed or recorded. */
  status?: number;
  acceptedAt: Date;
}

/** Limits that keep the sandbox's memory bounded. */
export interface SandboxLimits {
  maxMessages: number;
  maxSeqnos: number;
  seqnoTtlMs: number;
}

/** An account and its running credit. */
export interface AccountState {
  account: EzsmsSandboxAccount;
  credits: number;
  used: number;
}

/** Accounts, credits, messages and seqno memory shared by every mirror. */
export class SandboxState {
  readonly #accounts = new Map<string, AccountState>();
  readonly #messages: EzsmsSandboxMessage[] = [];
  readonly #seqnos = new Map<string, number>();
  readonly #now: () => number;
  readonly #limits: SandboxLimits;
  #nextMessageId = 100_001;

  constructor(accounts: readonly EzsmsSandboxAccount[], now: () => number, limits: SandboxLimits) {
    for (const account of accounts) {
      this.#accounts.set(account.username, { account: { ...account }, credits: account.credits, used: 0 });
    }
    this.#now = now;
    this.#limits = limits;
  }

  now(): Date {
    return new Date(this.#now());
  }

  /** The account for these credentials, or `undefined` (answer 1702). */
  authenticate(username: string | undefined, password: string | undefined): AccountState | undefined {
    if (username === undefined || password === undefined) return undefined;
    const state = this.#accounts.get(username);
    return state && state.account.password === password ? state : undefined;
  }

  account(username: string): AccountState | undefined {
    return this.#accounts.get(username);
  }

  credits(username: string): number {
    const state = this.#accounts.get(username);
    if (!state) throw new Error(`no sandbox account ${JSON.stringify(username)}`);
    return state.credits;
  }

  /** Takes `amount` credits; false (nothing taken) when the account has fewer. */
  charge(state: AccountState, amount: number): boolean {
    if (state.credits < amount) return false;
    state.credits -= amount;
    state.used += amount;
    return true;
  }

  /** Whether `seqno` was accepted for this account and page family in the last 24 h. */
  isDuplicate(username: string, family: string, seqno: string): boolean {
    this.#expireSeqnos();
    const expiresAt = this.#seqnos.get(seqnoKey(username, family, seqno));
    return expiresAt !== undefined && expiresAt > this.#now();
  }

  /** Remembers an accepted seqno for 24 h. */
  rememberSeqno(username: string, family: string, seqno: string): void {
    const key = seqnoKey(username, family, seqno);
    this.#seqnos.delete(key);
    this.#seqnos.set(key, this.#now() + this.#limits.seqnoTtlMs);
    while (this.#seqnos.size > this.#limits.maxSeqnos) {
      const oldest = this.#seqnos.keys().next().value;
      if (oldest === undefined) break;
      this.#seqnos.delete(oldest);
    }
  }

  nextMessageId(): string {
    return String(this.#nextMessageId++);
  }

  addMessage(message: EzsmsSandboxMessage): void {
    this.#messages.push(message);
    if (this.#messages.length > this.#limits.maxMessages)
      this.#messages.splice(0, this.#messages.length - this.#limits.maxMessages);
  }

  findMessage(messageId: string): EzsmsSandboxMessage | undefined {
    return this.#messages.find((message) => message.messageId === messageId);
  }

  messages(): EzsmsSandboxMessage[] {
    return this.#messages.map((message) => ({ ...message }));
  }

  #expireSeqnos(): void {
    const now = this.#now();
    for (const [key, expiresAt] of this.#seqnos) {
      if (expiresAt > now) break;
      this.#seqnos.delete(key);
    }
  }
}

function seqnoKey(username: string, family: string, seqno: string): string {
  return JSON.stringify([username, family, seqno]);
}
