/**
 * Gateway answers as the device gateway page prints them
 * (https://isms.my.id/myAPI.php, "Developer API Reference"), plus the shapes
 * the page leaves undocumented, written the way such gateways answer.
 */

/** `send_sms`, the page's example response. */
export const SEND_SMS_QUEUED = `{
    "status": "success",
    "message": "SMS queued successfully.",
    "response": true,
    "data": {
        "message_id": 145,
        "status": "pending",
        "sim_slot": 1
    }
}`;

/** `check_status`, the page's example response. */
export const CHECK_STATUS_SENT = `{
    "status": "success",
    "message": "Status found.",
    "response": true,
    "data": {
        "status": "sent",
        "created_at": "2025-11-25 10:00:00",
        "processed_at": "2025-11-25 10:00:05",
        "phone_number": "+8801712345678"
    }
}`;

/** `verify_otp`, the page's example responses. */
export const VERIFY_OTP_SUCCESS = `{
    "status": "success",
    "message": "OTP Verified Successfully.",
    "response": true
}`;
export const VERIFY_OTP_ERROR = `{
    "status": "error",
    "message": "Invalid or Expired OTP.",
    "response": false
}`;

/** A `check_status` answer for each status value the page's flow implies. */
export function checkStatus(status: string): string {
  return JSON.stringify({
    status: 'success',
    message: 'Status found.',
    response: true,
    data: {
      status,
      created_at: '2025-11-25 10:00:00',
      processed_at: '2025-11-25 10:00:05',
      phone_number: '+8801712345678',
    },
  });
}

/** Error envelopes: the page shows the shape (`verify_otp`), these are the messages a send can meet. */
export const ERROR_MESSAGES = {
  invalidApiKey: 'Invalid API Key.',
  ipNotAllowed: 'Access denied: IP not whitelisted.',
  deviceOffline: 'Device not found or offline.',
  missingParameters: 'Missing required parameters.',
  invalidNumber: 'Invalid phone number.',
  unexplained: 'Something went wrong, please try again later.',
} as const;

/** An error envelope with `message`. */
export function errorAnswer(message: string): string {
  return JSON.stringify({ status: 'error', message, response: false });
}

/** `get_history&type=incoming`: undocumented records, newest first, in the names the page uses elsewhere. */
export const HISTORY_INCOMING = JSON.stringify({
  status: 'success',
  message: 'History retrieved.',
  response: true,
  data: [
    {
      id: 903,
      device_uid: '70d05483459a53d7',
      sim_slot: 1,
      phone_number: '+60123456789',
      message: 'STOP',
      type: 'incoming',
      created_at: '2025-11-25 10:02:00',
    },
    {
      id: 902,
      device_uid: '70d05483459a53d7',
      sim_slot: 2,
      phone_number: '0123456780',
      message: 'Yes, confirm my booking',
      type: 'incoming',
      created_at: '2025-11-25 10:01:00',
    },
    {
      id: 901,
      device_uid: '70d05483459a53d7',
      sim_slot: 1,
      phone_number: '+60123456789',
      message: 'Hello',
      type: 'incoming',
      created_at: '2025-11-25 10:00:00',
    },
  ],
});

/** `device_status`: undocumented records; the page says "running/stopped". */
export const DEVICE_STATUS = JSON.stringify({
  status: 'success',
  message: 'Devices found.',
  response: true,
  data: [
    { device_id: 11, device_uid: '70d05483459a53d7', device_name: 'Redmi 9A', status: 'running' },
    { device_id: 12, device_uid: 'a1b2c3d4e5f60718', device_name: 'Galaxy A12', status: 'stopped' },
  ],
});
