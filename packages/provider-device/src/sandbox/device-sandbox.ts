import { type Clock, PesanError, systemClock } from '@pesan/core';
import {
  type SandboxAnswer,
  type SandboxFault,
  type SandboxFaultInput,
  type SandboxRecordedRequest,
  type SandboxRequest,
  sandboxJson,
  sandboxText,
  startSandboxServers,
  type VendorSandbox,
  type VendorSandboxMirrorOptions,
} from '@pesan/core/testing/sandbox';
import { DEVICE_GATEWAY_PATH, type SimSlot } from '../device-options.js';
import { formatVendorTime } from '../vendor-time.js';
import { type SandboxOtp, SandboxOtps } from './sandbox-otps.js';
import {
  type SandboxDeviceInput,
  type SandboxIncoming,
  type SandboxMessage,
  type SandboxOutcomes,
  SandboxPhones,
  type SandboxSchedule,
} from './sandbox-phones.js';

/** The default account's API key: 64 characters, like a real one. */
export const DEVICE_SANDBOX_API_KEY = 'd3v1c3sandb0x000000000000000000000000000000000000000000000000001';

/** The default account's phone: one SIM, running. */
export const DEVICE_SANDBOX_DEVICE: Readonly<SandboxDeviceInput> = Object.freeze({
  deviceId: 11,
  deviceUid: '70d05483459a53d7',
  name: 'Sandbox phone',
  sims: 1,
});

/** The gateway's words, as the sandbox answers them. */
export const DEVICE_SANDBOX_MESSAGES = Object.freeze({
  invalidApiKey: 'Invalid API Key.',
  invalidAction: 'Invalid action.',
  missingParameters: 'Missing required parameters.',
  deviceOffline: 'Device not found or offline.',
  invalidNumber: 'Invalid phone number.',
  messageNotFound: 'Message not found.',
  invalidOtp: 'Invalid or Expired OTP.',
});

/** An account of the sandbox: an API key and its phones. */
export interface DeviceSandboxAccount {
  /** The account's API key (any non-empty string; real keys are 64 characters). */
  apiKey: string;
  /** Its phones. */
  devices: SandboxDeviceInput[];
}

/** Options of {@link startDeviceSandbox}. */
export interface DeviceSandboxOptions extends VendorSandboxMirrorOptions {
  /** Accounts; default one with {@link DEVICE_SANDBOX_API_KEY} and {@link DEVICE_SANDBOX_DEVICE}. */
  accounts?: DeviceSandboxAccount[];
  /** Time source of the schedule, SIM limits and OTP expiry (a `FakeClock` in tests). */
  clock?: Clock;
  /** When queued messages become `sent` and `delivered` (defaults 2 000 and 5 000 ms). */
  schedule?: Partial<SandboxSchedule>;
  /** Numbers whose messages fail, or are never delivered. */
  outcomes?: SandboxOutcomes;
  /** The offset the gateway writes its times at (`+07:00`); default `+00:00`. */
  utcOffset?: string;
  /** Messages kept per account, outgoing and incoming each (default 100 000). */
  maxMessages?: number;
}

/** A running device gateway sandbox. */
export interface DeviceSandbox extends VendorSandbox<SandboxFaultInput> {
  /** Requests received, oldest first, `api_key` recorded as `***`. */
  readonly records: readonly SandboxRecordedRequest[];
  /** Messages the phones carry, every account, oldest first (moved on by the clock when read). */
  readonly messages: readonly SandboxMessage[];
  /** Messages the phones received, every account, oldest first. */
  readonly incoming: readonly SandboxIncoming[];
  /** Live OTPs made by `send_otp` (a real gateway never shows them). */
  readonly otps: readonly SandboxOtp[];
  /** Messages a phone refused to send because its SIM was over its own limit. */
  readonly limitBlocked: number;
  /** Starts or stops a phone. */
  setDeviceState(device: { deviceId?: number | string; deviceUid?: string }, state: 'running' | 'stopped'): void;
  /** A message a phone receives, for `get_history&type=incoming`. */
  receive(message: { from: string; text: string; deviceUid?: string; simSlot?: SimSlot; at?: Date }): SandboxIncoming;
  /** Parts one SIM actually sent. */
  sentParts(device: { deviceId?: number | string; deviceUid?: string }, simSlot: SimSlot): number;
  /** The fault in force on a mirror. */
  fault(mirror: number): SandboxFault | undefined;
}

interface Account {
  readonly apiKey: string;
  readonly phones: SandboxPhones;
  readonly otps: SandboxOtps;
}

const PHONE_NUMBER = /^\+?[1-9]\d{7,14}$/;

function failure(message: string): SandboxAnswer {
  return sandboxJson({ status: 'error', message, response: false });
}

function success(message: string, data?: unknown): SandboxAnswer {
  return sandboxJson({ status: 'success', message, response: true, ...(data === undefined ? {} : { data }) });
}

function offsetMinutes(offset: string): number {
  const match = /^([+-])(\d{2}):(\d{2})$/.exec(offset);
  if (!match) throw new PesanError('INVALID_CONFIG', { message: 'Sandbox utcOffset must look like +07:00' });
  return (match[1] === '-' ? -1 : 1) * (Number(match[2]) * 60 + Number(match[3]));
}

function integerIn(value: string | undefined, fallback: number, min: number, max: number): number {
  const parsed = value === undefined || !/^\d{1,6}$/.test(value) ? fallback : Number(value);
  return Math.min(max, Math.max(min, parsed));
}

/**
 * Starts a device gateway sandbox on 127.0.0.1: `myAPI.php` with every
 * action of the page (`send_sms`, `send_otp`, `verify_otp`, `check_status`,
 * `get_history`, `device_status`), API keys, phones with one or two SIMs
 * that move messages from `pending` to `sent`, `delivered` or `failed` on a
 * schedule read from `clock`, incoming messages, stopped phones, each SIM's
 * own send limit, and the sandbox kit's faults.
 *
 * @example
 * ```ts
 * const sandbox = await startDeviceSandbox({ accounts: [{ apiKey, devices: [{ deviceId: 1, deviceUid: 'a1', sims: 2 }] }] });
 * const provider = deviceGateway({ apiKey, deviceUid: 'a1', baseUrls: sandbox.urls });
 * ```
 */
export async function startDeviceSandbox(options: DeviceSandboxOptions = {}): Promise<DeviceSandbox> {
  const clock = options.clock ?? systemClock;
  const utcOffsetMinutes = offsetMinutes(options.utcOffset ?? '+00:00');
  const maxMessages = options.maxMessages ?? 100_000;
  const schedule: SandboxSchedule = { sentAfterMs: 2_000, deliveredAfterMs: 5_000, ...options.schedule };
  if (schedule.deliveredAfterMs < schedule.sentAfterMs || schedule.sentAfterMs < 0) {
    throw new PesanError('INVALID_CONFIG', { message: 'Sandbox schedule: 0 <= sentAfterMs <= deliveredAfterMs' });
  }
  const accounts: Account[] = (
    options.accounts ?? [{ apiKey: DEVICE_SANDBOX_API_KEY, devices: [{ ...DEVICE_SANDBOX_DEVICE }] }]
  ).map((account) => ({
    apiKey: account.apiKey,
    phones: new SandboxPhones({
      devices: account.devices,
      clock,
      schedule,
      outcomes: options.outcomes ?? {},
      maxMessages,
    }),
    otps: new SandboxOtps(clock, maxMessages),
  }));
  const time = (date: Date | undefined) => (date === undefined ? null : formatVendorTime(date, utcOffsetMinutes));

  const accountOf = (device: { deviceId?: number | string; deviceUid?: string }) => {
    const reference = {
      ...(device.deviceId === undefined ? {} : { deviceId: String(device.deviceId) }),
      ...(device.deviceUid === undefined ? {} : { deviceUid: device.deviceUid }),
    };
    const account = accounts.find((candidate) => candidate.phones.find(reference) !== undefined);
    if (account === undefined) throw new PesanError('INVALID_CONFIG', { message: 'No such sandbox phone' });
    return { account, reference };
  };

  const sendSms = (account: Account, parameters: Record<string, string>, kind: 'sms' | 'otp', text: string) => {
    const reference = parameters.device_uid
      ? { deviceUid: parameters.device_uid }
      : parameters.device_id
        ? { deviceId: parameters.device_id }
        : undefined;
    const phoneNumber = (parameters.phone_number ?? '').trim();
    if (reference === undefined || phoneNumber === '' || text === '')
      return failure(DEVICE_SANDBOX_MESSAGES.missingParameters);
    if (!PHONE_NUMBER.test(phoneNumber)) return failure(DEVICE_SANDBOX_MESSAGES.invalidNumber);
    const phone = account.phones.find(reference);
    if (phone === undefined || phone.state !== 'running') return failure(DEVICE_SANDBOX_MESSAGES.deviceOffline);
    const simSlot: SimSlot = parameters.sim_slot === '2' ? 2 : 1;
    return account.phones.queue(phone, simSlot, phoneNumber, text, kind);
  };

  const pages: Record<string, (account: Account, parameters: Record<string, string>) => SandboxAnswer> = {
    send_sms(account, parameters) {
      const queued = sendSms(account, parameters, 'sms', parameters.message ?? '');
      if (!('id' in queued)) return queued;
      return success('SMS queued successfully.', {
        message_id: queued.id,
        status: 'pending',
        sim_slot: queued.simSlot,
      });
    },
    send_otp(account, parameters) {
      if (!parameters.device_uid) return failure(DEVICE_SANDBOX_MESSAGES.missingParameters);
      const length = integerIn(parameters.length, 6, 4, 10);
      const expiry = integerIn(parameters.expiry, 5, 1, 1440);
      const code = SandboxOtps.code(length);
      const template = parameters.message || 'Your OTP is {otp}. Valid for {expiry} minutes.';
      const text = template.split('{otp}').join(code).split('{expiry}').join(String(expiry));
      const queued = sendSms(account, parameters, 'otp', text);
      if (!('id' in queued)) return queued;
      const otp = account.otps.issue(queued.phoneNumber, code, expiry, queued.id);
      return success('OTP sent successfully.', { message_id: queued.id, expires_at: time(otp.expiresAt) });
    },
    verify_otp(account, parameters) {
      const phoneNumber = (parameters.phone_number ?? '').trim();
      const code = (parameters.otp_code ?? '').trim();
      if (phoneNumber === '' || code === '') return failure(DEVICE_SANDBOX_MESSAGES.missingParameters);
      return account.otps.verify(phoneNumber, code)
        ? success('OTP Verified Successfully.')
        : failure(DEVICE_SANDBOX_MESSAGES.invalidOtp);
    },
    check_status(account, parameters) {
      const id = parameters.message_id;
      if (!id) return failure(DEVICE_SANDBOX_MESSAGES.missingParameters);
      const message = account.phones.messages.find((candidate) => String(candidate.id) === id.trim());
      if (message === undefined) return failure(DEVICE_SANDBOX_MESSAGES.messageNotFound);
      return success('Status found.', {
        status: message.status,
        created_at: time(message.createdAt),
        processed_at: time(message.processedAt),
        phone_number: message.phoneNumber,
      });
    },
    get_history(account, parameters) {
      const type = parameters.type === 'incoming' || parameters.type === 'outgoing' ? parameters.type : 'all';
      const limit = integerIn(parameters.limit, 20, 1, 100);
      const outgoing = type === 'incoming' ? [] : account.phones.messages;
      const incoming = type === 'outgoing' ? [] : account.phones.incoming;
      const records = [
        ...outgoing.map((message) => ({
          at: message.createdAt.getTime(),
          record: {
            id: message.id,
            device_id: message.deviceId,
            device_uid: message.deviceUid,
            sim_slot: message.simSlot,
            phone_number: message.phoneNumber,
            message: message.text,
            type: 'outgoing',
            status: message.status,
            created_at: time(message.createdAt),
          },
        })),
        ...incoming.map((message) => ({
          at: message.receivedAt.getTime(),
          record: {
            id: message.id,
            device_id: message.deviceId,
            device_uid: message.deviceUid,
            sim_slot: message.simSlot,
            phone_number: message.phoneNumber,
            message: message.text,
            type: 'incoming',
            created_at: time(message.receivedAt),
          },
        })),
      ];
      // Newest first, as dashboards list them; the last `limit`.
      records.sort((a, b) => b.at - a.at || b.record.id - a.record.id);
      return success(
        'History retrieved.',
        records.slice(0, limit).map((entry) => entry.record),
      );
    },
    device_status(account) {
      return success(
        'Devices found.',
        account.phones.list().map((phone) => ({
          device_id: phone.input.deviceId,
          device_uid: phone.input.deviceUid,
          device_name: phone.input.name,
          status: phone.state,
          sims: phone.input.sims,
        })),
      );
    },
  };

  const handle = (request: SandboxRequest): SandboxAnswer => {
    if (request.path !== DEVICE_GATEWAY_PATH) {
      return sandboxText('<html><body><h1>404 Not Found</h1></body></html>', { status: 404, contentType: 'text/html' });
    }
    if (request.method !== 'GET' && request.method !== 'POST')
      return sandboxText('Method Not Allowed', { status: 405 });
    const parameters = request.parameters as Record<string, string>;
    const account = accounts.find((candidate) => candidate.apiKey === parameters.api_key);
    if (!parameters.api_key || account === undefined) return failure(DEVICE_SANDBOX_MESSAGES.invalidApiKey);
    const page = Object.hasOwn(pages, parameters.action ?? '') ? pages[parameters.action!] : undefined;
    if (page === undefined) return failure(DEVICE_SANDBOX_MESSAGES.invalidAction);
    account.phones.advance();
    return page(account, parameters);
  };

  const servers = await startSandboxServers({
    handle,
    answerContentType: 'application/json',
    redactParameters: ['api_key'],
    vendorCode: {
      check: (code) => code.trim() !== '',
      answer: (code) => failure(code),
    },
    ...(options.mirrors === undefined ? {} : { mirrors: options.mirrors }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.maxHangMs === undefined ? {} : { maxHangMs: options.maxHangMs }),
    ...(options.maxRecords === undefined ? {} : { maxRecords: options.maxRecords }),
  });

  return {
    url: servers.url,
    urls: servers.urls,
    get records() {
      return servers.records;
    },
    get messages() {
      return accounts.flatMap((account) => account.phones.messages);
    },
    get incoming() {
      return accounts.flatMap((account) => account.phones.incoming);
    },
    get otps() {
      return accounts.flatMap((account) => account.otps.codes);
    },
    get limitBlocked() {
      return accounts.reduce((sum, account) => sum + account.phones.limitBlocked, 0);
    },
    setDeviceState(device, state) {
      const { account, reference } = accountOf(device);
      account.phones.setState(reference, state);
    },
    receive(message) {
      const { account } =
        message.deviceUid === undefined ? { account: accounts[0]! } : accountOf({ deviceUid: message.deviceUid });
      return account.phones.receive(message);
    },
    sentParts(device, simSlot) {
      const { account, reference } = accountOf(device);
      return account.phones.sentParts(reference, simSlot);
    },
    fault: (mirror) => servers.fault(mirror),
    setFault: (mirror, fault) => servers.setFault(mirror, fault),
    stop: () => servers.stop(),
  };
}
