import { type DeviceRef, deviceKey } from './device-options.js';

/** What `device_status` says about a phone. */
export type DeviceState = 'running' | 'stopped';

/**
 * Field names accepted in `device_status` records, first found wins. The
 * page says only "a list of all connected devices and their current status
 * (running/stopped)", so these are the likely names.
 */
export const DEVICE_STATE_FIELDS = Object.freeze({
  deviceId: ['device_id', 'id'],
  deviceUid: ['device_uid', 'uid', 'unique_id', 'android_id'],
  state: ['status', 'state', 'device_status', 'service_status'],
  online: ['online', 'is_online', 'running', 'is_running', 'active'],
} as const);

const RUNNING = /^(running|online|active|connected|started|on|1|true)$/i;
const STOPPED = /^(stopped|offline|inactive|disconnected|paused|off|0|false)$/i;
const LIST_KEYS = ['devices', 'list', 'items', 'data'] as const;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function first(record: Record<string, unknown>, names: readonly string[]): unknown {
  for (const name of names) if (record[name] !== undefined && record[name] !== null) return record[name];
  return undefined;
}

function stateOf(record: Record<string, unknown>): DeviceState | undefined {
  const values = [first(record, DEVICE_STATE_FIELDS.state), first(record, DEVICE_STATE_FIELDS.online)];
  for (const value of values) {
    if (value === undefined) continue;
    const text = String(value).trim();
    if (RUNNING.test(text)) return 'running';
    if (STOPPED.test(text)) return 'stopped';
  }
  return undefined;
}

/**
 * Device states from a `device_status` answer's `data`, keyed by
 * {@link deviceKey} under both the id and the UID when a record has both.
 * Records whose state pesan cannot read are left out: such a phone stays
 * usable, and the gateway's own answer to a send says if it is offline.
 */
export function readDeviceStates(data: unknown): Map<string, DeviceState> {
  let records: unknown[] = [];
  if (Array.isArray(data)) records = data;
  else if (isRecord(data)) {
    const list = LIST_KEYS.map((key) => data[key]).find(Array.isArray);
    // A map keyed by device: { "70d0...": { "status": "running" } } or { "70d0...": "running" }.
    records =
      list ??
      Object.entries(data).map(([key, value]) =>
        isRecord(value) ? { device_uid: key, ...value } : { device_uid: key, status: value },
      );
  }
  const states = new Map<string, DeviceState>();
  for (const record of records) {
    if (!isRecord(record)) continue;
    const state = stateOf(record);
    if (state === undefined) continue;
    const id = first(record, DEVICE_STATE_FIELDS.deviceId);
    const uid = first(record, DEVICE_STATE_FIELDS.deviceUid);
    if (typeof id === 'string' || typeof id === 'number') states.set(deviceKey({ deviceId: String(id) }), state);
    if (typeof uid === 'string' || typeof uid === 'number') states.set(deviceKey({ deviceUid: String(uid) }), state);
  }
  return states;
}

/** The state of `device`, when `device_status` named it. */
export function stateOfDevice(states: ReadonlyMap<string, DeviceState>, device: DeviceRef): DeviceState | undefined {
  return states.get(deviceKey(device));
}
