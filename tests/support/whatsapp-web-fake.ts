/**
 * A stand-in for whatsapp-web.js's `Client`, which cannot reach WhatsApp here: the same
 * method names, the same events with the same arguments, and the failures the real one shows
 * (a closed page after a disconnect, a banned account). The only WhatsApp fake in the tests.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';
import { setImmediate as tick } from 'node:timers/promises';
import type { WhatsAppClientLike, WhatsAppMessage } from '@safenet/channels';
import type { MessageMedia } from 'whatsapp-web.js';

/** whatsapp-web.js's `MessageAck` values, as the real client emits them. */
export const MESSAGE_ACK = { ACK_SERVER: 1, ACK_DEVICE: 2, ACK_READ: 3 } as const;

/** A message the fake "phone" sent. */
export interface SentWhatsApp {
  chatId: string;
  /** The text, or a file's caption (empty without one). */
  content: string;
  /** The file sent, as the adapter built it (whatsapp-web.js's own `MessageMedia`). */
  media?: MessageMedia;
  message: WhatsAppMessage;
  /** `performance.now()` when it was sent: the clock the hub's pacing keeps. */
  at: number;
}

/** What puppeteer throws when whatsapp-web.js evaluates in a page that has been closed. */
const PAGE_CLOSED =
  'Protocol error (Runtime.callFunctionOn): Session closed. Most likely the page has been closed.';

export class FakeWhatsAppClient extends EventEmitter implements WhatsAppClientLike {
  /** Numbers (digits, no `+`) that have a WhatsApp account. */
  readonly registered = new Set<string>();
  /** Numbers whose owner reads messages at once: their messages also get `ACK_READ`. */
  readonly readers = new Set<string>();
  /** Per-number failures of `sendMessage`, e.g. a flaky in-page call. */
  readonly failures = new Map<string, Error>();
  /** Everything sent, in order. */
  readonly sent: SentWhatsApp[] = [];
  /** The phone number of the paired phone. */
  readonly me: string;
  /** Whether a session is saved (LocalAuth): then `initialize()` needs no QR code. */
  paired: boolean;
  /** Calls of `initialize()`, each one a browser launch in the real client. */
  initializations = 0;
  /** Set to make `initialize()` fail, as it does here when Chromium cannot reach WhatsApp. */
  initializeError: Error | null = null;

  #page: 'none' | 'open' | 'closed' = 'none';
  #connected = false;
  #ban: Error | null = null;

  constructor(options: { paired?: boolean; me?: string } = {}) {
    super();
    this.paired = options.paired ?? false;
    this.me = options.me ?? '77010000000';
  }

  async initialize(): Promise<void> {
    this.initializations += 1;
    await tick();
    if (this.initializeError) throw this.initializeError;
    this.#page = 'open';
    if (this.paired) {
      this.emit('authenticated');
      await this.#connect();
    } else {
      this.emit('qr', fakeQr());
    }
  }

  /** The phone scans the QR code shown: authenticated, then ready. */
  async scanQr(): Promise<void> {
    if (this.#page !== 'open' || this.paired) throw new Error('no QR code is being shown');
    await tick();
    this.paired = true;
    this.emit('authenticated');
    await this.#connect();
  }

  async getNumberId(number: string) {
    await this.#evaluate();
    const user = number.replace(/@c\.us$/, '');
    return this.registered.has(user) ? { _serialized: `${user}@c.us`, user, server: 'c.us' } : null;
  }

  async sendMessage(
    chatId: string,
    content: string | MessageMedia,
    options: { caption?: string } = {},
  ): Promise<WhatsAppMessage> {
    await this.#evaluate();
    // Like the real client: a file with its caption, or text (a string), nothing else.
    const media = typeof content === 'string' ? undefined : content;
    if (media && !(media instanceof messageMediaClass())) {
      throw new TypeError('sendMessage takes text or a whatsapp-web.js MessageMedia');
    }
    const text = media ? (options.caption ?? '') : (content as string);
    const user = chatId.replace(/@c\.us$/, '');
    if (this.#ban) {
      const error = this.#ban;
      this.#ban = null;
      // WhatsApp then logs the phone out: the state becomes TOS_BLOCK and the page closes.
      setImmediate(() => this.disconnect('TOS_BLOCK'));
      throw error;
    }
    const failure = this.failures.get(user);
    if (failure) throw failure;
    const id = randomBytes(10).toString('hex').toUpperCase();
    const message: WhatsAppMessage = {
      id: { fromMe: true, remote: chatId, id, _serialized: `true_${chatId}_${id}` },
      from: `${this.me}@c.us`,
      to: chatId,
      body: text,
      timestamp: Math.floor(Date.now() / 1000),
      fromMe: true,
    };
    this.sent.push({
      chatId,
      content: text,
      ...(media ? { media } : {}),
      message,
      at: performance.now(),
    });
    void this.#acknowledge(message, this.readers.has(user));
    return message;
  }

  async getState(): Promise<string | null> {
    await this.#evaluate();
    return this.#connected ? 'CONNECTED' : null;
  }

  async destroy(): Promise<void> {
    this.#page = this.#page === 'none' ? 'none' : 'closed';
    this.#connected = false;
  }

  /**
   * WhatsApp drops the session, as the real client reports it: `change_state` (for a WAState),
   * `disconnected`, then the page is closed, so calls reject until `initialize()` again.
   * `LOGOUT` and `UNPAIRED` also forget the saved session.
   */
  disconnect(reason = 'CONFLICT'): void {
    if (reason !== 'LOGOUT') this.emit('change_state', reason);
    if (reason === 'LOGOUT' || reason === 'UNPAIRED') this.paired = false;
    this.emit('disconnected', reason);
    this.#connected = false;
    this.#page = 'closed';
  }

  /** The next `sendMessage` rejects as when WhatsApp has banned the account, which then logs out. */
  banNext(): void {
    this.#ban = new Error(
      'Evaluation failed: Error: This account is not allowed to use WhatsApp (banned, TOS_BLOCK)',
    );
  }

  /** A parent writes to the paired phone. */
  receive(from: string, body: string): WhatsAppMessage {
    const digits = from.replace(/^\+/, '');
    const id = randomBytes(10).toString('hex').toUpperCase();
    const message: WhatsAppMessage = {
      id: {
        fromMe: false,
        remote: `${digits}@c.us`,
        id,
        _serialized: `false_${digits}@c.us_${id}`,
      },
      from: `${digits}@c.us`,
      to: `${this.me}@c.us`,
      body,
      timestamp: Math.floor(Date.now() / 1000),
      fromMe: false,
    };
    this.emit('message', message);
    return message;
  }

  async #connect(): Promise<void> {
    await tick();
    this.#connected = true;
    this.emit('change_state', 'CONNECTED');
    this.emit('ready');
  }

  /** Like `this.pupPage.evaluate(…)` in the real client: fails without a live page. */
  async #evaluate(): Promise<void> {
    await tick();
    if (this.#page === 'none') {
      throw new TypeError("Cannot read properties of null (reading 'evaluate')");
    }
    if (this.#page === 'closed') throw new Error(PAGE_CLOSED);
  }

  async #acknowledge(message: WhatsAppMessage, read: boolean): Promise<void> {
    const { ACK_SERVER, ACK_DEVICE, ACK_READ } = MESSAGE_ACK;
    const acks = [ACK_SERVER, ACK_DEVICE, ...(read ? [ACK_READ] : [])];
    for (const ack of acks) {
      await tick();
      if (this.#page !== 'open') return;
      this.emit('message_ack', message, ack);
    }
  }
}

/** whatsapp-web.js's `MessageMedia`, from the file the real client loads it from. */
function messageMediaClass(): typeof MessageMedia {
  return createRequire(import.meta.url)(
    'whatsapp-web.js/src/structures/MessageMedia.js',
  ) as typeof MessageMedia;
}

/**
 * A pairing QR code's text as WhatsApp Web shows it: `2@` and a reference, then the
 * base64 noise key, identity key and secret, comma-separated.
 */
function fakeQr(): string {
  const b64 = (n: number) => randomBytes(n).toString('base64');
  return `2@${b64(66)},${b64(32)},${b64(32)},${b64(32)},1`;
}
