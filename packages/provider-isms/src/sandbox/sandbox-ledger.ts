/** A sandbox account. */
export interface IsmsSandboxAccount {
  /** `un`. */
  username: string;
  /** `pwd`. */
  password: string;
  /** Credits left; sends are refused with `-1004` when they would go below zero. */
  credits: number;
  /** A suspended account answers `-1002`. */
  suspended?: boolean;
}

/** The delivery statuses iSMS pushes (`dn_status`). */
export type IsmsDeliveryStatus = 'PENDING' | 'DELIVERED' | 'ACCEPTED' | 'SENT' | 'UNDELIVERED';

/** One message the sandbox accepted (one per recipient). */
export interface IsmsSandboxMessage {
  /** The transaction id answered for it; shared by every recipient of one classic `;` request. */
  trxId: string;
  /** Index of the mirror that took the request. */
  mirror: number;
  /** The endpoint path, e.g. `/isms_send_all_id.php`. */
  endpoint: string;
  /** Account username. */
  username: string;
  /** `dstno` as sent (digits). */
  to: string;
  /** `msg`. */
  text: string;
  /** `type`: 1 ASCII/GSM, 2 Unicode. */
  type: 1 | 2;
  /** `sendid`, when given. */
  senderId?: string;
  /** Credits billed. */
  credits: number;
  /** Latest delivery status. */
  status: IsmsDeliveryStatus;
  /** When it was accepted. */
  at: Date;
}

/** Accounts, credits and accepted messages, shared by every mirror. Bounded: only the newest records are kept. */
export class SandboxLedger {
  readonly #accounts = new Map<string, IsmsSandboxAccount>();
  readonly #messages: IsmsSandboxMessage[] = [];
  readonly #maxRecords: number;
  #nextTrxId = 1_143_007_200;
  #accepted = 0;

  constructor(accounts: readonly IsmsSandboxAccount[], maxRecords: number) {
    for (const account of accounts) this.#accounts.set(account.username, { ...account });
    this.#maxRecords = maxRecords;
  }

  /** The account when the credentials match. */
  authenticate(username: string, password: string): IsmsSandboxAccount | undefined {
    const account = this.#accounts.get(username);
    return account !== undefined && account.password === password ? account : undefined;
  }

  /** Credits left, or `undefined` for an unknown username. */
  credits(username: string): number | undefined {
    return this.#accounts.get(username)?.credits;
  }

  /** Sets an account's credits (creating the account is not possible here). */
  setCredits(username: string, credits: number): void {
    const account = this.#accounts.get(username);
    if (account !== undefined) account.credits = credits;
  }

  /** A fresh transaction id. */
  nextTrxId(): string {
    const id = String(this.#nextTrxId);
    this.#nextTrxId += 1;
    return id;
  }

  /** Bills and records accepted messages. The caller has checked the credits. */
  accept(account: IsmsSandboxAccount, messages: readonly IsmsSandboxMessage[]): void {
    for (const message of messages) {
      account.credits -= message.credits;
      this.#messages.push(message);
      this.#accepted += 1;
    }
    const excess = this.#messages.length - this.#maxRecords;
    if (excess > 0) this.#messages.splice(0, excess);
  }

  /** Every kept message, oldest first. */
  get messages(): readonly IsmsSandboxMessage[] {
    return this.#messages;
  }

  /** Messages accepted since start, including those no longer kept. */
  get acceptedCount(): number {
    return this.#accepted;
  }

  /** The kept messages of one transaction. */
  byTrxId(trxId: string): IsmsSandboxMessage[] {
    return this.#messages.filter((message) => message.trxId === trxId);
  }
}
