/**
 * What `pesan` exits with. Scripts branch on these, so they never change
 * meaning: add new codes, never renumber.
 */
export const EXIT_CODES = {
  /** Everything asked for was done (every message accepted). */
  ok: 0,
  /** Not sent: the vendor certainly did not take it (`not_sent`) or refused it (`rejected`); for `bulk`, any message failed. */
  notSent: 1,
  /** Bad command line or configuration: nothing was sent. */
  usage: 2,
  /** Outcome unknown: the message may have been sent. Do not retry blindly. */
  outcomeUnknown: 3,
  /** Stopped by Ctrl-C (SIGINT); `bulk` can be continued with `--resume`. */
  interrupted: 130,
} as const;

/** One of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];

/** The exit codes as `pesan --help` prints them. */
export const EXIT_CODES_HELP = `Exit codes:
  0    success (every message accepted)
  1    not sent: refused by the vendor or certainly not delivered to it
       (outcome not_sent or rejected); bulk: any message failed
  2    usage or configuration error: nothing was sent
  3    outcome unknown: the message may have been sent, do not retry blindly
  130  interrupted (Ctrl-C); continue a bulk send with --resume <checkpoint>`;
