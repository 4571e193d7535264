/**
 * A local Zalo for tests, on loopback: ZNS (`POST /message/template`), OA messages
 * (`POST /v3.0/oa/message/cs`) and OAuth (`POST /v4/oa/access_token`) on one port, answering
 * as Zalo does — HTTP 200 with `{ error: 0, data: { msg_id } }` or a negative `error` code
 * and a `message`. The access token stops working on demand (`expireToken`, as its expiry
 * would); a refresh rotates the pair and refuses a refresh token used before. ZNS refuses
 * unknown templates (-109) and, past `znsDailyQuota`, everything (-144). With `limit` it
 * refuses message requests (ZNS and OA alike) beyond that many in any sliding second with
 * Zalo's rate-limit answer, -32 "Your application reached limit call api", counting each in
 * `breaches`. Every request is recorded before it is answered. Delivery and seen events go to `webhookUrl`,
 * signed with `X-ZEvent-Signature: mac=sha256(appId + body + timestamp + OA secret key)`,
 * computed here from Zalo's formula rather than the adapter's.
 *
 * @example
 * await using zalo = await startZaloServer({ script: (to) => (to === '84900000118' ? { error: -118 } : {}) });
 * const adapter = createZaloAdapter({ ...zalo.credentials, ...zalo.urls, accessTokenExpiresAt, templates });
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RateWindow } from './rate-window.js';

/** What happens to messages for one recipient (phone digits `84…` or a user id). */
export interface ZaloRecipientScript {
  /** Refuse with this Zalo error code (and message). */
  error?: number;
  message?: string;
}

export interface ZaloServerOptions {
  script?: (to: string) => ZaloRecipientScript;
  /** Approved ZNS template ids; any other is refused with -109. */
  templates?: readonly string[];
  /** After this many accepted ZNS messages, refuse the rest with -144 (daily quota). */
  znsDailyQuota?: number;
  /**
   * Message requests (ZNS and OA) accepted in any sliding second; past it, -32. Zalo states
   * its limits per minute (4,000 OA API calls a minute per app) and ZNS none; a per-second
   * window is the strictest reading, the one a benchmark of the hub's pacing needs.
   */
  limit?: { messagesPerSecond: number };
  /** Where delivery and seen events go; none are posted without it. */
  webhookUrl?: string;
  /** Told of each message it accepts (to log what the hub sent). */
  onMessage?: (message: ZaloAcceptedMessage) => void;
  /** Events to post after each accepted message; default `['user_received_message']`. */
  events?: readonly ('user_received_message' | 'user_seen_message')[];
  port?: number;
}

export interface ZaloRecordedRequest {
  path: string;
  accessToken: string | undefined;
  secretKey: string | undefined;
  body: unknown;
}

export interface ZaloAcceptedMessage {
  id: string;
  kind: 'zns' | 'oa';
  /** Phone digits for ZNS, the user id for OA. */
  to: string;
  payload: {
    phone?: string;
    template_id?: string;
    template_data?: Record<string, string>;
    tracking_id?: string;
    recipient?: { user_id: string };
    message?: { text: string };
  };
}

export interface ZaloTestServer extends AsyncDisposable {
  urls: { openApiUrl: string; businessApiUrl: string; oauthUrl: string };
  credentials: {
    appId: string;
    appSecret: string;
    oaSecretKey: string;
    accessToken: string;
    refreshToken: string;
  };
  requests: ZaloRecordedRequest[];
  accepted: ZaloAcceptedMessage[];
  /** `performance.now()` of each accepted message, in order (for rate statistics). */
  arrivals: number[];
  /** Message requests refused with -32 because they went over `limit`. */
  readonly breaches: number;
  /** Refreshes answered with a new pair. */
  readonly refreshes: number;
  /** Makes the current access token expire now (ZNS -124, OA -220), as its expiry would. */
  expireToken(): void;
  /** Posts a signed event now; resolves with the endpoint's status. */
  postEvent(body: Record<string, unknown>, options?: { forged?: boolean }): Promise<number>;
  /** Resolves once every event posted so far has been answered. */
  settled(): Promise<void>;
  close(): Promise<void>;
}

const APP_ID = '1234567890123456789';
const OA_ID = '579745863508352884';

/** Starts the server on 127.0.0.1 at a free port (or `port`). */
export async function startZaloServer(options: ZaloServerOptions = {}): Promise<ZaloTestServer> {
  const credentials = {
    appId: APP_ID,
    appSecret: 'zalo-app-secret',
    oaSecretKey: 'zalo-oa-secret-key',
    accessToken: `access-${randomBytes(6).toString('hex')}`,
    refreshToken: `refresh-${randomBytes(6).toString('hex')}`,
  };
  let accessToken = credentials.accessToken;
  let refreshToken = credentials.refreshToken;
  const spent = new Set<string>();
  const templates = new Set(options.templates ?? []);
  const requests: ZaloRecordedRequest[] = [];
  const accepted: ZaloAcceptedMessage[] = [];
  const pending = new Set<Promise<unknown>>();
  let refreshes = 0;
  let znsAccepted = 0;
  let breaches = 0;
  const arrivals: number[] = [];
  /** Tokens that were valid once and expired (the OA API tells them from unknown ones). */
  const expired = new Set<string>();
  const throughput = options.limit ? new RateWindow(options.limit.messagesPerSecond) : undefined;

  const sign = (raw: string, timestamp: string, key = credentials.oaSecretKey) =>
    `mac=${createHash('sha256').update(`${credentials.appId}${raw}${timestamp}${key}`).digest('hex')}`;

  const postEvent = async (body: Record<string, unknown>, { forged = false } = {}) => {
    if (!options.webhookUrl) throw new Error('No webhookUrl configured');
    const raw = JSON.stringify(body);
    const response = await fetch(options.webhookUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-zevent-signature': sign(raw, String(body.timestamp), forged ? 'forged' : undefined),
      },
      body: raw,
    });
    await response.arrayBuffer();
    return response.status;
  };

  const postEvents = (message: ZaloAcceptedMessage) => {
    if (!options.webhookUrl) return;
    const run = (async () => {
      for (const event of options.events ?? ['user_received_message']) {
        const timestamp = String(Date.now());
        await postEvent({
          app_id: credentials.appId,
          oa_id: OA_ID,
          event_name: event,
          sender: { id: OA_ID },
          recipient: { id: message.to },
          message:
            event === 'user_seen_message'
              ? { msg_ids: [message.id] }
              : { msg_id: message.id, delivery_time: timestamp },
          timestamp,
        });
      }
    })().catch(() => {});
    pending.add(run);
    void run.finally(() => pending.delete(run));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    let body: unknown = text;
    try {
      body =
        path === '/v4/oa/access_token'
          ? Object.fromEntries(new URLSearchParams(text))
          : JSON.parse(text);
    } catch {}
    const header = (name: string) => {
      const value = req.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    requests.push({
      path,
      accessToken: header('access_token'),
      secretKey: header('secret_key'),
      body,
    });

    if (req.method === 'POST' && path === '/v4/oa/access_token') {
      const form = body as Record<string, string>;
      if (header('secret_key') !== credentials.appSecret || form.app_id !== credentials.appId) {
        return json(res, {
          error: -14002,
          error_name: 'Invalid app',
          error_description: 'secret_key invalid',
        });
      }
      if (
        form.grant_type !== 'refresh_token' ||
        form.refresh_token !== refreshToken ||
        spent.has(form.refresh_token)
      ) {
        return json(res, {
          error: -14014,
          error_name: 'Invalid refresh token',
          error_description: 'refresh token is invalid or used',
        });
      }
      spent.add(refreshToken);
      refreshes += 1;
      // A refresh ends the access token it replaces at once, as Zalo's does.
      expired.add(accessToken);
      accessToken = `access-${randomBytes(6).toString('hex')}`;
      refreshToken = `refresh-${randomBytes(6).toString('hex')}`;
      return json(res, {
        access_token: accessToken,
        refresh_token: refreshToken,
        expires_in: '90000',
      });
    }

    const zns = path === '/message/template';
    if (req.method !== 'POST' || (!zns && path !== '/v3.0/oa/message/cs')) {
      return json(res, { error: -106, message: 'Method unsupported' });
    }
    const token = header('access_token');
    if (token !== accessToken) {
      // ZNS answers -124 for any token it refuses; the OA API tells an expired token (-220)
      // from one it never issued (-216).
      return json(
        res,
        zns
          ? { error: -124, message: 'Access token invalid' }
          : token !== undefined && expired.has(token)
            ? { error: -220, message: 'access_token is expired or removed' }
            : { error: -216, message: 'Access token is invalid' },
      );
    }
    if (throughput) {
      const now = performance.now();
      if (throughput.wait(now, 1) > 0) {
        breaches += 1;
        return json(res, { error: -32, message: 'Your application reached limit call api' });
      }
      // Counted on arrival: a request over the limit is refused whatever its content.
      throughput.record(now, 1);
    }
    const payload = body as ZaloAcceptedMessage['payload'];
    const to = zns ? payload.phone : payload.recipient?.user_id;
    if (typeof to !== 'string' || !/^\d+$/.test(to)) {
      return json(
        res,
        zns
          ? { error: -108, message: 'Phone number invalid' }
          : { error: -201, message: 'Parameters are invalid' },
      );
    }
    if (zns && !templates.has(payload.template_id ?? '')) {
      return json(res, { error: -109, message: 'Template ID invalid' });
    }
    if (!zns && typeof payload.message?.text !== 'string') {
      return json(res, { error: -201, message: 'Parameters are invalid' });
    }
    const script = options.script?.(to) ?? {};
    if (script.error !== undefined) {
      return json(res, { error: script.error, message: script.message ?? `Error ${script.error}` });
    }
    if (zns && options.znsDailyQuota !== undefined && znsAccepted >= options.znsDailyQuota) {
      return json(res, { error: -144, message: 'OA has exceeded the daily ZNS quota' });
    }
    if (zns) znsAccepted += 1;
    const message: ZaloAcceptedMessage = {
      id: randomBytes(10).toString('hex'),
      kind: zns ? 'zns' : 'oa',
      to,
      payload,
    };
    accepted.push(message);
    arrivals.push(performance.now());
    options.onMessage?.(message);
    json(res, {
      error: 0,
      message: 'Success',
      data: zns
        ? {
            msg_id: message.id,
            sent_time: String(Date.now()),
            quota: { dailyQuota: '500', remainingQuota: '499' },
          }
        : { message_id: message.id, msg_id: message.id, user_id: to },
    });
    postEvents(message);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      res.writeHead(500).end(String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;

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
    urls: { openApiUrl: base, businessApiUrl: base, oauthUrl: base },
    credentials,
    requests,
    accepted,
    arrivals,
    get breaches() {
      return breaches;
    },
    get refreshes() {
      return refreshes;
    },
    expireToken() {
      expired.add(accessToken);
      accessToken = `expired-${accessToken}`;
    },
    postEvent,
    async settled() {
      await Promise.allSettled([...pending]);
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** Zalo answers HTTP 200 whatever happened, the outcome in `error`. */
function json(res: ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}
