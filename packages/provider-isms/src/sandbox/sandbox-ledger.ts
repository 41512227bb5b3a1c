import { SandboxRecords } from '@pesan/core/testing/sandbox';
import type { IsmsSandboxMessage } from './sandbox-message.js';

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

/** Accounts, credits and accepted messages, shared by every mirror. Bounded: only the newest records are kept. */
export class SandboxLedger {
  readonly #accounts = new Map<string, IsmsSandboxAccount>();
  readonly #messages: SandboxRecords<IsmsSandboxMessage>;
  #nextTrxId = 1_143_007_200;

  constructor(accounts: readonly IsmsSandboxAccount[], maxRecords: number) {
    for (const account of accounts) this.#accounts.set(account.username, { ...account });
    this.#messages = new SandboxRecords(maxRecords);
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
    for (const message of messages) account.credits -= message.credits;
    this.#messages.add(...messages);
  }

  /** Every kept message, oldest first. */
  get messages(): readonly IsmsSandboxMessage[] {
    return this.#messages.items;
  }

  /** Messages accepted since start, including those no longer kept. */
  get acceptedCount(): number {
    return this.#messages.total;
  }

  /** The kept messages of one transaction. */
  byTrxId(trxId: string): IsmsSandboxMessage[] {
    return this.#messages.items.filter((message) => message.trxId === trxId);
  }
}
