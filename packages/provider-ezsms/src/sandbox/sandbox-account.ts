/** An account the sandbox knows. */
export interface EzsmsSandboxAccount {
  username: string;
  password: string;
  /** Credits at start. */
  credits: number;
  /** Whether the account may transfer credits to customers. */
  reseller?: boolean;
}

/** An account and its running credit. */
export interface AccountState {
  account: EzsmsSandboxAccount;
  credits: number;
  used: number;
}
