import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseTelegramHtml } from './telegram-html.js';

/**
 * A local stand-in of the Telegram Bot API (issue 14's intake, issue 17's delivery channel):
 * `POST|GET /bot<token>/<method>` on loopback (JSON, form or multipart bodies), answering
 * `{ ok: true, result }` or Telegram's error shape `{ ok: false, error_code, description,
 * parameters? }` with its real texts. Like Telegram, it knows a chat only once that chat has
 * written to the bot (bots may not message first) or a test says so ({@link
 * TelegramBotApi.knowChat}): sending to any other chat is `400 Bad Request: chat not found`.
 * `parse_mode: 'HTML'` is parsed as Telegram parses it (telegram-html.ts) and the 4,096
 * characters of a text are counted after parsing. With `limits` it refuses what goes over
 * Telegram's rates with `429 Too Many Requests: retry after N`. Every call is recorded;
 * {@link TelegramBotApi.update} posts an Update to the hub's webhook with the secret header,
 * as Telegram does.
 */

/** A call the bot made, with its parameters as sent. */
export interface BotApiCall {
  method: string;
  params: Record<string, unknown>;
  /** The HTTP status answered: 200, or Telegram's error code. */
  status: number;
  /** What a 200 answered as `result`: for a message sent, the Message with its parsed text. */
  result?: unknown;
  /** When it arrived, on the stand-in's clock (`now`): for the rates a benchmark reports. */
  at: number;
}

/** A file a `sendDocument` call carried (a URL Telegram would fetch, a file id, or bytes). */
export interface DocumentSent {
  chatId: number | string;
  source: 'url' | 'file_id' | 'upload';
  /** The URL or the file id; the file's name for an upload. */
  value: string;
  caption: string | undefined;
  /** The file id the stand-in gave the document (to send it again by). */
  fileId: string;
}

/**
 * A failure a call gets instead of its answer, with Telegram's texts: the person blocked the
 * bot, deleted their account, the bot was removed from the group, the chat is unknown, flood
 * control, or a failure of Telegram's own.
 */
export type BotApiFault =
  | { kind: 'blocked'; method?: string }
  | { kind: 'deactivated'; method?: string }
  | { kind: 'kicked'; method?: string }
  | { kind: 'rate_limited'; retryAfter: number; method?: string }
  | { kind: 'chat_not_found'; method?: string }
  | { kind: 'server_error'; method?: string };

/** Options of {@link startTelegramBotApi}. */
export interface TelegramBotApiOptions {
  /**
   * Enforce Telegram's rates on sent messages (`sendMessage`, `sendDocument`): at most
   * `perSecond` over any trailing second, and `perChatPerSecond` to one chat. Over them:
   * `429 Too Many Requests: retry after N` with `parameters.retry_after`, counted in
   * {@link TelegramBotApi.throttled}. Absent: no limit.
   */
  limits?: { perSecond?: number; perChatPerSecond?: number };
  /** The clock the limits read, in milliseconds; `performance.now()` by default. */
  now?: () => number;
  /** The loopback port to listen on; a free one by default. */
  port?: number;
  /**
   * Knows every chat, as if each person had started the bot already: for `npm run providers`,
   * where nobody can open the bot. Default false: a chat is known once it wrote to the bot.
   */
  knowEveryChat?: boolean;
  /** Told of every call once it is answered (to log what the bot sent). */
  onCall?: (call: BotApiCall) => void;
}

/** An HTTP answer of the stand-in. */
interface Reply {
  status: number;
  body: unknown;
}

/** Who writes to the bot in an Update the stand-in posts. */
export interface TelegramUser {
  id: number;
  firstName: string;
  languageCode?: string;
}

/** What an Update carries: text, a button pressed, or a file (never downloaded by the hub). */
export type UpdateContent =
  | { text: string }
  | { callbackData: string; messageId?: number }
  | { photo: true; caption?: string }
  | { video: true }
  | { document: { fileName: string; mimeType: string } };

/** A group or channel the bot is in, as {@link TelegramBotApi.addBotTo} sets it up. */
export interface GroupChat {
  /** Negative, as Telegram's group and channel ids are (e.g. `-1001234567890`). */
  id: number;
  type: 'group' | 'supergroup' | 'channel';
  title: string;
  username?: string;
}

/** The bot's place in a group or channel: as Telegram's ChatMember says it. */
export interface BotMembership {
  status: 'member' | 'administrator' | 'restricted' | 'left' | 'kicked';
  /** For an administrator of a channel: may it post. Default true. */
  canPost?: boolean;
}

export interface TelegramBotApi extends AsyncDisposable {
  /** The API root for grammY's `client.apiRoot`, e.g. `http://127.0.0.1:41234`. */
  readonly apiRoot: string;
  readonly calls: BotApiCall[];
  /** The calls of one method, in order. */
  callsOf(method: string): BotApiCall[];
  /** The texts delivered to `chatId` (answered 200) as the reader sees them, in order. */
  textsTo(chatId: number | string): string[];
  /** The documents delivered to `chatId`, in order. */
  documentsTo(chatId: number | string): DocumentSent[];
  /** Makes the next call (of `fault.method`, or any) fail as Telegram would. */
  failNext(fault: BotApiFault): void;
  /** Makes every message to `chatId` fail with `fault` from now on (a blocked bot, …). */
  failChat(chatId: number | string, fault: BotApiFault): void;
  /**
   * Makes a chat known without an Update, as if the person had started the bot earlier (or
   * the bot had joined the group or channel, for a negative id or `@username`).
   */
  knowChat(chatId: number | string): void;
  /**
   * Puts the bot in a group or channel (`administrators`: the users `getChatMember` answers
   * as administrators, the first as the chat's creator; everyone else is a member). Sending there then follows the
   * bot's membership: removed → 403, a channel where it may not post → 400.
   */
  addBotTo(chat: GroupChat, membership: BotMembership, administrators?: readonly number[]): void;
  /** Changes the bot's membership in a chat it was added to (no Update is sent: see `update`). */
  setBotMembership(chatId: number, membership: BotMembership): void;
  /**
   * POSTs a raw Update (`update_id` added) to the webhook, as Telegram does: for group
   * messages, channel posts and `my_chat_member` (see {@link groupMessage} and its siblings).
   */
  postUpdate(
    url: string,
    secretToken: string | null,
    update: object,
  ): Promise<{ status: number; body: string }>;
  /** Messages refused with 429 because they went over `limits`. */
  readonly throttled: number;
  /** The webhook `setWebhook` registered, with its secret token. */
  readonly webhook: { url: string; secretToken?: string } | undefined;
  /**
   * POSTs an Update from `from` (in their private chat) to `url` with the
   * `X-Telegram-Bot-Api-Secret-Token` header (`secretToken`; null sends none). Answers the
   * webhook's HTTP status.
   */
  update(
    url: string,
    secretToken: string | null,
    from: TelegramUser,
    content: UpdateContent,
  ): Promise<{ status: number; body: string }>;
  close(): Promise<void>;
}

const BOT_ID = 7_000_000_001;
/** The bot's own user, as `getMe` answers it (and the hub presets as `botInfo`). */
export const STAND_IN_BOT_INFO = {
  id: BOT_ID,
  is_bot: true as const,
  first_name: 'Safenet',
  username: 'safenet_test_bot',
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
};

/**
 * The entities Telegram's server marks in a text: a leading command (`/start`, `/status@bot`)
 * as `bot_command`, and http/https links as `url` — which is how bots find both.
 */
function entitiesOf(
  text: string,
): { type: 'url' | 'bot_command'; offset: number; length: number }[] {
  const command = /^\/[A-Za-z0-9_]{1,32}(@[A-Za-z0-9_]+)?/.exec(text);
  const urls = [...text.matchAll(/https?:\/\/[^\s]+/g)].map((m) => ({
    type: 'url' as const,
    offset: m.index,
    length: m[0].length,
  }));
  return command ? [{ type: 'bot_command', offset: 0, length: command[0].length }, ...urls] : urls;
}

async function readParams(request: IncomingMessage, url: URL): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (body.length === 0) return params;
  const type = request.headers['content-type'] ?? '';
  if (type.includes('application/json')) return { ...params, ...JSON.parse(body.toString()) };
  const boundary = /multipart\/form-data;\s*boundary=("?)([^";]+)\1/i.exec(type)?.[2];
  if (boundary !== undefined) return { ...params, ...readMultipart(body, boundary) };
  return { ...params, ...Object.fromEntries(new URLSearchParams(body.toString())) };
}

/**
 * A multipart body as the Bot API reads it: fields as strings, and a field that names a file
 * part (`attach://<part>`, how grammY sends an InputFile) as `{ upload: filename, size }`.
 * Parsed here rather than with `Response.formData()`, which refuses grammY's unquoted UTF-8
 * file names that Telegram accepts.
 */
function readMultipart(body: Buffer, boundary: string): Record<string, unknown> {
  const fields = new Map<string, { value: string; filename?: string; size: number }>();
  const text = body.toString('latin1');
  for (const part of text.split(`--${boundary}`).slice(1)) {
    const split = part.indexOf('\r\n\r\n');
    if (split < 0) continue;
    const head = Buffer.from(part.slice(0, split), 'latin1').toString('utf8');
    const content = part.slice(split + 4).replace(/\r\n$/, '');
    const name = /name="?([^";\r\n]+)"?/i.exec(head.replace(/filename="?[^";\r\n]*"?/i, ''))?.[1];
    const filename = /filename="?([^";\r\n]+)"?/i.exec(head)?.[1];
    if (name === undefined) continue;
    fields.set(name, {
      value: Buffer.from(content, 'latin1').toString('utf8'),
      ...(filename === undefined ? {} : { filename }),
      size: Buffer.byteLength(content, 'latin1'),
    });
  }
  const params: Record<string, unknown> = {};
  for (const [name, field] of fields) {
    if (field.filename !== undefined) continue;
    const file = field.value.startsWith('attach://')
      ? fields.get(field.value.slice('attach://'.length))
      : undefined;
    params[name] = file ? { upload: file.filename, size: file.size } : field.value;
  }
  return params;
}

/** The most a message's text may hold, counted after entity parsing (Bot API `sendMessage`). */
const TEXT_LIMIT = 4096;
/** The most a caption may hold, counted the same way. */
const CAPTION_LIMIT = 1024;
/** The methods that send a message: the ones limits count and chat faults refuse. */
const SENDING = new Set(['sendMessage', 'sendDocument']);

/** Telegram's texts for each fault. */
const FAULTS: Record<BotApiFault['kind'], { code: number; description: string }> = {
  blocked: { code: 403, description: 'Forbidden: bot was blocked by the user' },
  deactivated: { code: 403, description: 'Forbidden: user is deactivated' },
  kicked: { code: 403, description: 'Forbidden: bot was kicked from the group chat' },
  chat_not_found: { code: 400, description: 'Bad Request: chat not found' },
  rate_limited: { code: 429, description: 'Too Many Requests' },
  server_error: { code: 500, description: 'Internal Server Error' },
};

/** Messages sent over the trailing second, for `limits`: their times, oldest first. */
class SecondWindow {
  readonly #at: number[] = [];
  /** Milliseconds until one more fits under `limit` at `now`; 0 when it fits now. */
  wait(now: number, limit: number): number {
    while (this.#at.length > 0 && (this.#at[0] ?? now) <= now - 1000) this.#at.shift();
    return this.#at.length < limit ? 0 : (this.#at[this.#at.length - limit] ?? now) + 1000 - now;
  }
  record(now: number): void {
    this.#at.push(now);
  }
}

/** A chat id as sent (number, numeric string or `@username`) in one form, to key chats by. */
const chatKey = (chatId: unknown): string => {
  const text = String(chatId).trim();
  return /^-?\d+$/.test(text) ? String(Number(text)) : text.toLowerCase();
};

/** Starts the stand-in for the bot token `token` on a free loopback port (or `port`). */
export async function startTelegramBotApi(
  token: string,
  options: TelegramBotApiOptions = {},
): Promise<TelegramBotApi> {
  const calls: BotApiCall[] = [];
  const faults: BotApiFault[] = [];
  const chatFaults = new Map<string, BotApiFault>();
  const knownChats = new Set<string>();
  const groups = new Map<string, { chat: GroupChat; bot: BotMembership; admins: Set<number> }>();
  const fileIds = new Set<string>();
  const documents: DocumentSent[] = [];
  const clock = options.now ?? (() => performance.now());
  const overall = new SecondWindow();
  const perChat = new Map<string, SecondWindow>();
  let throttled = 0;
  let webhook: { url: string; secretToken?: string } | undefined;
  let messageId = 1000;
  let updateId = 500_000;
  const now = () => Math.floor(Date.now() / 1000);

  /** Telegram's error shape. */
  const error = (code: number, description: string, extra = {}): Reply => ({
    status: code,
    body: { ok: false, error_code: code, description, ...extra },
  });
  const ok = (result: unknown): Reply => ({ status: 200, body: { ok: true, result } });
  const badRequest = (why: string) => error(400, `Bad Request: ${why}`);
  const faultReply = (fault: BotApiFault): Reply =>
    fault.kind === 'rate_limited'
      ? error(429, `Too Many Requests: retry after ${fault.retryAfter}`, {
          parameters: { retry_after: fault.retryAfter },
        })
      : error(FAULTS[fault.kind].code, FAULTS[fault.kind].description);

  /** The chat a message went to, as Telegram describes it in the Message. */
  const chatOf = (chatId: unknown) => {
    const key = chatKey(chatId);
    const group = groups.get(key);
    if (group !== undefined) {
      const { id, type, title, username } = group.chat;
      return { id, type, title, ...(username === undefined ? {} : { username }) };
    }
    if (key.startsWith('@'))
      return { id: -1_000_000_000_000 - key.length, type: 'channel', username: key.slice(1) };
    return { id: Number(key), type: Number(key) > 0 ? 'private' : 'supergroup' };
  };

  /** A text or caption as Telegram takes it: parsed in its parse mode, within `limit`. */
  const parseText = (raw: unknown, parseMode: unknown, limit: number, empty: string) => {
    const given = raw === undefined ? '' : String(raw);
    const parsed = parseMode === 'HTML' ? parseTelegramHtml(given) : { text: given, entities: [] };
    if ('error' in parsed) return badRequest(`can't parse entities: ${parsed.error}`);
    const text = parsed.text.trim();
    if (text.length === 0 && empty) return badRequest(empty);
    if (parsed.text.length > limit) {
      return badRequest(
        limit === TEXT_LIMIT ? 'message is too long' : 'message caption is too long',
      );
    }
    return parsed;
  };

  const message = (params: Record<string, unknown>, id: number) => ({
    message_id: id,
    date: now(),
    chat: chatOf(params.chat_id),
    from: { id: BOT_ID, is_bot: true, first_name: STAND_IN_BOT_INFO.first_name },
  });

  /** A `sendDocument`: a URL (Telegram fetches it), a file id it gave before, or an upload. */
  const sendDocument = (params: Record<string, unknown>): Reply => {
    const caption = parseText(params.caption, params.parse_mode, CAPTION_LIMIT, '');
    if ('status' in caption) return caption;
    const given = params.document;
    let source: DocumentSent['source'];
    let value: string;
    if (typeof given === 'object' && given !== null && 'upload' in given) {
      source = 'upload';
      value = String(given.upload);
    } else if (typeof given === 'string' && /^https?:\/\//.test(given)) {
      source = 'url';
      value = given;
    } else if (typeof given === 'string' && fileIds.has(given)) {
      source = 'file_id';
      value = given;
    } else {
      return badRequest('wrong file identifier/HTTP URL specified');
    }
    const id = ++messageId;
    const fileId = source === 'file_id' ? value : `BQAC${id}`;
    fileIds.add(fileId);
    const fileName =
      source === 'upload'
        ? value
        : (new URL(value, 'http://x').pathname.split('/').pop() ?? 'file');
    documents.push({
      chatId: chatOf(params.chat_id).id,
      source,
      value,
      caption: caption.text || undefined,
      fileId,
    });
    return ok({
      ...message(params, id),
      document: { file_id: fileId, file_unique_id: `AgAD${id}`, file_name: fileName },
      ...(caption.text ? { caption: caption.text, caption_entities: caption.entities } : {}),
    });
  };

  const answer = (method: string, params: Record<string, unknown>): Reply => {
    switch (method) {
      case 'getMe':
        return ok(STAND_IN_BOT_INFO);
      case 'setWebhook':
        webhook = {
          url: String(params.url),
          ...(params.secret_token !== undefined
            ? { secretToken: String(params.secret_token) }
            : {}),
        };
        return ok(true);
      case 'deleteWebhook':
        webhook = undefined;
        return ok(true);
      case 'answerCallbackQuery':
        return ok(true);
      case 'getChatMember': {
        const group = groups.get(chatKey(params.chat_id));
        if (group === undefined) return badRequest('chat not found');
        const userId = Number(params.user_id);
        if (userId === BOT_ID) {
          const { status, canPost = true } = group.bot;
          return ok({
            status,
            user: STAND_IN_BOT_INFO,
            ...(status === 'administrator'
              ? { can_post_messages: canPost, can_delete_messages: true, can_be_edited: false }
              : {}),
            ...(status === 'restricted' ? { can_send_messages: false, is_member: true } : {}),
          });
        }
        const user = { id: userId, is_bot: false, first_name: 'Member' };
        if ([...group.admins][0] === userId) {
          return ok({ status: 'creator', user, is_anonymous: false });
        }
        return ok(
          group.admins.has(userId)
            ? { status: 'administrator', user, can_be_edited: false }
            : { status: 'member', user },
        );
      }
      case 'deleteMessage':
        return groups.has(chatKey(params.chat_id)) ? ok(true) : badRequest('chat not found');
      case 'leaveChat': {
        const group = groups.get(chatKey(params.chat_id));
        if (group === undefined) return badRequest('chat not found');
        group.bot = { status: 'left' };
        return ok(true);
      }
      case 'sendDocument':
        return sendDocument(params);
      case 'sendMessage':
      case 'editMessageReplyMarkup': {
        const parsed = parseText(
          params.text,
          params.parse_mode,
          TEXT_LIMIT,
          'message text is empty',
        );
        if (method === 'sendMessage' && 'status' in parsed) return parsed;
        const replyMarkup =
          typeof params.reply_markup === 'string'
            ? JSON.parse(params.reply_markup)
            : params.reply_markup;
        return ok({
          ...message(params, method === 'sendMessage' ? ++messageId : Number(params.message_id)),
          ...('text' in parsed && params.text !== undefined
            ? {
                text: parsed.text,
                ...(parsed.entities.length > 0 ? { entities: parsed.entities } : {}),
              }
            : {}),
          ...(replyMarkup !== undefined ? { reply_markup: replyMarkup } : {}),
        });
      }
      default:
        return error(404, 'Not Found');
    }
  };

  /**
   * Sends a message within `limits`: the 429 Telegram answers when it would go over them;
   * otherwise the answer, counted in the windows when it was sent.
   */
  const withinLimits = (chat: string, send: () => Reply): Reply => {
    const { perSecond, perChatPerSecond } = options.limits ?? {};
    if (perSecond === undefined && perChatPerSecond === undefined) return send();
    const at = clock();
    const window = perChat.get(chat) ?? new SecondWindow();
    perChat.set(chat, window);
    const wait = Math.max(
      perSecond === undefined ? 0 : overall.wait(at, perSecond),
      perChatPerSecond === undefined ? 0 : window.wait(at, perChatPerSecond),
    );
    if (wait > 0) {
      throttled += 1;
      return faultReply({ kind: 'rate_limited', retryAfter: Math.max(1, Math.ceil(wait / 1000)) });
    }
    const answered = send();
    if (answered.status === 200) {
      overall.record(at);
      window.record(at);
    }
    return answered;
  };

  /** The reply to a call: a fault told beforehand, the chat's fault, a limit, or the answer. */
  const reply = (method: string, params: Record<string, unknown>): Reply => {
    const at = faults.findIndex((f) => f.method === undefined || f.method === method);
    const fault = at >= 0 ? faults.splice(at, 1)[0] : undefined;
    if (fault) return faultReply(fault);
    if (!SENDING.has(method) && method !== 'editMessageReplyMarkup') return answer(method, params);
    const chat = chatKey(params.chat_id);
    const chatFault = chatFaults.get(chat);
    if (chatFault && (chatFault.method === undefined || chatFault.method === method)) {
      return faultReply(chatFault);
    }
    if (!options.knowEveryChat && !knownChats.has(chat)) return badRequest('chat not found');
    const group = groups.get(chat);
    if (group !== undefined && SENDING.has(method)) {
      const { status, canPost = true } = group.bot;
      const channel = group.chat.type === 'channel';
      if (status === 'left' || status === 'kicked') {
        return channel
          ? error(403, 'Forbidden: bot is not a member of the channel chat')
          : error(403, 'Forbidden: bot was kicked from the group chat');
      }
      if (channel && (status !== 'administrator' || !canPost)) {
        return badRequest('need administrator rights in the channel chat');
      }
      if (status === 'restricted') return badRequest('have no rights to send a message');
    }
    if (!SENDING.has(method)) return answer(method, params);
    return withinLimits(chat, () => answer(method, params));
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const match = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(url.pathname);
    const respond = ({ status, body }: Reply) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    readParams(req, url).then(
      (params) => {
        if (!match) return respond(error(404, 'Not Found'));
        const [, given, method = ''] = match;
        if (given !== token) return respond(error(401, 'Unauthorized'));
        const arrived = clock();
        const answered = reply(method, params);
        const { result } = answered.body as { result?: unknown };
        const call: BotApiCall = {
          method,
          params,
          status: answered.status,
          at: arrived,
          ...(result === undefined ? {} : { result }),
        };
        calls.push(call);
        respond(answered);
        options.onCall?.(call);
      },
      () => respond(error(400, 'Bad Request: can not parse JSON')),
    );
  });
  server.listen(options.port ?? 0, '127.0.0.1');
  await Promise.race([
    once(server, 'listening'),
    once(server, 'error').then(([error]) => Promise.reject(error)),
  ]);
  const { port } = server.address() as AddressInfo;

  const updateBody = (from: TelegramUser, content: UpdateContent) => {
    knownChats.add(chatKey(from.id));
    const user = {
      id: from.id,
      is_bot: false,
      first_name: from.firstName,
      ...(from.languageCode !== undefined ? { language_code: from.languageCode } : {}),
    };
    const chat = { id: from.id, type: 'private', first_name: from.firstName };
    const base = { message_id: ++messageId, date: now(), chat, from: user };
    const file = { file_id: `AgAC${messageId}`, file_unique_id: `AQAD${messageId}` };
    if ('callbackData' in content) {
      return {
        callback_query: {
          id: String(++updateId),
          from: user,
          chat_instance: String(from.id),
          data: content.callbackData,
          message: { ...base, message_id: content.messageId ?? messageId, from: STAND_IN_BOT_INFO },
        },
      };
    }
    if ('text' in content) {
      const entities = entitiesOf(content.text);
      return {
        message: { ...base, text: content.text, ...(entities.length > 0 ? { entities } : {}) },
      };
    }
    if ('photo' in content) {
      return {
        message: {
          ...base,
          photo: [{ ...file, width: 90, height: 90, file_size: 1200 }],
          ...(content.caption !== undefined ? { caption: content.caption } : {}),
        },
      };
    }
    if ('video' in content) {
      return { message: { ...base, video: { ...file, width: 640, height: 360, duration: 12 } } };
    }
    return {
      message: {
        ...base,
        document: {
          ...file,
          file_name: content.document.fileName,
          mime_type: content.document.mimeType,
        },
      },
    };
  };

  /** POSTs an Update to the webhook with the secret header, as Telegram does. */
  const post = async (url: string, secretToken: string | null, update: object) => {
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(secretToken !== null ? { 'x-telegram-bot-api-secret-token': secretToken } : {}),
      },
      body: JSON.stringify({ update_id: ++updateId, ...update }),
    });
    return { status: res.status, body: await res.text() };
  };

  const close = async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    calls,
    callsOf: (method) => calls.filter((c) => c.method === method),
    textsTo: (chatId) =>
      calls
        .filter(
          (c) =>
            c.method === 'sendMessage' &&
            c.status === 200 &&
            chatKey(c.params.chat_id) === chatKey(chatId),
        )
        .map((c) => (c.result as { text: string }).text),
    documentsTo: (chatId) => documents.filter((d) => d.chatId === chatOf(chatId).id),
    failNext: (fault) => {
      faults.push(fault);
    },
    failChat: (chatId, fault) => {
      chatFaults.set(chatKey(chatId), fault);
    },
    knowChat: (chatId) => {
      knownChats.add(chatKey(chatId));
    },
    addBotTo: (chat, membership, administrators = []) => {
      knownChats.add(chatKey(chat.id));
      groups.set(chatKey(chat.id), { chat, bot: membership, admins: new Set(administrators) });
    },
    setBotMembership: (chatId, membership) => {
      const group = groups.get(chatKey(chatId));
      if (group === undefined) throw new Error(`The bot was never added to chat ${chatId}`);
      group.bot = membership;
    },
    postUpdate: (url, secretToken, update) => post(url, secretToken, update),
    get throttled() {
      return throttled;
    },
    get webhook() {
      return webhook;
    },
    update: (url, secretToken, from, content) => post(url, secretToken, updateBody(from, content)),
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** The chat of an Update in a group or channel, as Telegram describes it. */
function groupChatOf(chat: GroupChat) {
  return {
    id: chat.id,
    type: chat.type,
    title: chat.title,
    ...(chat.username === undefined ? {} : { username: chat.username }),
  };
}

let groupMessageId = 5000;

/**
 * An Update with a message `from` a member in a group (`{ anonymous: true }`: an anonymous
 * administrator, who writes as the group), commands marked as Telegram marks them.
 */
export function groupMessage(
  chat: GroupChat,
  from: TelegramUser | { anonymous: true },
  text: string,
): object {
  const entities = entitiesOf(text);
  const sender =
    'anonymous' in from
      ? {
          from: {
            id: 1_087_968_824,
            is_bot: true,
            first_name: 'Group',
            username: 'GroupAnonymousBot',
          },
          sender_chat: groupChatOf(chat),
        }
      : {
          from: {
            id: from.id,
            is_bot: false,
            first_name: from.firstName,
            ...(from.languageCode === undefined ? {} : { language_code: from.languageCode }),
          },
        };
  return {
    message: {
      message_id: ++groupMessageId,
      date: Math.floor(Date.now() / 1000),
      chat: groupChatOf(chat),
      ...sender,
      text,
      ...(entities.length > 0 ? { entities } : {}),
    },
  };
}

/** An Update with a post in a channel (its administrators post as the channel). */
export function channelPost(chat: GroupChat, text: string): object {
  const entities = entitiesOf(text);
  return {
    channel_post: {
      message_id: ++groupMessageId,
      date: Math.floor(Date.now() / 1000),
      chat: groupChatOf(chat),
      sender_chat: groupChatOf(chat),
      text,
      ...(entities.length > 0 ? { entities } : {}),
    },
  };
}

/** An Update saying the bot's membership in `chat` changed (`my_chat_member`). */
export function myChatMember(chat: GroupChat, by: TelegramUser, next: BotMembership): object {
  const member = (m: BotMembership) => ({
    status: m.status,
    user: STAND_IN_BOT_INFO,
    ...(m.status === 'administrator'
      ? { can_post_messages: m.canPost ?? true, can_be_edited: false }
      : {}),
    ...(m.status === 'restricted' ? { can_send_messages: false, is_member: true } : {}),
  });
  return {
    my_chat_member: {
      chat: groupChatOf(chat),
      from: { id: by.id, is_bot: false, first_name: by.firstName },
      date: Math.floor(Date.now() / 1000),
      old_chat_member: member({ status: 'administrator' }),
      new_chat_member: member(next),
    },
  };
}

/** A group's service message saying it became a supergroup with the id `to`. */
export function groupMigrated(chat: GroupChat, to: number): object {
  return {
    message: {
      message_id: ++groupMessageId,
      date: Math.floor(Date.now() / 1000),
      chat: groupChatOf(chat),
      from: { id: 1_087_968_824, is_bot: true, first_name: 'Group' },
      migrate_to_chat_id: to,
    },
  };
}
