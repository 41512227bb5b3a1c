import { PesanError } from '../errors/pesan-error.js';

/** `INVALID_CONFIG` listing every problem, one per line, each led by its path. */
export function invalidConfigError(problems: readonly string[]): PesanError {
  return new PesanError('INVALID_CONFIG', {
    message: `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((problem) => `- ${problem}`).join('\n')}`,
    details: { problems: [...problems] },
  });
}
