/** Remaining credit at a vendor. */
export interface Balance {
  /** Provider instance id. */
  provider: string;
  /** Amount left. */
  amount: number;
  /** What `amount` counts: vendor credits, or an ISO currency code. */
  unit: string;
  /** Credits used to date, when the vendor says. */
  used?: number;
  /** The vendor's answer, untouched. */
  raw: unknown;
}
