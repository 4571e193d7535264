import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in of the Telegram Bot API (issue 14, and issue 17's delivery channel later):
 * `POST|GET /bot<token>/<method>` on loopback, answering `{ ok: true, result }` or Telegram's
 * error shape `{ ok: false, error_code, description, parameters? }` with its real texts. Like
 * Telegram, it knows a chat only once that chat has written to the bot (bots may not message
 * first): `sendMessage` to any other chat is `400 Bad Request: chat not found`. Every call is
 * recorded; {@link TelegramBotApi.update} posts an Update to the hub's webhook with the secret
 * header, as Telegram does.
 */

/** A call the bot made, with its parameters as sent. */
export interface BotApiCall {
  method: string;
  params: Record<string, unknown>;
  /** The HTTP status answered: 200, or Telegram's error code. */
  status: number;
}

/** A failure the next matching call gets instead of its answer. */
export type BotApiFault =
  | { kind: 'blocked'; method?: string }
  | { kind: 'rate_limited'; retryAfter: number; method?: string }
  | { kind: 'chat_not_found'; method?: string };

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

export interface TelegramBotApi extends AsyncDisposable {
  /** The API root for grammY's `client.apiRoot`, e.g. `http://127.0.0.1:41234`. */
  readonly apiRoot: string;
  readonly calls: BotApiCall[];
  /** The calls of one method, in order. */
  callsOf(method: string): BotApiCall[];
  /** The texts delivered to `chatId` (answered 200), in order. */
  textsTo(chatId: number): string[];
  /** Makes the next call (of `fault.method`, or any) fail as Telegram would. */
  failNext(fault: BotApiFault): void;
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
  const body = Buffer.concat(chunks).toString('utf8');
  const params: Record<string, unknown> = Object.fromEntries(url.searchParams);
  if (body.length === 0) return params;
  const type = request.headers['content-type'] ?? '';
  if (type.includes('application/json')) return { ...params, ...JSON.parse(body) };
  return { ...params, ...Object.fromEntries(new URLSearchParams(body)) };
}

/** Starts the stand-in for the bot token `token` on a free loopback port. */
export async function startTelegramBotApi(token: string): Promise<TelegramBotApi> {
  const calls: BotApiCall[] = [];
  const faults: BotApiFault[] = [];
  const knownChats = new Set<number>();
  let webhook: { url: string; secretToken?: string } | undefined;
  let messageId = 1000;
  let updateId = 500_000;
  const now = () => Math.floor(Date.now() / 1000);

  /** Telegram's error shape. */
  const error = (code: number, description: string, extra = {}): Reply => ({
    status: code,
    body: { ok: false, error_code: code, description, ...extra },
  });

  const answer = (method: string, params: Record<string, unknown>): unknown => {
    const chatId = Number(params.chat_id);
    switch (method) {
      case 'getMe':
        return STAND_IN_BOT_INFO;
      case 'setWebhook':
        webhook = {
          url: String(params.url),
          ...(params.secret_token !== undefined
            ? { secretToken: String(params.secret_token) }
            : {}),
        };
        return true;
      case 'deleteWebhook':
        webhook = undefined;
        return true;
      case 'answerCallbackQuery':
        return true;
      case 'sendMessage':
      case 'editMessageReplyMarkup': {
        if (!knownChats.has(chatId)) return undefined;
        const replyMarkup =
          typeof params.reply_markup === 'string'
            ? JSON.parse(params.reply_markup)
            : params.reply_markup;
        return {
          message_id: method === 'sendMessage' ? ++messageId : Number(params.message_id),
          date: now(),
          chat: { id: chatId, type: 'private' },
          from: { id: BOT_ID, is_bot: true, first_name: STAND_IN_BOT_INFO.first_name },
          ...(params.text !== undefined ? { text: String(params.text) } : {}),
          ...(replyMarkup !== undefined ? { reply_markup: replyMarkup } : {}),
        };
      }
      default:
        return null;
    }
  };

  /** The reply to a call with valid parameters: a fault told beforehand, or the answer. */
  const reply = (method: string, params: Record<string, unknown>): Reply => {
    const at = faults.findIndex((f) => f.method === undefined || f.method === method);
    const fault = at >= 0 ? faults.splice(at, 1)[0] : undefined;
    if (fault?.kind === 'blocked') return error(403, 'Forbidden: bot was blocked by the user');
    if (fault?.kind === 'chat_not_found') return error(400, 'Bad Request: chat not found');
    if (fault?.kind === 'rate_limited') {
      return error(429, `Too Many Requests: retry after ${fault.retryAfter}`, {
        parameters: { retry_after: fault.retryAfter },
      });
    }
    const result = answer(method, params);
    if (result === null) return error(404, 'Not Found');
    if (result === undefined) return error(400, 'Bad Request: chat not found');
    return { status: 200, body: { ok: true, result } };
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
        const answered = reply(method, params);
        calls.push({ method, params, status: answered.status });
        respond(answered);
      },
      () => respond(error(400, 'Bad Request: can not parse JSON')),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;

  const updateBody = (from: TelegramUser, content: UpdateContent) => {
    knownChats.add(from.id);
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
            c.method === 'sendMessage' && c.status === 200 && Number(c.params.chat_id) === chatId,
        )
        .map((c) => String(c.params.text)),
    failNext: (fault) => {
      faults.push(fault);
    },
    get webhook() {
      return webhook;
    },
    async update(url, secretToken, from, content) {
      const body = JSON.stringify({ update_id: ++updateId, ...updateBody(from, content) });
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(secretToken !== null ? { 'x-telegram-bot-api-secret-token': secretToken } : {}),
        },
        body,
      });
      return { status: res.status, body: await res.text() };
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}
