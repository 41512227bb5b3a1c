import type { WebhookHandler } from './webhook-handler.js';

/** The messenger's webhook handler, when `webhooks.token` is configured: a service of its container. */
export class WebhookEndpoint {
  constructor(
    /** Absent without `webhooks.token`. */
    readonly handler: WebhookHandler | undefined,
  ) {}
}
