/**
 * What every vendor sandbox is, whatever its protocol: loopback mirrors the
 * provider's `baseUrls` point at, a fault slot per mirror, and a way to stop.
 * A vendor sandbox extends it with its accounts, messages and callbacks.
 */
export interface VendorSandbox<Fault> {
  /** Origin of the first mirror, e.g. `http://127.0.0.1:50123`. */
  readonly url: string;
  /** Origin of every mirror, in order: pass as the provider's `baseUrls`. */
  readonly urls: readonly string[];
  /**
   * Installs (or, with `undefined`, clears) a fault on one mirror (0-based).
   * Resolves once it is in force.
   */
  setFault(mirror: number, fault: Fault | undefined): Promise<void>;
  /** Closes every server and socket, drops pending callbacks and timers. */
  stop(): Promise<void>;
}

/** The options every vendor sandbox takes for its mirrors. */
export interface VendorSandboxMirrorOptions {
  /** How many mirrors (servers) to start; each vendor sandbox states its default. */
  mirrors?: number;
  /** Port of the first mirror; mirror `i` listens on `port + i`. Default 0 (any free port). */
  port?: number;
  /** How long a `hang` fault holds a request before dropping the connection (default 60 000 ms). */
  maxHangMs?: number;
  /** How many requests are kept for inspection, the newest (default 1 000). */
  maxRecords?: number;
}
