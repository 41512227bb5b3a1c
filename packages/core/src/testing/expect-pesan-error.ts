import { PesanError } from '../errors/pesan-error.js';

/**
 * Awaits `promise` and returns the `PesanError` it rejects with; throws (so
 * fails the test, under any runner: vitest, jest, `node:test`) when it
 * resolves or rejects with anything else.
 *
 * ```ts
 * const error = await expectPesanError(provider.send({ to: '+60123456789', text: 'x' }));
 * expect(error).toMatchObject({ code: 'AUTH_FAILED', outcome: 'not_sent' });
 * ```
 */
export async function expectPesanError(promise: Promise<unknown>): Promise<PesanError> {
  try {
    await promise;
  } catch (error) {
    if (PesanError.isInstance(error)) return error;
    throw new Error(`expected a PesanError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected the call to fail');
}
