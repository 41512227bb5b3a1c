import { type PesanError, unrecognisedAnswer, type VendorAnswerOrigin } from '@pesan/core';
import { deviceGatewayError } from './device-errors.js';

/**
 * Every gateway answer: `{ "status": "success" | "error", "message": "...",
 * "response": true | false, "data": { ... } }`.
 */
export interface DeviceGatewayEnvelope {
  /** `success` or `error`. */
  status: 'success' | 'error';
  /** The gateway's words. */
  message: string;
  /** `true` on success. */
  response?: unknown;
  /** The action's answer. */
  data?: unknown;
}

/** What reading an answer gave: the success envelope, or the error to throw. */
export type DeviceGatewayReading = { ok: true; envelope: DeviceGatewayEnvelope } | { ok: false; error: PesanError };

/**
 * The longest answer read, in characters: `get_history` returns at most 100
 * records, each a message of a few hundred characters with its fields. A
 * longer body is refused before it is parsed.
 */
export const DEVICE_GATEWAY_ANSWER_MAX_LENGTH = 1024 * 1024;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads an answer body. An explicit error marker (`status: "error"` or
 * `response: false`) wins over any other field; anything that is not the
 * envelope, or longer than {@link DEVICE_GATEWAY_ANSWER_MAX_LENGTH}, is
 * `INVALID_RESPONSE` by the kit's one rule.
 */
export function readDeviceGatewayAnswer(body: string, origin: VendorAnswerOrigin): DeviceGatewayReading {
  if (body.length > DEVICE_GATEWAY_ANSWER_MAX_LENGTH) {
    return {
      ok: false,
      error: unrecognisedAnswer(body, origin, `${body.length} characters, more than an answer can be`),
    };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return { ok: false, error: unrecognisedAnswer(body, origin) };
  }
  if (!isRecord(parsed) || typeof parsed.status !== 'string') {
    return { ok: false, error: unrecognisedAnswer(body, origin, 'JSON without the status envelope') };
  }
  const status = parsed.status.trim().toLowerCase();
  const message = typeof parsed.message === 'string' ? parsed.message : '';
  if (status === 'error' || parsed.response === false) {
    return { ok: false, error: deviceGatewayError(message, origin) };
  }
  if (status !== 'success') {
    return { ok: false, error: unrecognisedAnswer(body, origin, `an envelope with status ${JSON.stringify(status)}`) };
  }
  return { ok: true, envelope: { status: 'success', message, response: parsed.response, data: parsed.data } };
}
