import { countSegments } from '../encoding/segment-counter.js';
import { PesanError } from '../errors/pesan-error.js';
import type { Attempt } from '../provider/v1/attempt.js';
import type { Balance } from '../provider/v1/balance.js';
import type { BulkItem, BulkResult } from '../provider/v1/bulk-result.js';
import type { Capabilities } from '../provider/v1/capabilities.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { SegmentInfo } from '../provider/v1/segment-info.js';
import type { CallContext, SendContext } from '../provider/v1/send-context.js';
import type { SendResult } from '../provider/v1/send-result.js';
import type { StatusReport } from '../provider/v1/status-report.js';

/** What one call of a fake provider does. */
export type FakeOutcome =
  /** Accepts the message. */
  | 'success'
  /** Fails with `PROVIDER_UNAVAILABLE` (`not_sent`). */
  | 'not_sent'
  /** Fails with `INVALID_RECIPIENT` (`rejected`). */
  | 'rejected'
  /** Fails with `TIMEOUT` (`unknown`). */
  | 'unknown'
  /** Fails with this error. */
  | PesanError
  /** Accepts the message; these fields override the result. */
  | { result: Partial<SendResult> }
  /** Decides per call; may wait (for a gate the test opens). */
  | ((message: OutboundMessage, call: FakeCall) => FakeOutcome | Promise<FakeOutcome>);

/** What a behaviour function is told about the call. */
export interface FakeCall {
  /** 1 for the first call of the provider (each endpoint try counts). */
  number: number;
  /** The endpoint tried, when the fake has `endpoints`. */
  endpoint?: string;
  context?: SendContext;
}

/** Options of {@link createFakeProvider}. */
export interface FakeProviderOptions {
  id: string;
  /** Default `fake`. */
  type?: string;
  /** Merged over SMS-only defaults (gsm7 and ucs2, `maxBatch` 1). */
  capabilities?: Partial<Capabilities>;
  /**
   * One outcome for every call, or one per call in order (the last repeats).
   * Default `'success'`.
   */
  behaviour?: FakeOutcome | readonly FakeOutcome[];
  /**
   * Origins the fake pretends to call, like the HTTP transport does: each is
   * cleared with `ctx.endpointGuard`, reported back, and recorded with
   * `ctx.recordAttempt`; after `not_sent` the next one is tried. Without
   * endpoints the fake records no attempts at all (the messenger adds one).
   */
  endpoints?: readonly string[];
  /** Adds `sendBulk` (give `capabilities.maxBatch` > 1 too); each item follows `behaviour`. */
  bulk?: boolean;
  /** Adds `getBalance` answering this amount. */
  balance?: number;
  /** Adds `getStatus` answering this. */
  status?: (messageId: string) => StatusReport;
  /** Vendor credits per segment, reported by `segments()`. */
  creditsPerSegment?: number;
}

/** A fake provider and what it saw. */
export interface FakeProvider extends ProviderV1 {
  /** Every message `send` was called with, in order (each endpoint try once). */
  readonly calls: OutboundMessage[];
  /** Every batch `sendBulk` was called with. */
  readonly bulkCalls: OutboundMessage[][];
  /** The context of each `send` and `sendBulk` call. */
  readonly contexts: (SendContext | undefined)[];
}

const DEFAULT_CAPABILITIES: Capabilities = {
  channels: ['sms'],
  encodings: ['gsm7', 'ucs2'],
  maxBatch: 1,
  personalisedBulk: true,
  flash: false,
  binary: false,
  templates: false,
  files: false,
  balance: false,
  status: false,
  deliveryReports: false,
  inbound: false,
  nativeOtp: false,
  idempotent: false,
};

function errorFor(outcome: 'not_sent' | 'rejected' | 'unknown', provider: string, endpoint?: string): PesanError {
  const code =
    outcome === 'not_sent' ? 'PROVIDER_UNAVAILABLE' : outcome === 'rejected' ? 'INVALID_RECIPIENT' : 'TIMEOUT';
  return new PesanError(code, { provider, endpoint, message: `fake ${provider}: ${outcome}` });
}

/**
 * An in-memory {@link ProviderV1} for tests: scripted outcomes, optional
 * endpoints walked through the circuit breakers, and a record of every call.
 *
 * @example
 * ```ts
 * const primary = createFakeProvider({ id: 'primary', behaviour: ['not_sent', 'success'] });
 * ```
 */
export function createFakeProvider(options: FakeProviderOptions): FakeProvider {
  const capabilities: Capabilities = {
    ...DEFAULT_CAPABILITIES,
    ...options.capabilities,
    ...(options.balance === undefined ? {} : { balance: true }),
    ...(options.status === undefined ? {} : { status: true }),
  };
  const type = options.type ?? 'fake';
  const calls: OutboundMessage[] = [];
  const bulkCalls: OutboundMessage[][] = [];
  const contexts: (SendContext | undefined)[] = [];
  const script: readonly FakeOutcome[] = Array.isArray(options.behaviour)
    ? (options.behaviour as readonly FakeOutcome[])
    : [(options.behaviour as FakeOutcome | undefined) ?? 'success'];
  let sequence = 0;
  let messageIds = 0;

  const segments = (message: OutboundMessage): SegmentInfo => {
    const info: SegmentInfo = message.binary
      ? { encoding: 'binary', units: message.binary.hex.length / 2, segments: 1, perSegment: 140 }
      : countSegments(message.text ?? '', { encoding: message.encoding ?? 'auto' });
    return options.creditsPerSegment === undefined
      ? info
      : { ...info, credits: info.segments * options.creditsPerSegment };
  };

  /** Runs the scripted outcome of one call: resolves with a result, or rejects. */
  const once = async (message: OutboundMessage, call: FakeCall): Promise<SendResult> => {
    let outcome: FakeOutcome = script[Math.min(call.number - 1, script.length - 1)] ?? 'success';
    // Bounded: a behaviour function returning functions forever is a test bug.
    for (let depth = 0; typeof outcome === 'function' && depth < 10; depth++) outcome = await outcome(message, call);
    if (typeof outcome === 'function') throw new Error('behaviour functions nested too deep');
    if (outcome === 'not_sent' || outcome === 'rejected' || outcome === 'unknown') {
      throw errorFor(outcome, options.id, call.endpoint);
    }
    if (PesanError.isInstance(outcome)) throw outcome;
    messageIds += 1;
    const info = segments(message);
    return {
      status: 'queued',
      messageId: `${options.id}-${messageIds}`,
      provider: options.id,
      providerType: type,
      to: message.to,
      segments: info.segments,
      ...(info.credits === undefined ? {} : { credits: info.credits }),
      attempts: [],
      raw: { fake: true },
      ...(outcome === 'success' ? {} : outcome.result),
    };
  };

  const send = async (message: OutboundMessage, context?: SendContext): Promise<SendResult> => {
    contexts.push(context);
    if (!options.endpoints?.length) {
      calls.push(message);
      sequence += 1;
      return once(message, { number: sequence, context });
    }
    // Walks the endpoints the way the HTTP transport does.
    const attempts: Attempt[] = [];
    const record = (attempt: Attempt) => {
      attempts.push(attempt);
      context?.recordAttempt?.(attempt);
    };
    let lastError: PesanError | undefined;
    for (const endpoint of options.endpoints) {
      const startedAt = new Date();
      if (context?.endpointGuard && !context.endpointGuard.allow(options.id, endpoint)) {
        record({
          provider: options.id,
          endpoint,
          outcome: 'skipped',
          reason: 'circuit open',
          durationMs: 0,
          startedAt,
        });
        continue;
      }
      calls.push(message);
      sequence += 1;
      try {
        const result = await once(message, { number: sequence, endpoint, context });
        context?.endpointGuard?.report(options.id, endpoint, 'success');
        record({ provider: options.id, endpoint, outcome: 'success', durationMs: 0, startedAt });
        return { ...result, attempts };
      } catch (error) {
        const failure = PesanError.isInstance(error) ? error : errorFor('unknown', options.id, endpoint);
        if (failure.outcome !== 'rejected') context?.endpointGuard?.report(options.id, endpoint, 'failure');
        record({
          provider: options.id,
          endpoint,
          outcome: failure.outcome,
          errorCode: failure.code,
          durationMs: 0,
          startedAt,
        });
        lastError = failure;
        const mayContinue =
          failure.outcome === 'not_sent' || (failure.outcome === 'unknown' && context?.delivery === 'at-least-once');
        if (!mayContinue) throw failure;
      }
    }
    throw (
      lastError ??
      new PesanError('PROVIDER_UNAVAILABLE', {
        provider: options.id,
        message: `fake ${options.id}: every endpoint is open`,
      })
    );
  };

  const provider: FakeProvider = {
    specVersion: 'v1',
    type,
    id: options.id,
    capabilities,
    calls,
    bulkCalls,
    contexts,
    send,
    segments,
  };
  if (options.bulk) {
    provider.sendBulk = async (messages: OutboundMessage[], context?: SendContext): Promise<BulkResult> => {
      bulkCalls.push(messages);
      contexts.push(context);
      const items: BulkItem[] = [];
      for (const message of messages) {
        sequence += 1;
        try {
          items.push({ ok: true, result: await once(message, { number: sequence, context }) });
        } catch (error) {
          const failure = PesanError.isInstance(error) ? error : errorFor('unknown', options.id);
          items.push({ ok: false, error: failure, to: message.to });
        }
      }
      const sent = items.filter((item) => item.ok).length;
      return { items, totals: { sent, failed: items.length - sent } };
    };
  }
  if (options.balance !== undefined) {
    const amount = options.balance;
    provider.getBalance = async (_context?: CallContext): Promise<Balance> => ({
      provider: options.id,
      amount,
      unit: 'credits',
      raw: { amount },
    });
  }
  if (options.status) {
    const status = options.status;
    provider.getStatus = async (messageId: string, _context?: CallContext) => status(messageId);
  }
  return provider;
}
