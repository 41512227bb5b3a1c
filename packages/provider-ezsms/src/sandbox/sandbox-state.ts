import { SandboxRecords } from '@pesan/core/testing/sandbox';
import type { AccountState, EzsmsSandboxAccount } from './sandbox-account.js';
import type { EzsmsSandboxMessage } from './sandbox-message.js';

/** Limits that keep the sandbox's memory bounded. */
export interface SandboxLimits {
  maxMessages: number;
  maxSeqnos: number;
  seqnoTtlMs: number;
}

/** Accounts, credits, messages and seqno memory shared by every mirror. */
export class SandboxState {
  readonly #accounts = new Map<string, AccountState>();
  readonly #messages: SandboxRecords<EzsmsSandboxMessage>;
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
    this.#messages = new SandboxRecords(limits.maxMessages);
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
    this.#messages.add(message);
  }

  findMessage(messageId: string): EzsmsSandboxMessage | undefined {
    return this.#messages.items.find((message) => message.messageId === messageId);
  }

  messages(): EzsmsSandboxMessage[] {
    return this.#messages.items.map((message) => ({ ...message }));
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
