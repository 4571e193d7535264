import { SafenetError } from '@safenet/core';
import { Api, InputFile } from 'grammy';
import { abortedError, throwIfAborted } from '../abort.js';
import type { ChannelAdapter, OutgoingAttachment, OutgoingMessage } from '../channel.js';
import { TelegramBotConfig, type TelegramBotConfigInput } from './telegram-bot.config.js';
import { classifyTelegramError } from './telegram-bot.errors.js';
import { telegramTexts } from './telegram-bot.message.js';

/** A Bot API call that takes longer than this fails retryably (grammY waits 500 s by default). */
const REQUEST_TIMEOUT_SECONDS = 30;

/**
 * The Bot API fetches a document by URL only for "GIF, PDF and ZIP files" (`sendDocument`);
 * other files are uploaded once, then sent again by the `file_id` Telegram gave them.
 */
const BY_URL = new Set<string>(['application/pdf']);

/** File ids remembered per attachment URL; beyond this many, the oldest is forgotten. */
const FILE_IDS_KEPT = 512;

/**
 * The signal type grammY declares: the `abort-controller` polyfill's class. Node's own
 * `AbortSignal` is what it gets at run time, and all grammY asks of one is `addEventListener`.
 */
type GrammySignal = Parameters<Api['sendMessage']>[3];

/**
 * Telegram through a bot of the Bot API, on grammY's `Api` client. `to` is a chat id: a
 * person's private chat (a positive number — the person must have started the bot, since a
 * bot may not write first), or a group or channel to post in (a negative id or
 * `@channelusername`). The text goes in HTML parse mode — the title in bold, a blank line, the
 * body, all escaped — cut into as many messages as Telegram's 4,096-character limit needs;
 * then each file as a document with its name as caption. The Bot API sends no receipts, so a
 * send is `sent` and no fallback waits on delivery.
 *
 * @example
 * const telegram = createTelegramBotAdapter({ botToken: process.env.TELEGRAM_BOT_TOKEN });
 */
export function createTelegramBotAdapter(config: TelegramBotConfigInput): ChannelAdapter {
  const parsed = TelegramBotConfig.parse(config);
  const api = new Api(parsed.botToken, {
    apiRoot: parsed.apiRoot,
    timeoutSeconds: REQUEST_TIMEOUT_SECONDS,
  });
  const fileIds = new Map<string, string>();

  /** Runs one Bot API call, its failure classified (and an abort reported as such). */
  async function call<T>(run: () => Promise<T>, signal: AbortSignal | undefined): Promise<T> {
    try {
      return await run();
    } catch (thrown) {
      if (signal?.aborted) throw abortedError(signal, 'telegram-bot');
      throw classifyTelegramError(thrown, parsed.botToken);
    }
  }

  /** Sends a file as a document: by its id once Telegram has it, else by URL or upload. */
  async function sendDocument(chatId: number | string, file: OutgoingAttachment): Promise<void> {
    const known = fileIds.get(file.url);
    const document =
      known ??
      (BY_URL.has(file.contentType) ? file.url : new InputFile(await file.load(), file.filename));
    const sent = await call(
      () => api.sendDocument(chatId, document, { caption: file.filename }),
      undefined,
    );
    const id = sent.document?.file_id;
    if (known === undefined && id !== undefined) {
      fileIds.set(file.url, id);
      if (fileIds.size > FILE_IDS_KEPT) fileIds.delete(fileIds.keys().next().value as string);
    }
  }

  return {
    channel: 'telegram',
    provider: 'telegram-bot',
    reportsDelivery: false,
    // Telegram's limits count messages, and one broadcast message may be several (long text
    // cut into parts, files), so the per-second budget is spent in parts: see `cost`.
    pacing: { unitsPerSecond: parsed.perSecond, perRecipientIntervalMs: parsed.perChatIntervalMs },
    cost: (message) => partsOf(message),
    describe: () =>
      `via the Bot API (${new URL(parsed.apiRoot).host}), ${parsed.perSecond} messages/s, 1 per ${parsed.perChatIntervalMs} ms in a chat`,

    async send(message, ctx) {
      throwIfAborted(ctx.signal, 'telegram-bot');
      const chatId = chatIdOf(message.to);
      const [first, ...more] = telegramTexts(message);
      if (first === undefined && !message.attachments?.length) {
        throw new SafenetError('provider_rejected', 'The message has no text and no file', {
          reason: 'provider_rejected',
        });
      }
      // The first part may be aborted while on its way; after it, the message has begun to
      // arrive, so the rest finishes (or fails) on its own timeout. A part that fails fails
      // the send, and a retry sends every part again: the Bot API has no batch.
      let providerMessageId: string | null = null;
      if (first !== undefined) {
        const sent = await call(
          () => api.sendMessage(chatId, first, { parse_mode: 'HTML' }, ctx.signal as GrammySignal),
          ctx.signal,
        );
        // Message ids count per chat, so the chat makes the id unique.
        providerMessageId = `${sent.chat.id}:${sent.message_id}`;
      }
      for (const text of more) {
        await call(() => api.sendMessage(chatId, text, { parse_mode: 'HTML' }), undefined);
      }
      for (const file of message.attachments ?? []) await sendDocument(chatId, file);
      return { status: 'sent', providerMessageId };
    },
  };
}

/** The messages Telegram gets for `message`: its text's parts and its files. */
function partsOf(message: OutgoingMessage): number {
  return Math.max(1, telegramTexts(message).length + (message.attachments?.length ?? 0));
}

/**
 * A chat id as the Bot API takes it: a number for a private chat, a group or a channel
 * (`-100…`), or a public channel's `@username`. Anything else is no Telegram address.
 */
function chatIdOf(to: string): number | string {
  const trimmed = to.trim();
  if (/^-?\d{1,20}$/.test(trimmed)) {
    const id = Number(trimmed);
    // Telegram's ids fit in 52 bits; a longer number would lose digits as a JS number.
    if (Number.isSafeInteger(id)) return id;
  }
  if (/^@[A-Za-z][A-Za-z0-9_]{3,31}$/.test(trimmed)) return trimmed;
  throw new SafenetError(
    'provider_rejected',
    'The Telegram address is neither a numeric chat id nor an @channelusername',
    { reason: 'invalid_address' },
  );
}
