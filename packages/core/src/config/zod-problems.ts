import type { z } from 'zod';
import { formatPath } from './env-interpolation.js';

/** A parse-level error map: a missing value reads `required`, not zod's type message. */
export const requiredErrorMap = (issue: { code?: string; input?: unknown }): string | undefined =>
  issue.code === 'invalid_type' && issue.input === undefined ? 'required' : undefined;

/** zod issues as `path: message` lines under `base` (one line per unknown key). */
export function zodProblems(error: z.ZodError, base: string): string[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.reduce<string>(
      (at, segment) => formatPath(at, typeof segment === 'number' ? segment : String(segment)),
      base,
    );
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${formatPath(path, key)}: unknown option`);
    }
    return [`${path || '(root)'}: ${issue.message}`];
  });
}
