import { PesanError } from '../errors/pesan-error.js';

/**
 * What a provider threw, as a `PesanError` naming the provider. Anything
 * else a provider throws is a bug whose effect is unknown, so it counts as
 * outcome `unknown`: the message may have left.
 */
export function providerFailure(thrown: unknown, provider: string): PesanError {
  if (PesanError.isInstance(thrown)) return thrown.provider ? thrown : thrown.with({ provider });
  const reason = thrown instanceof Error ? thrown.message : String(thrown);
  return new PesanError('UNKNOWN', {
    message: `Provider "${provider}" threw: ${reason}`,
    outcome: 'unknown',
    provider,
    cause: thrown,
  });
}

/** `thrown` as a `PesanError`; anything else becomes `UNKNOWN` (outcome `unknown`), as it may have left. */
export function asPesanError(thrown: unknown): PesanError {
  if (PesanError.isInstance(thrown)) return thrown;
  return new PesanError('UNKNOWN', {
    message: thrown instanceof Error ? thrown.message : String(thrown),
    outcome: 'unknown',
    cause: thrown,
  });
}
