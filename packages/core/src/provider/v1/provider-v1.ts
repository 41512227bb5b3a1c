import type { Balance } from './balance.js';
import type { BulkResult } from './bulk-result.js';
import type { Capabilities } from './capabilities.js';
import type { InboundMessage } from './inbound-message.js';
import type { NativeOtpRequest } from './native-otp-request.js';
import type { NativeOtpSent } from './native-otp-sent.js';
import type { OtpCheck, OtpVerification } from './otp-verification.js';
import type { OutboundMessage } from './outbound-message.js';
import type { SegmentInfo } from './segment-info.js';
import type { CallContext, SendContext } from './send-context.js';
import type { SendResult } from './send-result.js';
import type { StatusReport } from './status-report.js';
import type { WebhookEvent } from './webhook-event.js';
import type { WebhookRequest } from './webhook-request.js';

/**
 * Version 1 of the provider contract. A provider adapts one vendor; it does no
 * routing, cross-provider retrying or rate limiting (the messenger does), but
 * it does walk its vendor's mirror endpoints through the core HTTP transport.
 *
 * Optional methods are absent when the vendor cannot do the thing: never a
 * stub that throws. `ctx` may always be omitted.
 */
export interface ProviderV1 {
  /** Contract version. */
  readonly specVersion: 'v1';
  /** Provider type: `isms`, `ezsms`, `waba`, `device` or a community name. */
  readonly type: string;
  /** Instance name from config, e.g. `isms-primary`. */
  readonly id: string;
  /** What this provider can do. */
  readonly capabilities: Capabilities;

  /**
   * Sends one message. `msg.to` is already E.164 when called by the messenger.
   * Resolves when the vendor accepted it; rejects with `PesanError` otherwise.
   */
  send(msg: OutboundMessage, ctx?: SendContext): Promise<SendResult>;

  /**
   * Sends many messages with the vendor's batching. Resolves with one item per
   * input, in input order; per-message failures are items, not a rejection.
   */
  sendBulk?(msgs: OutboundMessage[], ctx?: SendContext): Promise<BulkResult>;

  /** Remaining credit. */
  getBalance?(ctx?: CallContext): Promise<Balance>;

  /** Asks the vendor for the status of one message. */
  getStatus?(messageId: string, ctx?: CallContext): Promise<StatusReport>;

  /**
   * Turns a vendor callback into events. Throws `PesanError`
   * (`INVALID_RESPONSE`) when the payload cannot be read.
   */
  parseWebhook?(request: WebhookRequest): WebhookEvent[];

  /** Inbound messages received since `since`, for vendors without push. */
  pollInbound?(since: Date, ctx?: CallContext): Promise<InboundMessage[]>;

  /**
   * Has the vendor make a code and send it by SMS (`capabilities.nativeOtp`).
   * Resolves when the vendor accepted; rejects with `PesanError` otherwise.
   * The messenger applies its own cooldown and send limits first.
   */
  sendOtp?(request: NativeOtpRequest, ctx?: SendContext): Promise<NativeOtpSent>;

  /**
   * Asks the vendor whether `check.code` is the live code of `check.to`
   * (`capabilities.nativeOtp`). A wrong or expired code resolves
   * `{ valid: false }`; only a failed call rejects.
   */
  verifyOtp?(check: OtpCheck, ctx?: CallContext): Promise<OtpVerification>;

  /** Encoding, parts and credits by the vendor's own billing rules. Never calls the network. */
  segments(msg: OutboundMessage): SegmentInfo;
}
