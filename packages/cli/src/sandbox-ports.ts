/** Where each sandbox listens, relative to `--port-base`; the webhook server the sandboxes push to is at base + 90. */
export const SANDBOX_PORT_OFFSETS = { isms: 0, ezsms: 10, waba: 20, device: 30, webhooks: 90 } as const;

/** The default `--port-base`: iSMS on 4100-4101, sms.com.my 4110, WhatsApp 4120, device gateway 4130, webhooks 4190. */
export const DEFAULT_SANDBOX_PORT_BASE = 4100;
