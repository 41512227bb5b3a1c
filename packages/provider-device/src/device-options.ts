import {
  type BaseProviderOptions,
  baseProviderOptionsSchema,
  type CountryCode,
  PesanError,
  parseProviderOptions,
  providerServicesShape,
  type SendWindowStore,
} from '@pesan/core';
import { z } from 'zod';

/** The origin of the page's examples (`curl -X POST https://isms.my.id/myAPI.php`). */
export const DEVICE_GATEWAY_DEFAULT_BASE_URLS = ['https://isms.my.id'] as const;

/** The one page every action is posted to. */
export const DEVICE_GATEWAY_PATH = '/myAPI.php';

/** The key's shape: the page says "Your 64-char API Key" (dashboards print hex); no spaces or control characters. */
export const DEVICE_GATEWAY_API_KEY_PATTERN = /^[\x21-\x7E]{64}$/;

/**
 * Stock Android's per-app SMS limit (`sms_outgoing_check_max_count` = 30 in
 * `sms_outgoing_check_interval_ms` = 1 800 000): past it the phone holds the
 * message behind a confirmation dialog. Counted in SMS parts.
 */
export const DEFAULT_SIM_SEND_LIMIT: Readonly<SimSendLimit> = Object.freeze({ maxCount: 30, intervalMs: 1_800_000 });

/** How often device states are read (`device_status`) by default: 60 s. */
export const DEFAULT_DEVICE_STATUS_INTERVAL_MS = 60_000;

/** How long a send waits by default for a SIM under its limit before failing `RATE_LIMITED`: 10 s. */
export const DEFAULT_SIM_MAX_WAIT_MS = 10_000;

/** A SIM slot of a phone. */
export type SimSlot = 1 | 2;

/** How many SMS parts one SIM may send in a sliding window. */
export interface SimSendLimit {
  /** Parts per window (default 30). */
  maxCount: number;
  /** Window length in milliseconds (default 1 800 000, 30 minutes). */
  intervalMs: number;
}

/** One phone of a pool: its dashboard id or its UID, and the SIM slots to use. */
export interface DeviceEntry {
  /** The device's id in the dashboard (`device_id`). */
  deviceId?: string | number;
  /** The device's unique id (`device_uid`), e.g. `70d05483459a53d7`. */
  deviceUid?: string;
  /** SIM slots to send from (default `[1]`). */
  simSlots?: SimSlot[];
  /** This phone's limit, for each of its SIMs (default: the provider's `simLimit`). */
  simLimit?: SimSendLimit;
  /** Per-slot limits, when the two SIMs differ (a carrier that flags bursts sooner). */
  slotLimits?: { 1?: SimSendLimit; 2?: SimSendLimit };
}

/** Options of {@link deviceGateway}. */
export interface DeviceGatewayOptions extends BaseProviderOptions {
  /** Instance name; default `device`. */
  id?: string;
  /** The account's 64-character API key (`api_key`). Checked at creation; never logged, never in errors or `raw`. */
  apiKey: string;
  /** One phone by dashboard id (`device_id`). Give this, `deviceUid`, or `devices`. */
  deviceId?: string | number;
  /** One phone by unique id (`device_uid`). */
  deviceUid?: string;
  /** The SIM slot of that one phone (default 1). */
  simSlot?: SimSlot;
  /** A pool of phones: sends are spread across their SIMs, least recently used first. */
  devices?: DeviceEntry[];
  /** Default limit of every SIM (default 30 parts per 30 minutes, stock Android). */
  simLimit?: SimSendLimit;
  /** Longest a send waits for a SIM under its limit (default 10 000 ms); longer waits fail `RATE_LIMITED`. */
  maxWaitMs?: number;
  /**
   * Where each SIM's parts are counted (keys `<id>/<device>/<slot>`). Default:
   * the messenger's `stores.sendWindows` when the provider is called through
   * one that has it, else a window in memory. Give a shared store
   * (`@pesan/redis`) so that several processes using the same phones together
   * stay under each SIM's limit.
   */
  sendWindows?: SendWindowStore;
  /** How often `device_status` is read to skip stopped phones (default 60 000 ms; 0 never reads it). */
  deviceStatusIntervalMs?: number;
  /**
   * The gateway's UTC offset for times without one (`2025-11-25 10:00:00`),
   * e.g. `+07:00`. Default `+00:00`; the page does not say. Incoming
   * messages' `at` and the `since` filter use it.
   */
  vendorUtcOffset?: string;
  /** Origins tried in order; default `https://isms.my.id`. The path `/myAPI.php` is appended. */
  baseUrls?: string[];
}

const limitSchema = z.strictObject({
  maxCount: z.number().int().positive().max(1_000_000),
  intervalMs: z
    .number()
    .int()
    .positive()
    .max(7 * 24 * 60 * 60 * 1000),
});

const slotSchema = z.union([z.literal(1), z.literal(2)]);

const deviceIdSchema = z.union([
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be letters, digits, _ or -'),
  z.number().int().nonnegative(),
]);
const deviceUidSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_-]{1,128}$/, 'must be letters, digits, _ or -');

const deviceEntrySchema = z
  .strictObject({
    deviceId: deviceIdSchema.optional(),
    deviceUid: deviceUidSchema.optional(),
    simSlots: z
      .array(slotSchema)
      .min(1)
      .max(2)
      .refine((slots) => new Set(slots).size === slots.length, 'must not repeat a slot')
      .optional(),
    simLimit: limitSchema.optional(),
    slotLimits: z.strictObject({ 1: limitSchema.optional(), 2: limitSchema.optional() }).optional(),
  })
  .refine((entry) => (entry.deviceId === undefined) !== (entry.deviceUid === undefined), {
    message: 'give exactly one of deviceId and deviceUid',
  });

/**
 * The zod schema of the data options of {@link DeviceGatewayOptions} (what a
 * config file can hold): strict, so a misspelt option is an error. The
 * plugin's `optionsSchema`. The API key's value is never echoed in a problem.
 */
export const deviceGatewayOptionsSchema = baseProviderOptionsSchema
  .extend({
    apiKey: z.string().regex(DEVICE_GATEWAY_API_KEY_PATTERN, 'must be the 64-character API key (no spaces)'),
    deviceId: deviceIdSchema.optional(),
    deviceUid: deviceUidSchema.optional(),
    simSlot: slotSchema.optional(),
    devices: z.array(deviceEntrySchema).min(1).max(64).optional(),
    simLimit: limitSchema.optional(),
    maxWaitMs: z.number().int().nonnegative().max(600_000).optional(),
    deviceStatusIntervalMs: z.number().int().nonnegative().max(86_400_000).optional(),
    vendorUtcOffset: z
      .string()
      .regex(/^[+-](0\d|1[0-4]):[0-5]\d$/, 'must be an offset such as +07:00')
      .optional(),
  })
  .superRefine((options, context) => {
    const single = options.deviceId !== undefined || options.deviceUid !== undefined;
    if (options.deviceId !== undefined && options.deviceUid !== undefined) {
      context.addIssue({ code: 'custom', path: ['deviceUid'], message: 'give deviceId or deviceUid, not both' });
    }
    if (single && options.devices !== undefined) {
      context.addIssue({ code: 'custom', path: ['devices'], message: 'give devices or deviceId/deviceUid, not both' });
    }
    if (!single && options.devices === undefined) {
      context.addIssue({ code: 'custom', path: ['deviceId'], message: 'give deviceId, deviceUid or devices' });
    }
    if (options.simSlot !== undefined && options.devices !== undefined) {
      context.addIssue({ code: 'custom', path: ['simSlot'], message: 'with devices, give simSlots per device' });
    }
  });

const isSendWindowStore = (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  ['reserve', 'release', 'used'].every((method) => typeof (value as Record<string, unknown>)[method] === 'function');

/**
 * {@link deviceGatewayOptionsSchema} plus the objects only code can pass:
 * dispatcher, transport, clock, logger and the SIMs' send window store.
 */
export const deviceGatewayFactoryOptionsSchema = deviceGatewayOptionsSchema.safeExtend({
  ...providerServicesShape,
  sendWindows: z
    .custom<SendWindowStore>(isSendWindowStore, 'must be a SendWindowStore (reserve, release and used)')
    .optional(),
});

/** A phone as the gateway names it: exactly one of the two ids. */
export type DeviceRef = { deviceId: string; deviceUid?: undefined } | { deviceUid: string; deviceId?: undefined };

/** One SIM of the pool, with its limit. */
export interface PoolSim {
  /** The phone. */
  device: DeviceRef;
  /** The slot. */
  simSlot: SimSlot;
  /** Its limit. */
  limit: SimSendLimit;
}

/** Options after validation and defaults. */
export interface ResolvedDeviceGatewayOptions extends Omit<BaseProviderOptions, 'id' | 'defaultRegion'> {
  id: string;
  apiKey: string;
  defaultRegion: CountryCode;
  baseUrls: string[];
  /** Every SIM of the pool, in configuration order. */
  sims: PoolSim[];
  maxWaitMs: number;
  sendWindows?: SendWindowStore;
  deviceStatusIntervalMs: number;
  /** Minutes east of UTC. */
  vendorUtcOffsetMinutes: number;
}

function deviceRef(entry: { deviceId?: string | number | undefined; deviceUid?: string | undefined }): DeviceRef {
  return entry.deviceUid !== undefined ? { deviceUid: entry.deviceUid } : { deviceId: String(entry.deviceId) };
}

function offsetMinutes(offset: string | undefined): number {
  if (offset === undefined) return 0;
  const sign = offset.startsWith('-') ? -1 : 1;
  const [hours, minutes] = offset.slice(1).split(':').map(Number);
  return sign * ((hours ?? 0) * 60 + (minutes ?? 0));
}

/** The key a device is known by inside pesan: `id:7` or `uid:70d0...`. */
export function deviceKey(device: DeviceRef): string {
  return device.deviceUid !== undefined ? `uid:${device.deviceUid}` : `id:${device.deviceId}`;
}

/**
 * Validates options; throws `PesanError` `INVALID_CONFIG` listing every
 * problem by path. Values are never echoed (the API key stays out of errors).
 */
export function parseDeviceGatewayOptions(input: unknown): ResolvedDeviceGatewayOptions {
  const options = parseProviderOptions(deviceGatewayFactoryOptionsSchema, input, 'device gateway', 'device');
  const id = options.id ?? 'device';
  const defaultLimit = options.simLimit ?? DEFAULT_SIM_SEND_LIMIT;
  const entries = options.devices ?? [
    {
      deviceId: options.deviceId,
      deviceUid: options.deviceUid,
      simSlots: [options.simSlot ?? 1] as SimSlot[],
    },
  ];
  const sims: PoolSim[] = [];
  const seen = new Set<string>();
  for (const entry of entries) {
    const device = deviceRef(entry);
    const key = deviceKey(device);
    if (seen.has(key)) {
      throw new PesanError('INVALID_CONFIG', {
        provider: id,
        message: `Invalid device gateway options: devices: ${key} is listed twice`,
        details: { problems: [`devices: ${key} is listed twice`] },
      });
    }
    seen.add(key);
    const slotLimits = 'slotLimits' in entry ? entry.slotLimits : undefined;
    const deviceLimit = 'simLimit' in entry ? entry.simLimit : undefined;
    for (const simSlot of entry.simSlots ?? [1]) {
      sims.push({ device, simSlot, limit: slotLimits?.[simSlot] ?? deviceLimit ?? defaultLimit });
    }
  }
  return {
    ...options,
    id,
    defaultRegion: options.defaultRegion as CountryCode,
    baseUrls: options.baseUrls ?? [...DEVICE_GATEWAY_DEFAULT_BASE_URLS],
    sims,
    maxWaitMs: options.maxWaitMs ?? DEFAULT_SIM_MAX_WAIT_MS,
    deviceStatusIntervalMs: options.deviceStatusIntervalMs ?? DEFAULT_DEVICE_STATUS_INTERVAL_MS,
    vendorUtcOffsetMinutes: offsetMinutes(options.vendorUtcOffset),
  };
}
