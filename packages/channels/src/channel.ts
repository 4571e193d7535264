import type { Channel, Language, SafenetError } from '@safenet/core';

/**
 * One rendered message for one recipient, ready for a provider. Adapters never see a
 * contact record, only what they need to send.
 */
export interface OutgoingMessage {
  /** The delivery this message belongs to: the idempotency key towards providers. */
  deliveryId: string;
  broadcastId: string;
  orgId: string;
  contactId: string;
  /** The address on this channel: E.164 phone, email address, chat id; contact id for in-app. */
  to: string;
  language: Language;
  /** Subject or title; adapters without one (SMS) prepend it or leave it out. */
  title: string | null;
  body: string;
}

/** What the hub gives an adapter besides the message. */
export interface SendContext {
  /** Aborted when the hub shuts down or the send times out. */
  signal: AbortSignal;
  /** The attempt number, from 1. */
  attempt: number;
}

/**
 * The outcome of a send. `sent` means the provider accepted the message; `captured` means
 * it was kept in an outbox and not sent; `delivered` is for channels that know at once
 * (in-app). Failures are thrown as {@link SafenetError}: `retryable` decides whether the
 * hub tries again.
 */
export type SendResult =
  | { status: 'sent'; providerMessageId: string | null }
  | { status: 'delivered'; providerMessageId: string | null }
  | { status: 'captured'; providerMessageId: string | null };

/** A status report about an earlier send, parsed from a provider webhook. */
export interface StatusUpdate {
  providerMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  /** Provider error code when failed, e.g. Twilio `21610`. */
  errorCode?: string;
  at: Date;
}

/** An inbound webhook as the hub received it: raw body kept for signature checks. */
export interface InboundRequest {
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  rawBody: Buffer;
}

/**
 * A channel adapter: small, tagged by the channel it serves and the provider behind it.
 * A new provider is one folder under src/ and one line in the registry.
 */
export interface ChannelAdapter {
  readonly channel: Channel;
  /** e.g. `smtp`, `capture`, `websocket`, `twilio`, `whatsapp-web`. */
  readonly provider: string;
  send(message: OutgoingMessage, ctx: SendContext): Promise<SendResult>;
  /** Parses a provider's status webhook; throws `SafenetError('unauthenticated')` when forged. */
  parseStatus?(request: InboundRequest): Promise<StatusUpdate[]>;
  /** Releases connections; sends in flight finish first. */
  close?(): Promise<void>;
}

export type { SafenetError };
