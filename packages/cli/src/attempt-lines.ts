import type { Attempt } from '@pesan/core';

/** Every attempt on a line of its own: `1. isms http://127.0.0.1:4100 success 12 ms`. */
export function attemptLines(attempts: readonly Attempt[]): string[] {
  return attempts.map((attempt, index) => {
    const parts = [
      `${index + 1}.`,
      attempt.provider,
      attempt.endpoint ?? '(no request)',
      attempt.outcome,
      ...(attempt.errorCode === undefined ? [] : [attempt.errorCode]),
      `${Math.round(attempt.durationMs)} ms`,
      ...(attempt.reason === undefined ? [] : [`- ${attempt.reason}`]),
    ];
    return parts.join(' ');
  });
}
