import { randomBytes } from 'node:crypto';
import { inject, injectable } from 'tsyringe';
import { TOKENS } from '../di/tokens.js';
import { PesanError } from '../errors/pesan-error.js';
import { ProviderCaller } from '../messenger/provider-caller.js';
import { ResolvedMessengerOptions } from '../messenger/resolved-messenger-options.js';
import { toE164 } from '../phone/to-e164.js';
import type { Channel } from '../provider/v1/channel.js';
import type { Logger } from '../provider/v1/logger.js';
import type { OtpVerification } from '../provider/v1/otp-verification.js';
import type { OutboundMessage } from '../provider/v1/outbound-message.js';
import type { ProviderV1 } from '../provider/v1/provider-v1.js';
import type { SendResult } from '../provider/v1/send-result.js';
import { ProviderLimiter } from '../resilience/provider-limiter.js';
import type { RoutePlan } from '../routing/route-plan.js';
import type { Clock } from '../runtime/clock.js';
import type { OtpSendOptions, OtpSendResult, OtpVerifyOptions } from './messenger-otp.js';
import { generateOtpCode, hashOtpCode, otpCodeMatches, otpSalt } from './otp-code.js';
import { OTP_LENGTH_RANGE, type ResolvedOtpOptions } from './otp-options.js';
import type { OtpCodeRecord, OtpEntry, OtpStore } from './otp-store.js';
import { DEFAULT_OTP_TEMPLATE, maskedOtpCode, OTP_CODE_PLACEHOLDER, withOtpCode, withOtpMinutes } from './otp-text.js';

/** How the OTP service reaches the messenger's route. */
export interface OtpDelivery {
  /** The route plan of `message`, without moving round-robin positions. */
  plan(message: OutboundMessage): Promise<RoutePlan>;
  /**
   * Sends `message` along the route with failover by the delivery mode.
   * Events, the status store and results show `shown` in its place, so the
   * code never leaves the vendor request.
   */
  deliver(message: OutboundMessage, shown: OutboundMessage, signal: AbortSignal): Promise<SendResult>;
}

/** A send, validated. */
interface OtpRequest {
  to: string;
  length: number;
  ttlSeconds: number;
  channel: Channel;
  /** SMS: the text with `{code}` (and `{minutes}` filled in). WhatsApp: the template name. */
  template: string;
  idempotencyKey?: string;
}

// Compare-and-set rounds before giving up: each lost round means another writer changed the entry.
const MAX_ROUNDS = 16;
const SECOND = 1000;

function codeId(): string {
  return randomBytes(12).toString('base64url');
}

function invalid(message: string): PesanError {
  return new PesanError('INVALID_MESSAGE', { message });
}

function rateLimited(message: string, retryAfterMs: number, details: Record<string, unknown> = {}): PesanError {
  return new PesanError('RATE_LIMITED', {
    message,
    outcome: 'not_sent',
    retryable: true,
    details: { ...details, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / SECOND)) },
  });
}

/**
 * `messenger.otp`: codes from `crypto.randomInt`, only their keyed hash in
 * the {@link OtpStore}, one live code per number, a resend cooldown and a
 * per-window send limit checked before any provider is called, attempts
 * counted per code, and every change to an entry made by compare-and-set so
 * that concurrent checks of one code succeed at most once. When the route's
 * first provider has native OTP (and `native` is `prefer`), its vendor makes
 * and checks the code instead.
 */
@injectable()
export class OtpService {
  private readonly providers: ReadonlyMap<string, ProviderV1>;

  constructor(
    @inject(ResolvedMessengerOptions) private readonly settings: ResolvedMessengerOptions,
    @inject(TOKENS.OtpStore) private readonly store: OtpStore,
    @inject(ProviderCaller) private readonly caller: ProviderCaller,
    @inject(ProviderLimiter) private readonly limiter: ProviderLimiter,
    @inject(TOKENS.Clock) private readonly clock: Clock,
    @inject(TOKENS.Logger) private readonly logger: Logger,
  ) {
    this.providers = settings.providers;
  }

  /** `messenger.otp.send`; `signal` already follows `input.signal` and the messenger's shutdown. */
  async send(input: OtpSendOptions, delivery: OtpDelivery, signal: AbortSignal): Promise<OtpSendResult> {
    const options = this.options();
    const request = this.request(input, options);
    const now = this.clock.now();

    const known = await this.store.get(request.to);
    const replay = known?.code;
    if (request.idempotencyKey !== undefined && replay?.idempotencyKey === request.idempotencyKey) {
      if (replay.expiresAt > now && replay.provider !== undefined) return this.resultOf(request.to, replay);
    }

    const masked = this.message(request, maskedOtpCode(request.length), 'masked');
    const plan = await delivery.plan(masked);
    const native = this.nativeProvider(plan, request, options);
    const id = codeId();
    const expiresAt = now + request.ttlSeconds * SECOND;
    const fields = {
      id,
      channel: request.channel,
      sentAt: now,
      expiresAt,
      attempts: 0,
      ...(request.idempotencyKey === undefined ? {} : { idempotencyKey: request.idempotencyKey }),
    };

    if (native !== undefined) {
      const reserved = await this.reserve(request.to, { ...fields, kind: 'native', provider: native.id }, options);
      return this.sendNative(native, request, reserved, signal);
    }

    const code = generateOtpCode(request.length);
    const salt = otpSalt();
    const hash = hashOtpCode(options.secret, salt, request.to, code);
    const reserved = await this.reserve(request.to, { ...fields, kind: 'hash', hash, salt }, options);
    let result: SendResult;
    try {
      result = await delivery.deliver(
        this.message(request, code, id),
        { ...masked, idempotencyKey: `otp-${id}` },
        signal,
      );
    } catch (error) {
      await this.release(request.to, reserved, error);
      if (PesanError.isInstance(error) && error.outcome === 'unknown' && error.provider !== undefined) {
        // The code may have arrived: it stays live, and who may have sent it is recorded.
        await this.settle(request.to, { ...reserved.code, provider: error.provider });
      }
      throw error;
    }
    const channel: Channel =
      request.channel === 'whatsapp' && this.providers.get(result.provider)?.capabilities.channels.includes('whatsapp')
        ? 'whatsapp'
        : 'sms';
    const sent: OtpCodeRecord = {
      ...reserved.code,
      provider: result.provider,
      channel,
      ...(result.messageId === undefined ? {} : { messageId: result.messageId }),
    };
    await this.settle(request.to, sent);
    this.logger.info('pesan: OTP sent', {
      to: request.to,
      provider: result.provider,
      channel,
      native: false,
      expiresAt: new Date(expiresAt).toISOString(),
    });
    return this.resultOf(request.to, sent);
  }

  /** `messenger.otp.verify`; `signal` (for a native check) already follows `input.signal` and the shutdown. */
  async verify(input: OtpVerifyOptions, signal: AbortSignal): Promise<OtpVerification> {
    const options = this.options();
    if (typeof input !== 'object' || input === null) throw invalid('otp.verify needs { to, code }');
    const to = toE164(input.to, this.settings.defaultRegion);
    const typed = typeof input.code === 'string' ? input.code.replace(/\s+/g, '') : '';

    for (let round = 0; round < MAX_ROUNDS; round++) {
      const entry = await this.store.get(to);
      const code = entry?.code;
      const refusal = this.refusal(code, options);
      if (refusal !== undefined) return this.checked(to, refusal);
      if (code!.kind === 'native') return this.verifyNative(to, typed, code!, signal);
      const matches = typed !== '' && otpCodeMatches(options.secret, code!.salt, to, typed, code!.hash);
      const next: OtpEntry = matches
        ? { version: entry!.version + 1, sends: entry!.sends }
        : { ...entry!, version: entry!.version + 1, code: { ...code!, attempts: code!.attempts + 1 } };
      if (await this.store.compareAndSet(to, entry!.version, next, this.ttlOf(next, options))) {
        return this.checked(to, matches ? { valid: true } : { valid: false, reason: 'mismatch' });
      }
    }
    throw rateLimited('Too many checks of this number at once; try again', SECOND);
  }

  /** Why `code` cannot be accepted whatever was typed, or `undefined`. */
  private refusal(code: OtpCodeRecord | undefined, options: ResolvedOtpOptions): OtpVerification | undefined {
    if (code === undefined) return { valid: false, reason: 'not_found' };
    if (this.clock.now() >= code.expiresAt) return { valid: false, reason: 'expired' };
    if (code.attempts >= options.maxAttempts) return { valid: false, reason: 'too_many_attempts' };
    return undefined;
  }

  private async verifyNative(
    to: string,
    typed: string,
    code: OtpCodeRecord,
    signal: AbortSignal,
  ): Promise<OtpVerification> {
    const provider = this.providers.get(code.provider!);
    const verifyOtp = provider?.verifyOtp;
    if (provider === undefined || verifyOtp === undefined)
      return this.checked(to, { valid: false, reason: 'not_found' });
    // Only digits can be a vendor's code: anything else is wrong without asking.
    const answer: OtpVerification = /^\d+$/.test(typed)
      ? await this.caller.call(provider, signal, (context) => verifyOtp.call(provider, { to, code: typed }, context))
      : { valid: false, reason: 'mismatch' };
    // The vendor used the code up (or counted a wrong one): record it, unless a newer code replaced it.
    await this.update(to, (entry) => {
      if (entry.code?.id !== code.id) return undefined;
      if (answer.valid) return { version: entry.version + 1, sends: entry.sends };
      return { ...entry, version: entry.version + 1, code: { ...entry.code, attempts: entry.code.attempts + 1 } };
    });
    return this.checked(to, answer);
  }

  private checked(to: string, answer: OtpVerification): OtpVerification {
    this.logger.debug('pesan: OTP checked', { to, ...answer });
    return answer;
  }

  private async sendNative(
    provider: ProviderV1,
    request: OtpRequest,
    reserved: { entry: OtpEntry; code: OtpCodeRecord; previous: OtpEntry | undefined },
    signal: AbortSignal,
  ): Promise<OtpSendResult> {
    const sendOtp = provider.sendOtp!;
    let sent: Awaited<ReturnType<typeof sendOtp>>;
    try {
      const release = await this.limiter.acquire(provider.id, signal).catch((thrown: unknown) => {
        throw PesanError.isInstance(thrown)
          ? thrown.with({ provider: thrown.provider ?? provider.id, outcome: 'not_sent' })
          : new PesanError('TIMEOUT', {
              message: 'Aborted while waiting for the rate limit; nothing was sent',
              outcome: 'not_sent',
              provider: provider.id,
              cause: thrown,
            });
      });
      try {
        const nativeRequest = {
          to: request.to,
          length: request.length,
          ttlSeconds: request.ttlSeconds,
          template: request.template,
        };
        sent = await this.caller.call(provider, signal, (context) => sendOtp.call(provider, nativeRequest, context));
      } finally {
        release();
      }
    } catch (error) {
      await this.release(request.to, reserved, error);
      throw error;
    }
    const code: OtpCodeRecord = {
      ...reserved.code,
      ...(sent.messageId === undefined ? {} : { messageId: sent.messageId }),
    };
    await this.settle(request.to, code);
    this.logger.info('pesan: OTP sent', {
      to: request.to,
      provider: provider.id,
      channel: 'sms',
      native: true,
      expiresAt: new Date(code.expiresAt).toISOString(),
    });
    return this.resultOf(request.to, code);
  }

  /** The provider whose vendor makes the code, when the route's first eligible provider has native OTP. */
  private nativeProvider(plan: RoutePlan, request: OtpRequest, options: ResolvedOtpOptions): ProviderV1 | undefined {
    if (options.native !== 'prefer' || request.channel !== 'sms') return undefined;
    const first = plan.candidates[0];
    if (first === undefined || (first.message.channel ?? 'sms') !== 'sms') return undefined;
    const provider = this.providers.get(first.provider);
    if (!provider?.capabilities.nativeOtp || !provider.sendOtp || !provider.verifyOtp) return undefined;
    return provider;
  }

  /**
   * Checks the cooldown and the window limit and, in the same
   * compare-and-set, counts the send and makes `code` the number's live code
   * (replacing the previous one). Throws `RATE_LIMITED` before any provider is called.
   */
  private async reserve(
    to: string,
    code: OtpCodeRecord,
    options: ResolvedOtpOptions,
  ): Promise<{ entry: OtpEntry; code: OtpCodeRecord; previous: OtpEntry | undefined }> {
    const cooldownMs = options.resendCooldownSeconds * SECOND;
    const windowMs = options.windowSeconds * SECOND;
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const now = this.clock.now();
      const previous = await this.store.get(to);
      const sends = (previous?.sends ?? []).filter((at) => at > now - windowMs);
      const last = sends.at(-1);
      if (last !== undefined && now < last + cooldownMs) {
        this.logger.info('pesan: OTP send refused: resend cooldown', { to });
        throw rateLimited(
          `A code was sent to this number less than ${options.resendCooldownSeconds} s ago; nothing was sent`,
          last + cooldownMs - now,
          { limit: 'cooldown' },
        );
      }
      if (sends.length >= options.maxSendsPerWindow) {
        this.logger.info('pesan: OTP send refused: send limit', { to });
        const oldestCounted = sends[sends.length - options.maxSendsPerWindow]!;
        throw rateLimited(
          `${options.maxSendsPerWindow} codes were sent to this number in the last ${options.windowSeconds} s; nothing was sent`,
          oldestCounted + windowMs - now,
          { limit: 'window' },
        );
      }
      const entry: OtpEntry = { version: (previous?.version ?? 0) + 1, sends: [...sends, code.sentAt], code };
      if (await this.store.compareAndSet(to, previous?.version ?? 0, entry, this.ttlOf(entry, options))) {
        return { entry, code, previous };
      }
    }
    throw rateLimited('Too many sends to this number at once; nothing was sent', SECOND);
  }

  /**
   * After a send that certainly did not go out (`not_sent`, `rejected`):
   * gives the number back its previous code and the send its place in the
   * limits. After `unknown` the code may have arrived, so it stays.
   */
  private async release(
    to: string,
    reserved: { entry: OtpEntry; code: OtpCodeRecord; previous: OtpEntry | undefined },
    error: unknown,
  ): Promise<void> {
    if (PesanError.isInstance(error) && error.outcome === 'unknown') return;
    await this.update(to, (entry) => {
      if (entry.code?.id !== reserved.code.id) return undefined;
      const sends = [...entry.sends];
      const index = sends.lastIndexOf(reserved.code.sentAt);
      if (index >= 0) sends.splice(index, 1);
      const previous = reserved.previous?.code;
      return { version: entry.version + 1, sends, ...(previous === undefined ? {} : { code: previous }) };
    });
  }

  /** Records who sent the code (and its message id), unless a newer code replaced it meanwhile. */
  private async settle(to: string, code: OtpCodeRecord): Promise<void> {
    await this.update(to, (entry) =>
      entry.code?.id === code.id ? { ...entry, version: entry.version + 1, code } : undefined,
    );
  }

  /** Applies `change` by compare-and-set until it holds or `change` declines (`undefined`). */
  private async update(to: string, change: (entry: OtpEntry) => OtpEntry | undefined): Promise<void> {
    const options = this.options();
    for (let round = 0; round < MAX_ROUNDS; round++) {
      const entry = await this.store.get(to);
      if (entry === undefined) return;
      const next = change(entry);
      if (next === undefined) return;
      if (await this.store.compareAndSet(to, entry.version, next, this.ttlOf(next, options))) return;
    }
    this.logger.warn('pesan: OTP store update gave up after concurrent writes', { to });
  }

  /** How long an entry must live: until its code expires and its last send leaves the window. */
  private ttlOf(entry: OtpEntry, options: ResolvedOtpOptions): number {
    const now = this.clock.now();
    const lastSend = entry.sends.at(-1) ?? now;
    const until = Math.max(
      entry.code?.expiresAt ?? 0,
      lastSend + options.windowSeconds * SECOND,
      lastSend + options.resendCooldownSeconds * SECOND,
    );
    return Math.max(1, until - now);
  }

  private resultOf(to: string, code: OtpCodeRecord): OtpSendResult {
    return {
      to,
      expiresAt: new Date(code.expiresAt),
      provider: code.provider!,
      ...(code.messageId === undefined ? {} : { messageId: code.messageId }),
      channel: code.channel,
      native: code.kind === 'native',
    };
  }

  /** The message that carries `code` (or its mask) by the request's channel. */
  private message(request: OtpRequest, code: string, key: string): OutboundMessage {
    const base = { to: request.to, category: 'otp' as const, idempotencyKey: `otp-${key}` };
    if (request.channel === 'whatsapp') {
      const language = this.options().whatsappLanguage;
      return {
        ...base,
        channel: 'whatsapp',
        template: { name: request.template, language, params: { '1': code } },
        // The SMS leg of a whatsappFirst route.
        fallbackText: withOtpCode(withOtpMinutes(DEFAULT_OTP_TEMPLATE, request.ttlSeconds), code),
      };
    }
    return { ...base, channel: 'sms', text: withOtpCode(request.template, code) };
  }

  private request(input: OtpSendOptions, options: ResolvedOtpOptions): OtpRequest {
    if (typeof input !== 'object' || input === null) throw invalid('otp.send needs { to }');
    const to = toE164(input.to, this.settings.defaultRegion);
    const length = input.length ?? options.length;
    const { min, max } = OTP_LENGTH_RANGE;
    if (!Number.isInteger(length) || length < min || length > max) {
      throw invalid(`length must be an integer from ${min} to ${max}`);
    }
    const ttlSeconds = input.ttlSeconds ?? options.ttlSeconds;
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw invalid('ttlSeconds must be an integer > 0');
    const channel = input.channel ?? 'sms';
    if (channel !== 'sms' && channel !== 'whatsapp') throw invalid('channel must be "sms" or "whatsapp"');
    if (input.template !== undefined && (typeof input.template !== 'string' || input.template.trim() === '')) {
      throw invalid('template must be a non-empty string');
    }
    if (input.idempotencyKey !== undefined && (typeof input.idempotencyKey !== 'string' || !input.idempotencyKey)) {
      throw invalid('idempotencyKey must be a non-empty string');
    }
    let template: string;
    if (channel === 'whatsapp') {
      if (input.template === undefined) {
        throw invalid('A WhatsApp code needs template: the name of an approved authentication template');
      }
      template = input.template;
    } else {
      template = withOtpMinutes(input.template ?? DEFAULT_OTP_TEMPLATE, ttlSeconds);
      if (!template.includes(OTP_CODE_PLACEHOLDER)) throw invalid('template must hold the {code} placeholder');
    }
    return {
      to,
      length,
      ttlSeconds,
      channel,
      template,
      ...(input.idempotencyKey === undefined ? {} : { idempotencyKey: input.idempotencyKey }),
    };
  }

  private options(): ResolvedOtpOptions {
    const options = this.settings.otp;
    if (options === undefined) {
      throw new PesanError('INVALID_CONFIG', {
        message: 'messenger.otp needs a secret: pass otp: { secret } (32+ characters) to createMessenger',
      });
    }
    return options;
  }
}
