import {
  type Attempt,
  type CallContext,
  type Capabilities,
  type Clock,
  countSegments,
  defineCapabilities,
  type InboundMessage,
  type Logger,
  type NativeOtpRequest,
  type NativeOtpSent,
  type OtpCheck,
  type OtpVerification,
  type OutboundMessage,
  PesanError,
  type ProviderV1,
  providerFailure,
  providerMessage,
  type SegmentInfo,
  type SendContext,
  type SendResult,
  type StatusReport,
  silentLogger,
  systemClock,
  toE164,
  toLogger,
  unrecognisedAnswer,
  type VendorAnswer,
  VendorConnection,
} from '@pesan/core';
import { type DeviceGatewayEnvelope, readDeviceGatewayAnswer } from './device-envelope.js';
import { isDeviceLevelFailure, isOtpRefusal } from './device-errors.js';
import { readDeviceHistory } from './device-history.js';
import { readDeviceMessageStatus } from './device-message-status.js';
import {
  DEVICE_GATEWAY_PATH,
  type DeviceGatewayOptions,
  type DeviceRef,
  deviceKey,
  parseDeviceGatewayOptions,
  type ResolvedDeviceGatewayOptions,
  type SimSlot,
} from './device-options.js';
import { DevicePool, type LeaseOutcome, type SimLease } from './device-pool.js';
import { readDeviceStates } from './device-states.js';
import { parseVendorTime } from './vendor-time.js';

/** Most incoming records one `get_history` request asks for (the page's maximum). */
export const DEVICE_HISTORY_LIMIT = 100;

/** How many sends' device and slot the provider remembers for `getStatus` (oldest forgotten first). */
export const DEVICE_CARRIERS_KEPT = 10_000;

/** Which phone and SIM carried a message. */
export interface DeviceCarrier {
  /** The phone. */
  device: DeviceRef;
  /** The SIM slot. */
  simSlot: SimSlot;
}

/**
 * `SendResult.raw` of a device gateway send, and `StatusReport.raw` of
 * `getStatus`: the gateway's answer (the JSON envelope as parsed) and the
 * phone and SIM that carried the message (when known).
 */
export interface DeviceGatewayRaw {
  /** The gateway's answer. */
  answer: unknown;
  /** The phone that carried the message. */
  device?: DeviceRef;
  /** Its SIM slot. */
  simSlot?: SimSlot;
}

const VENDOR = 'Device gateway';

/** A read's envelope and the answer it came in. */
interface DeviceGatewayRead {
  envelope: DeviceGatewayEnvelope;
  answer: VendorAnswer;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function deviceParameter(device: DeviceRef): Record<string, string> {
  return device.deviceUid !== undefined ? { device_uid: device.deviceUid } : { device_id: device.deviceId };
}

function messageIdOf(data: unknown): string | undefined {
  if (!isRecord(data)) return undefined;
  const id = data.message_id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  if (typeof id === 'string' && id.trim() !== '') return id.trim();
  return undefined;
}

/**
 * The Android device gateway provider (`type: 'device'`): SMS sent by the
 * account's own phones and SIMs. Build it with {@link deviceGateway}.
 *
 * Sends go to the least recently used SIM of the pool that is running and
 * under its send limit; statuses (`check_status`) and incoming messages
 * (`get_history`) are polled, as the gateway pushes nothing.
 */
export class DeviceGatewayProvider implements ProviderV1 {
  readonly specVersion = 'v1' as const;
  readonly type = 'device';
  readonly id: string;
  /** `nativeOtp` when every phone of the pool is named by `deviceUid` (`send_otp` takes no `device_id`). */
  readonly capabilities: Capabilities;

  readonly #options: ResolvedDeviceGatewayOptions;
  readonly #connection: VendorConnection;
  readonly #pool: DevicePool;
  readonly #clock: Clock;
  readonly #logger: Logger;
  readonly #carriers = new Map<string, DeviceCarrier>();

  constructor(options: ResolvedDeviceGatewayOptions) {
    this.#options = options;
    this.id = options.id;
    this.capabilities = defineCapabilities({
      channels: ['sms'],
      encodings: ['gsm7', 'ucs2'],
      status: true,
      inbound: true,
      nativeOtp: options.sims.every((sim) => sim.device.deviceUid !== undefined),
      // The phone splits a long text itself and the API states no limit: no maxCharacters or maxSegments.
    });
    this.#clock = options.clock ?? systemClock;
    this.#logger = toLogger(options.logger) ?? silentLogger;
    this.#connection = new VendorConnection({
      provider: options.id,
      vendor: VENDOR,
      origins: options.baseUrls,
      timeoutMs: options.timeoutMs,
      transport: options.transport,
      dispatcher: options.dispatcher,
      clock: options.clock,
      logger: options.logger,
      secrets: [options.apiKey],
    });
    this.#pool = new DevicePool({
      provider: options.id,
      sims: options.sims,
      clock: this.#clock,
      maxWaitMs: options.maxWaitMs,
      refreshIntervalMs: options.deviceStatusIntervalMs,
      sendWindows: options.sendWindows,
      logger: this.#connection.redactor.logger(this.#logger),
      readStates: async (context) => {
        // A read of the pool's states is not a try of the send that needed it: its attempts stay out of the send's.
        const readContext: CallContext = { ...context, recordAttempt: undefined };
        const { envelope } = await this.#read({ action: 'device_status' }, readContext);
        return readDeviceStates(envelope.data);
      },
    });
  }

  /** GSM 03.38 / UCS-2 parts, as the phone splits the text. Never calls the network. */
  segments(msg: OutboundMessage): SegmentInfo {
    return countSegments(msg.text ?? '', { encoding: msg.encoding ?? 'auto' });
  }

  /**
   * Sends one SMS (`send_sms`) from the least recently used SIM that is
   * running and under its limit. Resolves with status `queued` and the
   * gateway's `message_id`; `raw` names the phone and slot. A phone the
   * gateway reports offline is skipped and the next one tried; when no SIM
   * can take the message it fails `not_sent`.
   */
  async send(msg: OutboundMessage, ctx: SendContext = {}): Promise<SendResult> {
    const message = providerMessage(msg, ctx, this.id, this.#options.defaultRegion);
    this.#assertSendable(message);
    const segments = this.segments(message);
    const { lease, envelope, answer, attempts } = await this.#queue('send_sms', segments.segments, ctx, (sim) => ({
      ...deviceParameter(sim.device),
      phone_number: message.to,
      message: message.text ?? '',
      sim_slot: String(sim.simSlot),
    }));
    const messageId = messageIdOf(envelope.data);
    if (messageId === undefined) {
      await this.#settle(lease, 'unknown', ctx);
      const error = unrecognisedAnswer(
        answer.body,
        this.#connection.originOf(answer),
        'a success envelope without data.message_id',
      );
      throw this.#redact(error.with({ attempts, details: { ...error.details, device: lease.device } }));
    }
    await this.#settle(lease, 'queued', ctx);
    this.#remember(messageId, { device: lease.device, simSlot: lease.simSlot });
    const data = envelope.data as Record<string, unknown>;
    const vendorStatus = typeof data.status === 'string' ? data.status : 'pending';
    const status = readDeviceMessageStatus(vendorStatus).status;
    const raw: DeviceGatewayRaw = { answer: envelope, device: lease.device, simSlot: lease.simSlot };
    return {
      status: status === 'unknown' ? 'queued' : status,
      messageId,
      provider: this.id,
      providerType: this.type,
      to: message.to,
      segments: segments.segments,
      attempts,
      deliveryReports: false,
      notes: [
        `sent through ${deviceKey(lease.device)} SIM ${lease.simSlot}`,
        ...(message.from === undefined ? [] : ['from is ignored: a phone sends from its own SIM number']),
      ],
      raw: this.#redactValue(raw),
      ...(message.metadata === undefined ? {} : { metadata: message.metadata }),
    };
  }

  /**
   * Has the gateway make a code and send it (`send_otp`) from the least
   * recently used SIM that can take it: `length`, `expiry` in whole minutes
   * (rounded up) and `message` with `{code}` written as the gateway's
   * `{otp}`. Needs every phone of the pool named by `deviceUid`, as
   * `send_otp` takes no `device_id` (`capabilities.nativeOtp` says so).
   * The code never reaches pesan.
   */
  async sendOtp(request: NativeOtpRequest, ctx: SendContext = {}): Promise<NativeOtpSent> {
    if (!this.capabilities.nativeOtp) {
      throw new PesanError('UNSUPPORTED', {
        provider: this.id,
        outcome: 'rejected',
        message: 'send_otp takes a device_uid: name every phone of the pool by deviceUid to use the gateway’s OTP',
      });
    }
    const to = toE164(request.to, this.#options.defaultRegion);
    if (!Number.isInteger(request.length) || request.length < 4 || request.length > 10) {
      throw new PesanError('INVALID_MESSAGE', { provider: this.id, message: 'OTP length must be from 4 to 10' });
    }
    if (!Number.isFinite(request.ttlSeconds) || request.ttlSeconds <= 0) {
      throw new PesanError('INVALID_MESSAGE', { provider: this.id, message: 'OTP ttlSeconds must be > 0' });
    }
    if (typeof request.template !== 'string' || !request.template.includes('{code}')) {
      throw new PesanError('INVALID_MESSAGE', { provider: this.id, message: 'OTP template must hold {code}' });
    }
    const text = request.template.split('{code}').join('{otp}');
    const parts = countSegments(text.split('{otp}').join('0'.repeat(request.length))).segments;
    const expiryMinutes = Math.max(1, Math.ceil(request.ttlSeconds / 60));
    const { lease, envelope, attempts } = await this.#queue('send_otp', parts, ctx, (sim) => ({
      device_uid: sim.device.deviceUid ?? '',
      phone_number: to,
      length: String(request.length),
      expiry: String(expiryMinutes),
      message: text,
      sim_slot: String(sim.simSlot),
    }));
    await this.#settle(lease, 'queued', ctx);
    const messageId = messageIdOf(envelope.data);
    if (messageId !== undefined) this.#remember(messageId, { device: lease.device, simSlot: lease.simSlot });
    const expiresAt = isRecord(envelope.data)
      ? parseVendorTime(envelope.data.expires_at, this.#options.vendorUtcOffsetMinutes)
      : undefined;
    const raw: DeviceGatewayRaw = { answer: envelope, device: lease.device, simSlot: lease.simSlot };
    return {
      ...(messageId === undefined ? {} : { messageId }),
      ...(expiresAt === undefined ? {} : { expiresAt }),
      attempts,
      raw: this.#redactValue(raw),
    };
  }

  /**
   * Asks the gateway whether `code` is the live code of `to` (`verify_otp`);
   * a right code is used up. The gateway answers `Invalid or Expired OTP.`
   * for a wrong, used or expired code alike, so that is `mismatch`. Not
   * retried on another mirror once the request may have arrived (it would
   * find the code used).
   */
  async verifyOtp(check: OtpCheck, ctx: CallContext = {}): Promise<OtpVerification> {
    const to = toE164(check.to, this.#options.defaultRegion);
    let answer: VendorAnswer;
    try {
      answer = await this.#connection.call(
        {
          path: DEVICE_GATEWAY_PATH,
          form: { api_key: this.#options.apiKey, action: 'verify_otp', phone_number: to, otp_code: check.code },
        },
        ctx,
      );
    } catch (error) {
      throw this.#redact(providerFailure(error, this.id));
    }
    const reading = readDeviceGatewayAnswer(answer.body, this.#connection.originOf(answer));
    if (reading.ok) return { valid: true };
    if (isOtpRefusal(reading.error)) return { valid: false, reason: 'mismatch' };
    throw this.#redact(reading.error.with({ attempts: answer.attempts }));
  }

  /**
   * Queues one `action` on the least recently used SIM that is running and
   * under its limit, moving to the next phone when the gateway says one is
   * offline. Resolves with the success envelope and the SIM lent, which the
   * caller settles; rejects (with the lease settled) otherwise.
   */
  async #queue(
    action: 'send_sms' | 'send_otp',
    parts: number,
    ctx: SendContext,
    formFor: (sim: SimLease) => Record<string, string>,
  ): Promise<{ lease: SimLease; envelope: DeviceGatewayEnvelope; answer: VendorAnswer; attempts: Attempt[] }> {
    const attempts: Attempt[] = [];
    let deviceError: PesanError | undefined;
    // Each round either returns, throws, or marks one more phone down: bounded by the pool's size.
    for (let round = 0; round <= this.#options.sims.length; round++) {
      let lease: SimLease;
      try {
        lease = await this.#pool.acquire(parts, ctx);
      } catch (error) {
        const failure = providerFailure(error, this.id);
        if (deviceError !== undefined && failure.code === 'PROVIDER_UNAVAILABLE') {
          // Every phone is down now, the last because the gateway said so: its words are the best explanation.
          throw this.#redact(
            deviceError.with({
              attempts,
              message: `${deviceError.message}; no other phone of the pool can take the message, nothing was sent`,
            }),
          );
        }
        throw this.#redact(
          failure.with({
            attempts,
            ...(deviceError === undefined
              ? {}
              : {
                  message: `${failure.message}. The last phone tried answered: ${deviceError.vendorMessage ?? deviceError.message}`,
                  details: { ...failure.details, lastDeviceError: deviceError.toJSON() },
                }),
          }),
        );
      }
      this.#connection.loggerFor(ctx, this.#logger).debug('device gateway: sending', {
        provider: this.id,
        action,
        device: deviceKey(lease.device),
        simSlot: lease.simSlot,
        parts,
      });
      let answer: VendorAnswer;
      let reading: ReturnType<typeof readDeviceGatewayAnswer>;
      try {
        answer = await this.#connection.call(
          { path: DEVICE_GATEWAY_PATH, form: { api_key: this.#options.apiKey, action, ...formFor(lease) } },
          ctx,
        );
        reading = readDeviceGatewayAnswer(answer.body, this.#connection.originOf(answer));
      } catch (error) {
        const failure = providerFailure(error, this.id);
        await this.#settle(lease, failure.outcome === 'unknown' ? 'unknown' : 'not_queued', ctx);
        throw this.#redact(failure.with({ attempts: [...attempts, ...failure.attempts] }));
      }
      attempts.push(...answer.attempts);
      if (!reading.ok) {
        if (isDeviceLevelFailure(reading.error)) {
          deviceError = reading.error;
          await this.#settle(lease, 'device_unavailable', ctx);
          continue;
        }
        await this.#settle(lease, reading.error.outcome === 'unknown' ? 'unknown' : 'not_queued', ctx);
        throw this.#redact(reading.error.with({ attempts }));
      }
      return { lease, envelope: reading.envelope, answer, attempts };
    }
    throw this.#redact(
      new PesanError('PROVIDER_UNAVAILABLE', {
        provider: this.id,
        outcome: 'not_sent',
        message: 'Every phone of the pool refused the message as offline; nothing was sent',
        attempts,
      }),
    );
  }

  /**
   * The status of one message (`check_status`): `pending`/`queued` are
   * `queued`, `sent` is `sent` (scope `handset`: the phone handed it to the
   * network), `delivered` and `failed` as they say; any other value is
   * `unknown` with `vendorStatus` kept. `raw` names the phone and slot when
   * this provider sent the message.
   */
  async getStatus(messageId: string, ctx: CallContext = {}): Promise<StatusReport> {
    const { envelope, answer } = await this.#read({ action: 'check_status', message_id: messageId }, ctx);
    const data = envelope.data;
    if (!isRecord(data) || typeof data.status !== 'string') {
      const error = unrecognisedAnswer(answer.body, this.#connection.originOf(answer), 'a status without data.status');
      throw this.#redact(error.with({ attempts: answer.attempts }));
    }
    const reading = readDeviceMessageStatus(data.status);
    let to: string | undefined;
    if (typeof data.phone_number === 'string') {
      try {
        to = toE164(data.phone_number, this.#options.defaultRegion);
      } catch {
        to = undefined;
      }
    }
    const carrier = this.#carriers.get(messageId);
    const raw: DeviceGatewayRaw = { answer: envelope, ...(carrier ?? {}) };
    return {
      messageId,
      status: reading.status,
      scope: reading.scope,
      vendorStatus: data.status,
      ...(to === undefined ? {} : { to }),
      at: new Date(this.#clock.now()),
      raw: this.#redactValue(raw),
    };
  }

  /**
   * Incoming SMS received at or after `since` (`get_history`, `type=incoming`,
   * the last 100): senders in E.164, de-duplicated, oldest first. More than
   * 100 messages between two polls are not all seen: poll often enough.
   */
  async pollInbound(since: Date, ctx: CallContext = {}): Promise<InboundMessage[]> {
    const { envelope } = await this.#read(
      { action: 'get_history', type: 'incoming', limit: String(DEVICE_HISTORY_LIMIT) },
      ctx,
    );
    const reading = readDeviceHistory(envelope.data, since, {
      defaultRegion: this.#options.defaultRegion,
      utcOffsetMinutes: this.#options.vendorUtcOffsetMinutes,
    });
    if (reading.unreadable > 0) {
      this.#connection
        .loggerFor(ctx, this.#logger)
        .warn('device gateway: history records without sender, text or time skipped', {
          provider: this.id,
          skipped: reading.unreadable,
        });
    }
    // Someone may even text the key to a phone: it leaves the provider nowhere.
    return reading.messages.map((message) => this.#redactValue(message));
  }

  /**
   * What the provider knows of each SIM now: phone state, whether it is
   * skipped, and the parts in its window as its send window store last
   * answered.
   */
  sims(): ReturnType<DevicePool['snapshot']> {
    return this.#pool.snapshot();
  }

  /** Reads `device_status` and each SIM's send window now, then answers like {@link sims}. */
  async refreshDevices(ctx: CallContext = {}): Promise<ReturnType<DevicePool['snapshot']>> {
    await Promise.all([this.#pool.refresh(ctx), this.#pool.refreshUsage(ctx)]);
    return this.#pool.snapshot();
  }

  #assertSendable(message: OutboundMessage): void {
    const unsupported =
      (message.channel ?? 'sms') !== 'sms'
        ? 'WhatsApp'
        : message.binary !== undefined
          ? 'binary SMS'
          : message.flash === true
            ? 'flash SMS'
            : message.template !== undefined || message.media !== undefined
              ? 'templates and files'
              : undefined;
    if (unsupported !== undefined) {
      throw new PesanError('UNSUPPORTED', {
        provider: this.id,
        outcome: 'rejected',
        message: `The device gateway sends plain text SMS only, not ${unsupported}`,
      });
    }
    if ((message.text ?? '') === '') {
      throw new PesanError('INVALID_MESSAGE', { provider: this.id, message: 'The device gateway needs a text' });
    }
  }

  async #settle(lease: SimLease, outcome: LeaseOutcome, ctx: CallContext): Promise<void> {
    await this.#pool.settle(lease, outcome, ctx);
  }

  /** A read (`check_status`, `get_history`, `device_status`): safe on every mirror. */
  async #read(parameters: Record<string, string>, ctx: CallContext): Promise<DeviceGatewayRead> {
    let answer: VendorAnswer;
    try {
      answer = await this.#connection.call(
        { path: DEVICE_GATEWAY_PATH, form: { api_key: this.#options.apiKey, ...parameters }, kind: 'read' },
        ctx,
      );
    } catch (error) {
      throw this.#redact(providerFailure(error, this.id));
    }
    const reading = readDeviceGatewayAnswer(answer.body, this.#connection.originOf(answer));
    if (!reading.ok) throw this.#redact(reading.error.with({ attempts: answer.attempts }));
    return { envelope: reading.envelope, answer };
  }

  #remember(messageId: string, carrier: DeviceCarrier): void {
    this.#carriers.delete(messageId);
    this.#carriers.set(messageId, carrier);
    for (const oldest of this.#carriers.keys()) {
      if (this.#carriers.size <= DEVICE_CARRIERS_KEPT) break;
      this.#carriers.delete(oldest);
    }
  }

  #redact(error: PesanError): PesanError {
    return this.#connection.redact(error);
  }

  #redactValue<T>(value: T): T {
    return this.#connection.redact(value);
  }
}

/**
 * Creates a device gateway provider.
 *
 * @example
 * ```ts
 * import { deviceGateway } from '@pesan/provider-device';
 *
 * const provider = deviceGateway({
 *   apiKey: process.env.DEVICE_GATEWAY_API_KEY!,
 *   devices: [{ deviceUid: '70d05483459a53d7', simSlots: [1, 2] }, { deviceId: 12 }],
 * });
 * const result = await provider.send({ to: '+60123456789', text: 'Your code is 123456' });
 * ```
 *
 * @throws PesanError `INVALID_CONFIG` listing every bad option (the API key's value is never shown).
 */
export function deviceGateway(options: DeviceGatewayOptions): DeviceGatewayProvider {
  const resolved = parseDeviceGatewayOptions(options);
  try {
    toE164('+60123456789', resolved.defaultRegion);
  } catch (error) {
    throw PesanError.isInstance(error) ? error.with({ provider: resolved.id }) : error;
  }
  return new DeviceGatewayProvider(resolved);
}
