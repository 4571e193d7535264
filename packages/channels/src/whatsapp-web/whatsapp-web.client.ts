import { join } from 'node:path';
import type { ContactId, Message, MessageMedia } from 'whatsapp-web.js';

/**
 * whatsapp-web.js's `MessageAck` values. The package's own enum is a runtime value reachable
 * only through its CommonJS default export, which loads puppeteer; the adapter needs just the
 * numbers (a test checks they match the package's).
 */
export const WHATSAPP_ACK = {
  ERROR: -1,
  PENDING: 0,
  SERVER: 1,
  DEVICE: 2,
  READ: 3,
  PLAYED: 4,
} as const;

/** The fields of a whatsapp-web.js `Message` the adapter reads. */
export type WhatsAppMessage = Pick<Message, 'id' | 'from' | 'to' | 'body' | 'timestamp' | 'fromMe'>;

/**
 * The events of whatsapp-web.js's `Client` the adapter listens to, with their arguments.
 * `disconnected` carries a `WAState` (`CONFLICT`, `UNPAIRED`, `TOS_BLOCK`, …), `LOGOUT`, or
 * free text such as "Max qrcode retries reached", hence plain strings.
 */
export interface WhatsAppClientEvents {
  qr: [qr: string];
  authenticated: [];
  auth_failure: [message: string];
  ready: [];
  disconnected: [reason: string];
  change_state: [state: string];
  message: [message: WhatsAppMessage];
  message_ack: [message: WhatsAppMessage, ack: number];
}

/** A listener for one {@link WhatsAppClientEvents} event. */
export type WhatsAppClientListener<E extends keyof WhatsAppClientEvents> = (
  ...args: WhatsAppClientEvents[E]
) => void;

/**
 * The part of whatsapp-web.js's `Client` the adapter uses. The real `Client` satisfies it
 * (see {@link createWhatsAppWebClient}); tests pass a fake with the same events.
 */
export interface WhatsAppClientLike {
  on<E extends keyof WhatsAppClientEvents>(event: E, listener: WhatsAppClientListener<E>): unknown;
  off<E extends keyof WhatsAppClientEvents>(event: E, listener: WhatsAppClientListener<E>): unknown;
  once<E extends keyof WhatsAppClientEvents>(
    event: E,
    listener: WhatsAppClientListener<E>,
  ): unknown;
  /** Launches the browser, opens WhatsApp Web and starts pairing (`qr`) or restoring a session. */
  initialize(): Promise<void>;
  /** The WhatsApp id of a phone number (digits, no `+`), or null when it has no account. */
  getNumberId(number: string): Promise<ContactId | null>;
  /**
   * Sends text, or a file (`MessageMedia`: an image, or a document with its name) with the
   * text as its `caption`.
   */
  sendMessage(
    chatId: string,
    content: string | MessageMedia,
    options?: { caption?: string },
  ): Promise<WhatsAppMessage>;
  /** WhatsApp Web's connection state (`CONNECTED`, …); null before the page is ready. */
  getState(): Promise<string | null>;
  /** Closes the browser; the LocalAuth session stays on disk for the next start. */
  destroy(): Promise<void>;
}

/** Where the real client keeps its session and which browser it drives. */
export interface WhatsAppWebClientOptions {
  /** The hub's data directory; the session goes to `<dataDir>/whatsapp-web`. */
  dataDir: string;
  /** A system Chromium (Debian's `chromium` package), never a downloaded one. */
  executablePath?: string;
  headless?: boolean;
}

/**
 * Chromium flags for a server: no sandbox (the hub runs unprivileged in a container), no
 * /dev/shm (small in containers), and nothing the browser would fetch for itself.
 */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-dev-shm-usage',
  '--disable-gpu',
  '--disable-background-networking',
  '--no-first-run',
];

/**
 * Builds the real whatsapp-web.js client, with the session saved by `LocalAuth` under the
 * data directory so a restart needs no new QR scan. whatsapp-web.js (and puppeteer) load
 * only here, on first use: the package stays cheap to import for hubs without WhatsApp Web.
 * Nothing is launched until `initialize()`.
 *
 * @example
 * const client = await createWhatsAppWebClient({ dataDir: '/var/lib/safenet' });
 * const whatsapp = createWhatsAppWebAdapter({ client });
 * await whatsapp.start();
 */
export async function createWhatsAppWebClient({
  dataDir,
  executablePath = '/usr/bin/chromium',
  headless = true,
}: WhatsAppWebClientOptions): Promise<WhatsAppClientLike> {
  // CommonJS: Node exposes only `Client` as a named export; `LocalAuth` is on the default.
  const { default: wwebjs } = await import('whatsapp-web.js');
  return new wwebjs.Client({
    authStrategy: new wwebjs.LocalAuth({ dataPath: join(dataDir, 'whatsapp-web') }),
    puppeteer: { executablePath, headless, args: CHROMIUM_ARGS },
  });
}
