import { createRequire } from 'node:module';
import { SafenetError } from '@safenet/core';
import type { MessageMedia } from 'whatsapp-web.js';
import { abortedError, throwIfAborted } from '../abort.js';
import type {
  AdapterEvent,
  ChannelAdapter,
  OutgoingAttachment,
  Pacing,
  Pairing,
} from '../channel.js';
import type { WhatsAppClientLike } from './whatsapp-web.client.js';
import { WhatsAppWebPacing, type WhatsAppWebPacingInput } from './whatsapp-web.config.js';
import { classifyWhatsAppWebError } from './whatsapp-web.errors.js';
import { digitsOf, inboundOf, statusOfAck, textOf } from './whatsapp-web.message.js';
import { trackSession } from './whatsapp-web.session.js';

const PROVIDER = 'whatsapp-web';
/** The longest text sent as a file's caption; a longer one goes as a message before the files. */
const CAPTION_MAX = 1024;

/** Options of {@link createWhatsAppWebAdapter}. */
export interface WhatsAppWebAdapterOptions {
  /** The real client from `createWhatsAppWebClient`, or a fake in tests. */
  client: WhatsAppClientLike;
  pacing?: WhatsAppWebPacingInput;
}

/** The WhatsApp Web adapter: a channel adapter plus the pairing session of its phone. */
export interface WhatsAppWebAdapter extends ChannelAdapter {
  readonly pacing: Pacing;
  /** The phone's pairing: start the browser, read the session and its QR code. */
  readonly pairing: Pairing;
  subscribe(listener: (event: AdapterEvent) => void): () => void;
  /** Why the phone cannot send now (not paired, disconnected, banned), or null when ready. */
  pausedReason(): string | null;
  /** Waits for the sends in flight, then closes the browser; later sends fail retryably. */
  close(): Promise<void>;
}

/**
 * WhatsApp through a phone paired with WhatsApp Web (whatsapp-web.js driving Chromium), for
 * parent associations that broadcast from an ordinary number to small groups of parents who
 * saved it. Unofficial: see {@link WhatsAppWebPacing} for why the declared pacing is slow.
 *
 * Sends fail with a retryable `provider_unavailable` while the phone is not paired or
 * connected, so nothing is dropped; a number without WhatsApp fails for good with reason
 * `not_on_whatsapp`, letting the hub fall back to another channel. Files go as whatsapp-web.js
 * `MessageMedia`, the first with the text as its caption (a text too long for a caption goes
 * before them). Acks, received messages and session changes (QR code, ready, disconnected,
 * banned) come as {@link AdapterEvent}s.
 *
 * @example
 * const client = await createWhatsAppWebClient({ dataDir: '/var/lib/safenet' });
 * const whatsapp = createWhatsAppWebAdapter({ client });
 * whatsapp.subscribe((event) => {
 *   if (event.type === 'session' && event.state === 'qr') whatsapp.pairing.printQr(console.log);
 * });
 * await whatsapp.pairing.start();
 */
export function createWhatsAppWebAdapter(options: WhatsAppWebAdapterOptions): WhatsAppWebAdapter {
  const { client } = options;
  const pacing = WhatsAppWebPacing.parse(options.pacing ?? {});
  const listeners = new Set<(event: AdapterEvent) => void>();
  const publish = (event: AdapterEvent) => {
    for (const listener of listeners) {
      // A throwing listener must neither stop the others nor break whatsapp-web.js, whose
      // page callbacks emit these events.
      try {
        listener(event);
      } catch (error) {
        process.emitWarning(error instanceof Error ? error : String(error));
      }
    }
  };

  const session = trackSession(client, publish);
  const onAck = (message: Parameters<typeof statusOfAck>[0], ack: number) => {
    const update = statusOfAck(message, ack, new Date());
    if (update) publish({ type: 'status', update });
  };
  const onMessage = (message: Parameters<typeof inboundOf>[0]) => {
    const inbound = inboundOf(message, new Date());
    if (inbound) publish({ type: 'inbound', message: inbound });
  };
  client.on('message_ack', onAck);
  client.on('message', onMessage);

  const inFlight = new Set<Promise<unknown>>();
  let starting: Promise<void> | null = null;
  /** Whether the client is initialised and not since disconnected, blocked or refused. */
  let started = false;
  let closing: Promise<void> | null = null;

  function notReady(): string | null {
    const { state, detail } = session.current();
    return state === 'ready'
      ? null
      : `WhatsApp is not paired/connected (session ${state}${detail ? `: ${detail}` : ''})`;
  }

  async function deliver(
    to: string,
    text: string,
    files: readonly OutgoingAttachment[],
    signal: AbortSignal,
  ) {
    const digits = digitsOf(to);
    if (!digits) {
      throw new SafenetError('provider_rejected', `${to} is not an E.164 phone number`, {
        reason: 'invalid_address',
      });
    }
    try {
      const id = await client.getNumberId(digits);
      if (!id) {
        throw new SafenetError('provider_rejected', `${to} has no WhatsApp account`, {
          reason: 'not_on_whatsapp',
        });
      }
      // The lookup took a round trip: a send aborted meanwhile must not go out.
      if (signal.aborted) throw abortedError(signal, PROVIDER);
      // Read before the first part goes: a file that cannot be read sends nothing.
      const media = await Promise.all(files.map(toMedia));
      // Once sendMessage is called the message may well go out, so an abort no longer wins:
      // reporting a failure here would make the hub send it twice.
      const [first, ...rest] = media;
      const captioned = first !== undefined && [...text].length <= CAPTION_MAX;
      // The message's id is the part carrying the text; the other parts follow it.
      const sent = captioned
        ? await client.sendMessage(id._serialized, first, { caption: text })
        : await client.sendMessage(id._serialized, text);
      for (const part of captioned ? rest : media) await client.sendMessage(id._serialized, part);
      return sent.id._serialized;
    } catch (thrown) {
      const { error, banned } = classifyWhatsAppWebError(thrown);
      if (banned) session.set('failed', error.message);
      throw error;
    }
  }

  return {
    channel: 'whatsapp',
    provider: PROVIDER,
    reportsDelivery: true,
    pacing,
    async send(message, ctx) {
      if (closing) {
        throw new SafenetError('provider_unavailable', 'The WhatsApp Web adapter is closed');
      }
      throwIfAborted(ctx.signal, PROVIDER);
      const paused = notReady();
      if (paused) throw new SafenetError('provider_unavailable', paused);
      const sending = deliver(message.to, textOf(message), message.attachments ?? [], ctx.signal);
      inFlight.add(sending);
      try {
        return { status: 'sent', providerMessageId: await sending };
      } finally {
        inFlight.delete(sending);
      }
    },
    pausedReason: () => (closing ? 'The WhatsApp Web adapter is closed' : notReady()),
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    describe: () =>
      `via WhatsApp Web on a paired phone, one message every ${pacing.minIntervalMs / 1000} s at least`,
    pairing: {
      instructions: 'Scan with WhatsApp on the phone (Settings › Linked devices › Link a device)',
      start() {
        if (closing) {
          return Promise.reject(
            new SafenetError('provider_unavailable', 'The WhatsApp Web adapter is closed'),
          );
        }
        // A second initialize() would launch a second browser on the same session.
        starting ??= begin().finally(() => {
          starting = null;
        });
        return starting;
      },
      session: () => session.current(),
      printQr(write) {
        const { qr } = session.current();
        if (!qr) return false;
        qrcodeTerminal().generate(qr, { small: true }, write);
        return true;
      },
    },
    close() {
      closing ??= (async () => {
        await Promise.allSettled(inFlight);
        client.off('message_ack', onAck);
        client.off('message', onMessage);
        session.detach();
        // The browser may already be gone (WhatsApp disconnected and whatsapp-web.js closed
        // it); there is nothing left to release then.
        await client.destroy().catch(() => {});
      })();
      return closing;
    },
  };

  async function begin(): Promise<void> {
    const { state } = session.current();
    if (started && state !== 'disconnected' && state !== 'failed') return;
    session.set('starting');
    try {
      await client.initialize();
      started = true;
    } catch (thrown) {
      const detail = thrown instanceof Error ? thrown.message : String(thrown);
      session.set('failed', `WhatsApp Web could not start: ${detail}`);
      throw new SafenetError('provider_unavailable', `WhatsApp Web could not start: ${detail}`, {
        cause: thrown,
      });
    }
  }
}

/**
 * A file as whatsapp-web.js's `MessageMedia` (base64, with its type and name): the client
 * sends images as images and other files as documents.
 */
async function toMedia(file: OutgoingAttachment): Promise<MessageMedia> {
  const data = (await file.load()).toString('base64');
  return new (messageMedia())(file.contentType, data, file.filename, file.sizeBytes);
}

/**
 * whatsapp-web.js's `MessageMedia` class, the one its `sendMessage` recognises. Loaded from
 * its own file, on first use: the package's entry point loads puppeteer.
 */
function messageMedia(): typeof MessageMedia {
  return createRequire(import.meta.url)(
    'whatsapp-web.js/src/structures/MessageMedia.js',
  ) as typeof MessageMedia;
}

/** The part of qrcode-terminal (untyped CommonJS) used to print a QR code. */
interface QrcodeTerminal {
  generate(text: string, options: { small: boolean }, callback: (art: string) => void): void;
}

/** Loaded on first use, like the browser: only an interactive terminal needs it. */
function qrcodeTerminal(): QrcodeTerminal {
  return createRequire(import.meta.url)('qrcode-terminal') as QrcodeTerminal;
}
