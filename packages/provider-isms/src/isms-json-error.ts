import type { PesanError } from '@pesan/core';
import { type IsmsErrorContext, ismsError, ismsInvalidResponse } from './isms-errors.js';

function vendorErrorCode(value: unknown): string | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : undefined;
  return text !== undefined && /^-1\d{3}$/.test(text) ? text : undefined;
}

/**
 * The error a JSON answer object declares, if it declares one: `status:
 * "error"` (any case) or an error code (`-1xxx`) in `code`. An explicit error
 * marker wins over every other field: `{"status":"error","code":"-1001",
 * "balance":"0"}` is an authentication failure, not a balance of 0, and
 * `{"status":"error","code":"-1004","results":[...]}` sent nothing.
 *
 * Returns `undefined` when the object declares no error.
 */
export function ismsJsonDeclaredError(
  record: Readonly<Record<string, unknown>>,
  context: IsmsErrorContext,
): PesanError | undefined {
  const code = vendorErrorCode(record.code);
  const declared = typeof record.status === 'string' && record.status.trim().toLowerCase() === 'error';
  if (code === undefined && !declared) return undefined;
  const message = typeof record.message === 'string' ? record.message : undefined;
  if (code !== undefined) return ismsError(message === undefined ? { code } : { code, message }, context);
  return ismsInvalidResponse(JSON.stringify(record), context, 'an error without a vendor code');
}
