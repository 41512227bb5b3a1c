/**
 * `@pesan/provider-device`: SMS through the account's own Android phones and
 * SIMs (the device gateway's `myAPI.php`): pools of devices and SIM slots,
 * per-SIM send limits, statuses and incoming messages by polling.
 */
export { type DeviceGatewayEnvelope, type DeviceGatewayReading, readDeviceGatewayAnswer } from './device-envelope.js';
export {
  DEVICE_GATEWAY_ERRORS,
  type DeviceGatewayErrorName,
  deviceGatewayError,
  isDeviceLevelFailure,
  recogniseDeviceGatewayError,
} from './device-errors.js';
export {
  DEVICE_CARRIERS_KEPT,
  DEVICE_HISTORY_LIMIT,
  type DeviceCarrier,
  DeviceGatewayProvider,
  type DeviceGatewayRaw,
  deviceGateway,
} from './device-gateway-provider.js';
export {
  DEVICE_HISTORY_FIELDS,
  type DeviceHistoryOptions,
  type DeviceHistoryReading,
  historyRecords,
  readDeviceHistory,
} from './device-history.js';
export { DEVICE_MESSAGE_STATUSES, type DeviceStatusReading, readDeviceMessageStatus } from './device-message-status.js';
export {
  DEFAULT_DEVICE_STATUS_INTERVAL_MS,
  DEFAULT_SIM_MAX_WAIT_MS,
  DEFAULT_SIM_SEND_LIMIT,
  DEVICE_GATEWAY_API_KEY_PATTERN,
  DEVICE_GATEWAY_DEFAULT_BASE_URLS,
  DEVICE_GATEWAY_PATH,
  type DeviceEntry,
  type DeviceGatewayOptions,
  type DeviceRef,
  deviceGatewayFactoryOptionsSchema,
  deviceGatewayOptionsSchema,
  deviceKey,
  type PoolSim,
  parseDeviceGatewayOptions,
  type ResolvedDeviceGatewayOptions,
  type SimSendLimit,
  type SimSlot,
} from './device-options.js';
export { plugin } from './device-plugin.js';
export {
  DevicePool,
  type DevicePoolOptions,
  type LeaseOutcome,
  type SimLease,
  simWindowKey,
} from './device-pool.js';
export { DEVICE_STATE_FIELDS, type DeviceState, readDeviceStates, stateOfDevice } from './device-states.js';
export { type SimReservation, SimSendWindow } from './sim-send-window.js';
export { formatVendorTime, parseVendorTime } from './vendor-time.js';
