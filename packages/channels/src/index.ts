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
  OutgoingAttachment,
  OutgoingMessage,
  Pacing,
  Pairing,
  PairingSession,
  PairingState,
  ReportedPrice,
  ReportedPricing,
  SendContext,
  SendResult,
  StatusUpdate,
  WebhookEvents,
  WebhookReply,
} from './channel.js';
export { createSmtpAdapter, type SmtpAdapter } from './email-smtp/smtp.adapter.js';
export { type Mailbox, SmtpConfig, type SmtpConfigInput } from './email-smtp/smtp.config.js';
export { createTwilioSmsAdapter, type TwilioSmsAdapter } from './sms-twilio/twilio.adapter.js';
export { TwilioSmsConfig, type TwilioSmsConfigInput } from './sms-twilio/twilio.config.js';
export {
  TwilioUndiciClient,
  type TwilioUndiciClientOptions,
} from './sms-twilio/twilio.undici-client.js';
export { createTelegramBotAdapter } from './telegram-bot/telegram-bot.adapter.js';
export {
  TelegramBotConfig,
  type TelegramBotConfigInput,
} from './telegram-bot/telegram-bot.config.js';
export type { InAppMessage, InAppPublisher } from './websocket/websocket.adapter.js';
export { createWebsocketAdapter } from './websocket/websocket.adapter.js';
export { createWhatsAppCloudAdapter } from './whatsapp-cloud/cloud.adapter.js';
export {
  type CloudTemplate,
  WhatsAppCloudConfig,
  type WhatsAppCloudConfigInput,
} from './whatsapp-cloud/cloud.config.js';
export {
  createWhatsAppWebAdapter,
  type WhatsAppWebAdapter,
  type WhatsAppWebAdapterOptions,
} from './whatsapp-web/whatsapp-web.adapter.js';
export {
  createWhatsAppWebClient,
  type WhatsAppClientEvents,
  type WhatsAppClientLike,
  type WhatsAppClientListener,
  type WhatsAppMessage,
  type WhatsAppWebClientOptions,
} from './whatsapp-web/whatsapp-web.client.js';
export {
  WhatsAppWebPacing,
  type WhatsAppWebPacingInput,
} from './whatsapp-web/whatsapp-web.config.js';
export { createZaloAdapter, type ZaloAdapterOptions } from './zalo/zalo.adapter.js';
export {
  ZaloConfig,
  type ZaloConfigInput,
  ZnsTemplate,
  ZnsTemplateParam,
} from './zalo/zalo.config.js';
export { REFRESH_AHEAD_MS, type ZaloRenew, type ZaloTokens } from './zalo/zalo.tokens.js';
export { zaloSignature } from './zalo/zalo.webhook.js';
