import type {
  AttachmentContentType,
  Channel,
  DeliveryReason,
  Language,
  SafenetError,
} from '@safenet/core';

/**
 * A file a message carries (a recommendation's memo, booklet or poster), with its public
 * link. Adapters that send files read the bytes with `load()` or hand the provider the `url`
 * (WhatsApp Cloud fetches it); the others put the link in the text.
 */
export interface OutgoingAttachment {
  /** As recipients see it, e.g. `Памятка для родителей.pdf`. */
  filename: string;
  /** The type its bytes show (the hub sniffed it). */
  contentType: AttachmentContentType;
  sizeBytes: number;
  /** `<public URL>/a/<token>`: serves the file to anyone holding the link, no login. */
  url: string;
  /** The file's bytes (read once per batch of sends, however many messages carry it). */
  load(): Promise<Buffer>;
}

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
  /**
   * A signed link that withdraws this contact's consent on this channel without logging in.
   * Email puts it in `List-Unsubscribe` (with RFC 8058 one-click) and in the footer.
   */
  unsubscribeUrl?: string;
  /**
   * Files to send with the text, in order: WhatsApp sends them as media, email attaches
   * them (as links in the text beyond `EMAIL_ATTACHMENTS_MAX_BYTES`). Channels that cannot
   * carry files (SMS) get the links written into `body` by the hub instead, and no files here.
   */
  attachments?: readonly OutgoingAttachment[];
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

/** A status report about an earlier send, from a provider webhook or a client event. */
export interface StatusUpdate {
  providerMessageId: string;
  status: 'sent' | 'delivered' | 'read' | 'failed';
  /** Provider error code when failed, e.g. Twilio `21610`, WhatsApp `131026`. */
  errorCode?: string;
  /** The delivery reason a failure maps to, e.g. `opted_out`, `not_on_whatsapp`. */
  reason?: DeliveryReason;
  at: Date;
  /**
   * How the provider bills the message, when the receipt says (WhatsApp Cloud's `pricing`
   * object: billable or not, pricing model, category — no amount).
   */
  pricing?: ReportedPricing;
}

/** WhatsApp Cloud's `pricing` object of a status webhook. */
export interface ReportedPricing {
  /** Null when Meta leaves it out (it is being replaced by `type`). */
  billable: boolean | null;
  /** e.g. `PMP` (per message), `CBP` (per conversation, before July 2025). */
  pricingModel: string;
  /** e.g. `marketing`, `utility`, `authentication`, `service`. */
  category: string;
  /** Since July 2025: `regular` (charged), `free_customer_service`, `free_entry_point`. */
  type: string | null;
}

/** What a provider says a message cost (Twilio's `price` and `price_unit`). */
export interface ReportedPrice {
  /** A decimal string as the provider wrote it; Twilio writes a charge negative: "-0.07250". */
  price: string;
  /** ISO 4217, e.g. `USD`. */
  unit: string | null;
}

/** A message a contact sent us (e.g. an SMS "STOP"), for consent keywords and replies. */
export interface InboundMessage {
  /** The sender's address on this channel: E.164 phone for SMS and WhatsApp. */
  from: string;
  body: string;
  /**
   * The provider's id of this message (Twilio `MessageSid`, WhatsApp wamid): the hub applies
   * each id once, so a replayed or retried webhook changes nothing. Null when none is known.
   */
  providerMessageId: string | null;
  /**
   * When the contact sent it, as the provider stamped it (WhatsApp); for providers that stamp
   * nothing (Twilio SMS), when the hub received it.
   */
  at: Date;
}

/** What a provider webhook carried, after its signature was checked. */
export interface WebhookEvents {
  statuses: StatusUpdate[];
  inbound: InboundMessage[];
  /**
   * The newest event time the provider stamped in the signed request (WhatsApp Cloud's
   * `timestamp`s); absent when it stamps none (Twilio), so the request's age is unknown.
   */
  newestEventAt?: Date;
}

/** An inbound webhook as the hub received it: raw body kept for signature checks. */
export interface InboundRequest {
  method: string;
  /** The full public URL the provider called (signatures cover it), query string included. */
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  rawBody: Buffer;
}

/** Events an adapter pushes without a webhook (whatsapp-web.js acks, pairing, disconnects). */
export type AdapterEvent =
  | { type: 'status'; update: StatusUpdate }
  | { type: 'inbound'; message: InboundMessage }
  | {
      type: 'session';
      state: 'starting' | 'qr' | 'ready' | 'disconnected' | 'failed';
      /** The pairing QR code, as the text to encode, when `state` is `qr`. */
      qr?: string;
      detail?: string;
    };

/** Where pairing stands: `starting` until a QR code or a restored session, `ready` to send. */
export type PairingState = Extract<AdapterEvent, { type: 'session' }>['state'];

/** A pairing session as an operator sees it. */
export interface PairingSession {
  state: PairingState;
  /** The text of the current pairing QR code, while `state` is `qr`. */
  qr: string | null;
  /** The same QR code as a PNG `data:` URL, for a web page; null until rendered. */
  qrDataUrl: string | null;
  /** Why the session is `disconnected` or `failed`, in the provider's or the browser's words. */
  detail?: string;
}

/**
 * A session a person pairs by scanning a QR code on a phone (WhatsApp Web). The hub starts
 * it with itself, shows it to admins, draws the code in a terminal, and starts it again
 * after a disconnect; each change also comes as a `session` {@link AdapterEvent}.
 */
export interface Pairing {
  /** What the person does with the code, e.g. where to scan it on the phone. */
  readonly instructions: string;
  /**
   * Starts the session (launches what it needs) and resolves without waiting for the phone:
   * follow {@link Pairing.session} or the `session` events for the QR code and `ready`. Call
   * again after a disconnect to reconnect.
   */
  start(): Promise<void>;
  session(): PairingSession;
  /**
   * Writes the current QR code as text art for a terminal (e.g. `process.stdout.write`);
   * returns false, writing nothing, when no QR code is waiting to be scanned.
   */
  printQr(write: (text: string) => void): boolean;
}

/** The HTTP answer to a provider's webhook, for providers that read replies from it. */
export interface WebhookReply {
  contentType: string;
  body: string;
}

/**
 * How fast a provider may be called. The hub enforces it across all worker processes;
 * adapters only declare it (from their config).
 */
export interface Pacing {
  /** Sends per second for this channel instance (WhatsApp Cloud: 80 by default). */
  perSecond?: number;
  /** Cost units per second when {@link ChannelAdapter.cost} is defined (SMS segments). */
  unitsPerSecond?: number;
  /** Minimum milliseconds between two sends from this instance (whatsapp-web.js: seconds). */
  minIntervalMs?: number;
  /** Random extra delay up to this many milliseconds, so sends don't look automated. */
  jitterMs?: number;
  /** Minimum milliseconds between two sends to the same recipient. */
  perRecipientIntervalMs?: number;
  /** Most sends per day from this instance. */
  dailyCap?: number;
}

/**
 * A channel adapter: small, tagged by the channel it serves and the provider behind it.
 * A new provider is one folder under src/ and one line in the registry.
 *
 * Failures are thrown as `SafenetError`: `retryable` decides whether the hub tries again
 * (honouring `retryAfterSeconds`); a permanent failure carries the delivery `reason` that
 * lets the hub fall back to the next channel (`not_on_whatsapp`, `opted_out`,
 * `invalid_address`, `template_required`, …) and the provider's own code.
 */
export interface ChannelAdapter {
  readonly channel: Channel;
  /** e.g. `smtp`, `capture`, `websocket`, `twilio`, `whatsapp-web`, `whatsapp-cloud`. */
  readonly provider: string;
  send(message: OutgoingMessage, ctx: SendContext): Promise<SendResult>;
  /** Cost of a message in pacing units, e.g. SMS segments. Absent: 1 per message. */
  cost?(message: OutgoingMessage): number;
  /**
   * What the provider says a sent message cost, read from its message resource (Twilio's
   * `price`, filled in some time after the final status); null while it says nothing yet.
   * Absent: the provider reports no price this way.
   */
  messagePrice?(providerMessageId: string): Promise<ReportedPrice | null>;
  /** Declared limits, enforced by the hub. */
  readonly pacing?: Pacing;
  /**
   * True when the provider reports delivery later (receipts by webhook or client events).
   * Only then can a missing receipt hand a recipient over to the broadcast's next channel.
   */
  readonly reportsDelivery?: boolean;
  /**
   * Checks a provider webhook's signature and parses it. Throws
   * `SafenetError('webhook_signature_invalid')` when the signature is missing or wrong.
   */
  parseWebhook?(request: InboundRequest): Promise<WebhookEvents>;
  /**
   * Answers a provider's subscription handshake (WhatsApp Cloud's `hub.challenge`): the text
   * to reply with, or throws `SafenetError('webhook_verify_token_invalid')` when the token is
   * wrong.
   */
  verifySubscription?(query: Readonly<Record<string, string | undefined>>): string;
  /**
   * The webhook's HTTP answer carrying `replies` (e.g. the answer to HELP) back to the sender,
   * for providers that send what the webhook answers (Twilio: TwiML `<Message>`s). Absent:
   * the hub answers `{ "received": true }` and sends replies, if any, no other way.
   */
  webhookReply?(replies: readonly string[]): WebhookReply;
  /** Present when a person pairs the channel with a phone before it can send. */
  readonly pairing?: Pairing;
  /**
   * One line for the hub's start banner: where messages go and how fast, e.g. `via Twilio,
   * 10 segments/s`. Holds no credential.
   */
  describe?(): string;
  /**
   * Why the channel cannot send right now (a WhatsApp phone not paired or disconnected), or
   * null when it can. While paused the hub holds the channel's messages back, without
   * spending their attempts, so nothing is dropped.
   */
  pausedReason?(): string | null;
  /** Events the adapter pushes by itself; returns the unsubscribe function. */
  subscribe?(listener: (event: AdapterEvent) => void): () => void;
  /** Releases connections; sends in flight finish first. */
  close?(): Promise<void>;
}

export type { SafenetError };
