export type { Attempt, AttemptOutcome } from './attempt.js';
export type { AttemptRecorder } from './attempt-recorder.js';
export type { Balance } from './balance.js';
export type { BulkItem, BulkResult } from './bulk-result.js';
export type { Capabilities } from './capabilities.js';
export type { EndpointGuard } from './endpoint-guard.js';
export type { InboundMessage } from './inbound-message.js';
export type { Logger } from './logger.js';
export type { MessageStatus, StatusScope } from './message-status.js';
export type {
  BinaryPayload,
  Channel,
  EncodingPreference,
  MediaAttachment,
  OutboundMessage,
  TemplateMessage,
} from './outbound-message.js';
export type { ProviderV1 } from './provider-v1.js';
export type { SegmentInfo } from './segment-info.js';
export type { CallContext, SendContext } from './send-context.js';
export type { SendResult } from './send-result.js';
export type { StatusReport } from './status-report.js';
export type { InboundWebhookEvent, StatusWebhookEvent, WebhookEvent } from './webhook-event.js';
export type { WebhookRequest } from './webhook-request.js';
