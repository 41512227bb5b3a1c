import { PesanError } from '@pesan/core';

/** What a secret is replaced with. */
export const REDACTED = '***';

// Deep enough for any vendor answer or error; deeper values are cut rather than walked forever (cycles).
const MAX_DEPTH = 12;

/** Whether `secret` occurs in any string of `value` (keys, errors and their causes included). */
export function containsSecret(value: unknown, secret: string, depth = 0): boolean {
  if (secret === '' || value === undefined || value === null) return false;
  if (typeof value === 'string') return value.includes(secret);
  if (typeof value !== 'object' || value instanceof Date) return false;
  if (depth >= MAX_DEPTH) return true;
  if (value instanceof Error || PesanError.isInstance(value)) {
    const error = value as Error & Partial<PesanError>;
    return [error.message, error.stack, error.vendorMessage, error.endpoint, error.details, error.cause].some((part) =>
      containsSecret(part, secret, depth + 1),
    );
  }
  if (Array.isArray(value)) return value.some((entry) => containsSecret(entry, secret, depth + 1));
  return Object.entries(value).some(([key, entry]) => key.includes(secret) || containsSecret(entry, secret, depth + 1));
}

/**
 * `value` with every occurrence of `secret` in its strings replaced by
 * `***`: plain objects and arrays are copied, errors rebuilt, anything
 * without the secret returned as is.
 */
export function redactSecret<T>(value: T, secret: string, depth = 0): T {
  if (!containsSecret(value, secret)) return value;
  if (typeof value === 'string') return value.split(secret).join(REDACTED) as T;
  if (depth >= MAX_DEPTH) return REDACTED as T;
  if (PesanError.isInstance(value)) return redactError(value, secret, depth + 1) as T;
  if (value instanceof Error) return new Error(redactSecret(value.message, secret)) as T;
  if (Array.isArray(value)) return value.map((entry) => redactSecret(entry, secret, depth + 1)) as T;
  const copy: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value as Record<string, unknown>)) {
    copy[redactSecret(key, secret)] = redactSecret(entry, secret, depth + 1);
  }
  return copy as T;
}

/**
 * `error` without `secret` anywhere a log line or `toJSON` could show it:
 * message, vendor message, endpoint, details (attempts and nested errors
 * included) and cause. An error that never held it is returned as is.
 */
export function redactError(error: PesanError, secret: string, depth = 0): PesanError {
  const parts = [error.message, error.vendorMessage, error.endpoint, error.details, error.cause];
  if (!parts.some((part) => containsSecret(part, secret))) return error;
  return new PesanError(error.code, {
    message: redactSecret(error.message, secret),
    outcome: error.outcome,
    vendorCode: error.vendorCode,
    vendorMessage: redactSecret(error.vendorMessage, secret),
    provider: error.provider,
    endpoint: redactSecret(error.endpoint, secret),
    retryable: error.retryable,
    details: redactSecret(error.details, secret, depth + 1),
    cause: redactSecret(error.cause, secret, depth + 1),
  });
}
