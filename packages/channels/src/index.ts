/**
 * @safenet/channels — channel adapters behind one {@link ChannelAdapter} interface, one
 * folder per provider. Everything public is listed here by name.
 */

export type { CaptureSink } from './capture/capture.adapter.js';
export { createCaptureAdapter } from './capture/capture.adapter.js';
export type {
  AdapterEvent,
  ChannelAdapter,
  InboundMessage,
  InboundRequest,
  OutgoingMessage,
  Pacing,
  SendContext,
  SendResult,
  StatusUpdate,
  WebhookEvents,
} from './channel.js';
export { createSmtpAdapter, type SmtpAdapter } from './email-smtp/smtp.adapter.js';
export { type Mailbox, SmtpConfig, type SmtpConfigInput } from './email-smtp/smtp.config.js';
export type { InAppMessage, InAppPublisher } from './websocket/websocket.adapter.js';
export { createWebsocketAdapter } from './websocket/websocket.adapter.js';
