/**
 * A local WhatsApp Cloud API for tests: `POST /v21.0/{phone-number-id}/messages` on loopback,
 * answering and failing the way Graph does, then posting status webhooks — signed with
 * `X-Hub-Signature-256` in Meta's nested shape — to `webhookUrl`, as Meta would. Every request
 * is recorded before it is answered, so once a send resolves its request is in `requests`.
 *
 * With `limit` it enforces the phone number's throughput (80 messages/s by default at Meta)
 * over a sliding second of accepted messages and refuses the excess as Graph does: HTTP 400
 * with code 130429 "Rate limit hit" (Meta's error-code table lists 400 for its throttling
 * codes, and Graph sends no Retry-After), counting each refusal in `breaches`.
 *
 * Media messages (`image`, `document`) and template media headers carry a file by `link`: the
 * server fetches it as Meta does — proving the link serves the file — and records what it got
 * in `media`; a link it cannot fetch (or whose file is not of the message's kind) is accepted,
 * then reported `failed` with code 131053 (Meta's "media upload error"), as Meta does.
 *
 * @example
 * await using cloud = await startWhatsAppCloudServer({
 *   script: (to) => (to === '77000000026' ? { error: { status: 400, code: 131026, message: 'Undeliverable' } } : {}),
 * });
 * const adapter = createWhatsAppCloudAdapter({ ...cloud.credentials, graphUrl: cloud.graphUrl, … });
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RateWindow } from './rate-window.js';

export const GRAPH_VERSION = 'v21.0';

/** A Graph error the server answers with instead of accepting a message. */
export interface ScriptedError {
  status: number;
  code: number;
  message?: string;
  /** Sent as the `Retry-After` header, in seconds. */
  retryAfter?: number;
  /** `error_data.details`, Meta's longer explanation. */
  details?: string;
}

/** What happens to messages for one recipient. */
export interface RecipientScript {
  /** Refuse the send with this Graph error. */
  error?: ScriptedError;
  /** The statuses to post after accepting; default `['sent', 'delivered']`. */
  statuses?: readonly ('sent' | 'delivered' | 'read' | 'failed')[];
  /** The error code of a `failed` status; default 131026. */
  failCode?: number;
}

export interface WhatsAppCloudServerOptions {
  phoneNumberId?: string;
  accessToken?: string;
  appSecret?: string;
  /**
   * Approved templates by name — with the media header it was made with, if any; any other
   * name is refused with 132001.
   */
  templates?: readonly (string | { name: string; header: 'image' | 'document' })[];
  /** Scripts each recipient (E.164 digits without `+`); by default every send is accepted. */
  script?: (to: string) => RecipientScript;
  /** Where status and inbound webhooks go; none are posted without it. */
  webhookUrl?: string;
  /** Throughput enforced over a sliding second of accepted messages (see the module doc). */
  limit?: { messagesPerSecond: number };
  /** Post status webhooks (default); `false` for throughput runs that only count sends. */
  statusCallbacks?: boolean;
  /** Called with each accepted message, e.g. to log it. */
  onMessage?: (message: AcceptedMessage) => void;
  /** Port on 127.0.0.1; default 0, a free one. */
  port?: number;
  /**
   * The category Meta approved the templates under (default `marketing`): the `pricing`
   * object of a template message's statuses says it, billable, per-message pricing (PMP). A
   * text message is a free service message (within the 24-hour window).
   */
  templateCategory?: string;
}

/** One request the server received, body parsed as JSON when it was JSON. */
export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

/** A message the server accepted. */
export interface AcceptedMessage {
  id: string;
  to: string;
  payload: MessageBody;
}

/** A file a message linked to, as the server fetched it. */
export interface FetchedMedia {
  /** The accepted message's id. */
  messageId: string;
  link: string;
  /** The HTTP status of the fetch; 0 when it could not connect. */
  status: number;
  contentType: string | null;
  bytes: Buffer;
}

interface MediaObject {
  link?: string;
  id?: string;
  caption?: string;
  filename?: string;
}

interface MessageBody {
  messaging_product: 'whatsapp';
  to: string;
  type: 'text' | 'template' | 'image' | 'document';
  biz_opaque_callback_data?: string;
  text?: { body: string; preview_url?: boolean };
  image?: MediaObject;
  document?: MediaObject;
  template?: {
    name: string;
    language: { code: string };
    components?: {
      type: string;
      parameters?: { type: string; text?: string; image?: MediaObject; document?: MediaObject }[];
    }[];
  };
}

/** The types Graph takes for each kind of media, and its size limits (bytes). */
const MEDIA_TYPES = {
  image: { types: ['image/jpeg', 'image/png'], maxBytes: 5 * 1024 * 1024 },
  document: {
    types: [
      'text/plain',
      'application/pdf',
      'application/msword',
      'application/vnd.ms-excel',
      'application/vnd.ms-powerpoint',
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'application/vnd.openxmlformats-officedocument.presentationml.presentation',
    ],
    maxBytes: 100 * 1024 * 1024,
  },
} as const;
/** Graph's limit on a media caption. */
const CAPTION_MAX = 1024;

export interface WhatsAppCloudTestServer extends AsyncDisposable {
  /** The Graph base URL with the version, e.g. `http://127.0.0.1:PORT/v21.0`. */
  graphUrl: string;
  credentials: { phoneNumberId: string; accessToken: string; appSecret: string };
  requests: RecordedRequest[];
  accepted: AcceptedMessage[];
  /** `performance.now()` at the acceptance of each of {@link accepted}, same order. */
  arrivals: number[];
  /** Every file a media message or header linked to, as fetched, in order. */
  media: FetchedMedia[];
  /** Sends refused because they were over `limit`. */
  readonly breaches: number;
  /** Webhook posts that failed (the endpoint was down or answered non-2xx). */
  webhookFailures: unknown[];
  /** Refuses the next `n` sends with this error, whatever the recipient. */
  failNext(n: number, error: ScriptedError): void;
  /** Posts a signed inbound text message webhook; resolves with the endpoint's status. */
  sendInbound(message: { from: string; body: string; id?: string; at?: Date }): Promise<number>;
  /** Posts a signed notification with this body, as Meta would (for replay tests). */
  postWebhook(body: unknown): Promise<number>;
  /** Posts a signed status webhook for an accepted message now (a late receipt). */
  postStatus(messageId: string, status: 'sent' | 'delivered' | 'read'): Promise<number>;
  /** Resolves once every status webhook posted so far has been answered. */
  settled(): Promise<void>;
  /** Meta's subscription handshake against `url`: the status and the body it answered. */
  verify(url: string, token: string): Promise<{ status: number; body: string; challenge: string }>;
  /** The `X-Hub-Signature-256` value for a body. */
  sign(body: string | Buffer): string;
  close(): Promise<void>;
}

const DEFAULTS = {
  phoneNumberId: '106540352242922',
  accessToken: 'EAAG-test-token',
  appSecret: 'test-app-secret',
};
const DISPLAY_NUMBER = '77010000000';
/** Graph's answer when a number sends faster than its throughput. */
const THROUGHPUT_REACHED: ScriptedError = {
  status: 400,
  code: 130429,
  message: '(#130429) Rate limit hit',
  details: 'Cloud API message throughput has been reached.',
};
const WABA_ID = '102290129340398';

/** Starts a server on 127.0.0.1 at a random free port. */
export async function startWhatsAppCloudServer(
  options: WhatsAppCloudServerOptions = {},
): Promise<WhatsAppCloudTestServer> {
  const credentials = {
    phoneNumberId: options.phoneNumberId ?? DEFAULTS.phoneNumberId,
    accessToken: options.accessToken ?? DEFAULTS.accessToken,
    appSecret: options.appSecret ?? DEFAULTS.appSecret,
  };
  const templates = new Map(
    (options.templates ?? []).map((t) => (typeof t === 'string' ? [t, null] : [t.name, t.header])),
  );
  const media: FetchedMedia[] = [];
  const requests: RecordedRequest[] = [];
  const accepted: AcceptedMessage[] = [];
  const webhookFailures: unknown[] = [];
  const pending = new Set<Promise<unknown>>();
  const forced: ScriptedError[] = [];
  const arrivals: number[] = [];
  let breaches = 0;
  const throughput = options.limit ? new RateWindow(options.limit.messagesPerSecond) : undefined;
  const messagesPath = `/${GRAPH_VERSION}/${credentials.phoneNumberId}/messages`;

  const sign = (body: string | Buffer) =>
    `sha256=${createHmac('sha256', credentials.appSecret).update(body).digest('hex')}`;

  const postWebhook = async (body: unknown): Promise<number> => {
    if (!options.webhookUrl) throw new Error('No webhookUrl configured');
    const raw = JSON.stringify(body);
    const response = await fetch(options.webhookUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': sign(raw) },
      body: raw,
    });
    await response.arrayBuffer();
    return response.status;
  };

  /** The `pricing` object Meta puts on a message's sent, delivered and read statuses. */
  const pricingOf = (message: AcceptedMessage) =>
    message.payload.type === 'template'
      ? {
          billable: true,
          pricing_model: 'PMP',
          category: options.templateCategory ?? 'marketing',
          type: 'regular',
        }
      : {
          billable: false,
          pricing_model: 'PMP',
          category: 'service',
          type: 'free_customer_service',
        };

  /** Posts in the background, as Meta does, keeping order per message. */
  const postStatuses = (message: AcceptedMessage, script: RecipientScript) => {
    if (!options.webhookUrl || options.statusCallbacks === false) return;
    const statuses = script.statuses ?? ['sent', 'delivered'];
    const run = (async () => {
      for (const status of statuses) {
        const code = script.failCode ?? 131026;
        const value = {
          id: message.id,
          status,
          timestamp: String(Math.floor(Date.now() / 1000)),
          recipient_id: message.to,
          ...(message.payload.biz_opaque_callback_data
            ? { biz_opaque_callback_data: message.payload.biz_opaque_callback_data }
            : {}),
          ...(status === 'failed'
            ? { errors: [{ code, title: `Error ${code}`, message: `Error ${code}` }] }
            : { pricing: pricingOf(message) }),
        };
        const code2xx = await postWebhook(
          notification(credentials.phoneNumberId, { statuses: [value] }),
        );
        if (code2xx < 200 || code2xx > 299) webhookFailures.push({ status: code2xx, value });
      }
    })().catch((error: unknown) => webhookFailures.push(error));
    pending.add(run);
    void run.finally(() => pending.delete(run));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {}
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    requests.push({
      method: req.method ?? '',
      path,
      authorization: req.headers.authorization,
      body,
    });

    if (req.method !== 'POST' || path !== messagesPath) {
      return graphError(res, { status: 400, code: 100, message: 'Unsupported post request' });
    }
    if (req.headers.authorization !== `Bearer ${credentials.accessToken}`) {
      return graphError(res, {
        status: 401,
        code: 190,
        message: 'Invalid OAuth access token - Cannot parse access token',
      });
    }
    const problem = validate(body, templates);
    if (problem) return graphError(res, problem);
    const payload = body as MessageBody;
    const force = forced.shift();
    if (force) return graphError(res, force);
    const script = options.script?.(payload.to) ?? {};
    if (script.error) return graphError(res, script.error);
    const now = performance.now();
    if (throughput && throughput.wait(now, 1) > 0) {
      breaches += 1;
      return graphError(res, THROUGHPUT_REACHED);
    }
    throughput?.record(now, 1);

    const message = {
      id: `wamid.${randomBytes(24).toString('base64url')}`,
      to: payload.to,
      payload,
    };
    // Meta downloads a linked file after accepting the message; one it cannot get (or not of
    // the message's kind) fails the message later, by status. Fetched here before answering,
    // so a test finds it in `media` once the send resolved.
    let fetchFailed = false;
    for (const [kind, linked] of linkedMedia(payload)) {
      const got = await fetchMedia(message.id, linked);
      media.push(got);
      const rule = MEDIA_TYPES[kind];
      const fits =
        got.status === 200 &&
        (rule.types as readonly string[]).includes(got.contentType ?? '') &&
        got.bytes.length > 0 &&
        got.bytes.length <= rule.maxBytes;
      if (!fits) fetchFailed = true;
    }
    accepted.push(message);
    arrivals.push(now);
    options.onMessage?.(message);
    json(res, 200, {
      messaging_product: 'whatsapp',
      contacts: [{ input: payload.to, wa_id: payload.to }],
      messages: [{ id: message.id }],
    });
    postStatuses(
      message,
      fetchFailed ? { ...script, statuses: ['sent', 'failed'], failCode: 131053 } : script,
    );
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      json(res, 500, { error: { message: String(error), type: 'OAuthException', code: 1 } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await Promise.allSettled(pending);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    })();
    return closing;
  };

  return {
    graphUrl: `http://127.0.0.1:${port}/${GRAPH_VERSION}`,
    credentials,
    requests,
    accepted,
    arrivals,
    media,
    get breaches() {
      return breaches;
    },
    webhookFailures,
    failNext(n, error) {
      for (let i = 0; i < n; i++) forced.push(error);
    },
    sendInbound({ from, body, id, at }) {
      return postWebhook(
        notification(credentials.phoneNumberId, {
          contacts: [{ profile: { name: 'Parent' }, wa_id: from.replace(/^\+/, '') }],
          messages: [
            {
              from: from.replace(/^\+/, ''),
              id: id ?? `wamid.${randomBytes(24).toString('base64url')}`,
              timestamp: String(Math.floor((at ?? new Date()).getTime() / 1000)),
              type: 'text',
              text: { body },
            },
          ],
        }),
      );
    },
    postWebhook,
    postStatus(messageId, status) {
      const message = accepted.find((m) => m.id === messageId);
      if (!message) throw new Error(`no accepted message ${messageId}`);
      return postWebhook(
        notification(credentials.phoneNumberId, {
          statuses: [
            {
              id: message.id,
              status,
              timestamp: String(Math.floor(Date.now() / 1000)),
              recipient_id: message.to,
            },
          ],
        }),
      );
    },
    async settled() {
      while (pending.size > 0) await Promise.allSettled(pending);
    },
    async verify(url, token) {
      const challenge = randomBytes(8).toString('hex');
      const target = new URL(url);
      target.searchParams.set('hub.mode', 'subscribe');
      target.searchParams.set('hub.verify_token', token);
      target.searchParams.set('hub.challenge', challenge);
      const response = await fetch(target);
      return { status: response.status, body: await response.text(), challenge };
    },
    sign,
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Meta's envelope around a `messages` change of this server's number. */
function notification(phoneNumberId: string, value: Record<string, unknown>) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: WABA_ID,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: DISPLAY_NUMBER, phone_number_id: phoneNumberId },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

/** The checks Graph makes on a message body, with the codes it answers. */
function validate(
  body: unknown,
  templates: ReadonlyMap<string, 'image' | 'document' | null>,
): ScriptedError | undefined {
  const invalid = (message: string, code = 100): ScriptedError => ({
    status: 400,
    code,
    message: `(#${code}) ${message}`,
  });
  if (typeof body !== 'object' || body === null) return invalid('Invalid parameter');
  const b = body as Partial<MessageBody>;
  if (b.messaging_product !== 'whatsapp') {
    return invalid('The parameter messaging_product is required.');
  }
  if (typeof b.to !== 'string' || !/^\d{7,15}$/.test(b.to)) {
    return invalid('Invalid parameter: recipient phone number "to" is not valid');
  }
  if (b.type === 'text') {
    if (typeof b.text?.body !== 'string' || b.text.body === '') {
      return invalid('The parameter text[body] is required.');
    }
    if (b.text.body.length > 4096) return invalid('Param text[body] is too long', 131009);
    return undefined;
  }
  if (b.type === 'image' || b.type === 'document') {
    return validateMedia(b.type, b[b.type], `${b.type}`, { caption: true });
  }
  if (b.type === 'template') {
    const template = b.template;
    if (typeof template?.name !== 'string' || typeof template.language?.code !== 'string') {
      return invalid('The parameter template[name] and template[language] are required.');
    }
    if (!templates.has(template.name)) {
      return invalid(`Template name does not exist in the translation`, 132001);
    }
    // A template made with a media header must be given that media, and no other.
    const header = templates.get(template.name) ?? null;
    const headers = template.components?.filter((c) => c.type === 'header') ?? [];
    if (header === null && headers.length > 0) {
      return invalid('Number of parameters does not match the expected number of params', 132000);
    }
    if (header !== null) {
      const [parameter, ...more] = headers[0]?.parameters ?? [];
      if (headers.length !== 1 || !parameter || more.length > 0) {
        return invalid(
          `The template has a ${header} header: give it one ${header} parameter`,
          132012,
        );
      }
      if (parameter.type !== header) {
        return invalid(`Parameter format does not match format in the created template`, 132012);
      }
      const problem = validateMedia(header, parameter[header], `header.${header}`, {
        caption: false,
      });
      if (problem) return problem;
    }
    const parameters = template.components?.find((c) => c.type === 'body')?.parameters ?? [];
    if (parameters.length !== 2) {
      return invalid('Number of parameters does not match the expected number of params', 132000);
    }
    for (const parameter of parameters) {
      if (parameter.type !== 'text' || typeof parameter.text !== 'string' || !parameter.text) {
        return invalid('Parameter value is not valid', 131008);
      }
      if (/[\n\t]| {5,}/.test(parameter.text)) {
        return invalid(
          'Param text cannot have new-line/tab characters or more than 4 consecutive spaces',
          132018,
        );
      }
    }
    return undefined;
  }
  return invalid('Unsupported message type', 131051);
}

/** Graph's checks of a media object: a link (http or https), a caption within the limit. */
function validateMedia(
  kind: 'image' | 'document',
  object: MediaObject | undefined,
  where: string,
  allow: { caption: boolean },
): ScriptedError | undefined {
  const invalid = (message: string, code = 100): ScriptedError => ({
    status: 400,
    code,
    message: `(#${code}) ${message}`,
  });
  if (typeof object?.link !== 'string') {
    return invalid(`The parameter ${where}[link] or ${where}[id] is required.`);
  }
  try {
    const url = new URL(object.link);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('scheme');
  } catch {
    return invalid(`Invalid parameter: ${where}[link] is not a valid URL`, 131009);
  }
  if (object.caption !== undefined) {
    if (!allow.caption) return invalid(`Param ${where}[caption] is not allowed`, 131009);
    if (object.caption.length > CAPTION_MAX) {
      return invalid(`Param ${where}[caption] must be at most ${CAPTION_MAX} characters`, 131009);
    }
  }
  if (kind === 'image' && object.filename !== undefined) {
    return invalid(`Param ${where}[filename] is not allowed for images`, 131009);
  }
  return undefined;
}

/** The files a message links to, with the kind each must be. */
function linkedMedia(payload: MessageBody): ['image' | 'document', string][] {
  if (payload.type === 'image' || payload.type === 'document') {
    return [[payload.type, payload[payload.type]?.link as string]];
  }
  const header = payload.template?.components?.find((c) => c.type === 'header');
  return (header?.parameters ?? []).flatMap((p) =>
    p.type === 'image' || p.type === 'document'
      ? [[p.type, p[p.type]?.link as string] as ['image' | 'document', string]]
      : [],
  );
}

/** Downloads a linked file as Meta would: a plain GET, following redirects. */
async function fetchMedia(messageId: string, link: string): Promise<FetchedMedia> {
  try {
    const response = await fetch(link, { signal: AbortSignal.timeout(10_000) });
    return {
      messageId,
      link,
      status: response.status,
      contentType: response.headers.get('content-type'),
      bytes: Buffer.from(await response.arrayBuffer()),
    };
  } catch {
    return { messageId, link, status: 0, contentType: null, bytes: Buffer.alloc(0) };
  }
}

function graphError(res: ServerResponse, error: ScriptedError): void {
  const headers: Record<string, string> = {};
  if (error.retryAfter !== undefined) headers['retry-after'] = String(error.retryAfter);
  json(
    res,
    error.status,
    {
      error: {
        message: error.message ?? `(#${error.code}) Error`,
        type: 'OAuthException',
        code: error.code,
        ...(error.details === undefined
          ? {}
          : { error_data: { messaging_product: 'whatsapp', details: error.details } }),
        fbtrace_id: randomBytes(8).toString('base64url'),
      },
    },
    headers,
  );
}

function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}
