/**
 * A local stand-in for Twilio's Messages API on loopback, so the SMS adapter is tested with
 * the real `twilio` library over real HTTP. It answers `POST /2010-04-01/Accounts/{sid}/
 * Messages.json` the way Twilio does (HTTP Basic auth, form body, 201 with the message
 * resource, Twilio's JSON error shape), then posts signed status callbacks to the message's
 * StatusCallback: queued → sent → delivered, or a scripted failure. The signature is
 * computed here from Twilio's published algorithm, not with the twilio library, so the
 * adapter's check is tested against an independent implementation.
 *
 * With `limit` it enforces a per-second rate like Twilio's account and sender queues do when
 * they are full: over the limit it answers 429 (code 20429) with `Retry-After` and counts a
 * breach, so pacing can be measured against a provider that punishes bursts.
 *
 * With `faults` (or {@link TwilioTestServer.setFaults}) it is a provider in a storm: a share of
 * calls answered 500, a share 429 with `Retry-After`, drawn from a seeded generator so a run
 * can be repeated; {@link TwilioTestServer.setOutage} answers every call 503 without
 * `Retry-After` until it is ended. `calls` logs every API call in order, so a test can count
 * what reached the provider — during the outage, per recipient, after a permanent refusal.
 *
 * @example
 * await using twilio = await startTwilioServer({
 *   script: (to) => (to === '+77000000000' ? { reject: { status: 400, code: 21610, message: 'Attempt to send to unsubscribed recipient' } } : undefined),
 * });
 * const sms = createTwilioSmsAdapter({ ...twilio.credentials, from: '+15005550006', apiBaseUrl: twilio.url });
 */
import { createHmac, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { countSmsSegments } from '@safenet/core';
import { RateWindow } from './rate-window.js';

/** Twilio's error body: `{ code, message, more_info, status }`. */
export interface TwilioErrorReply {
  status: number;
  code: number;
  message: string;
}

/** How the server treats messages to one recipient. */
export interface RecipientScript {
  /** Refuse the API call with this error instead of accepting the message. */
  reject?: TwilioErrorReply;
  /** The last status callback for an accepted message (default `delivered`). */
  finalStatus?: 'delivered' | 'failed' | 'undelivered';
  /** `ErrorCode` of a failed or undelivered callback (default 30008, unknown error). */
  errorCode?: number;
}

export interface TwilioServerOptions {
  /** Default: a fixed test account. */
  accountSid?: string;
  authToken?: string;
  script?: (to: string) => RecipientScript | undefined;
  /** Where {@link TwilioTestServer.sendInbound} posts incoming SMS (the hub's webhook). */
  inboundUrl?: string;
  /**
   * Rates enforced over a sliding second of accepted messages; a message over either is
   * refused with 429. Segments are counted as Twilio bills them (GSM-7 or UCS-2).
   */
  limit?: { segmentsPerSecond?: number; messagesPerSecond?: number };
  /** Post status callbacks (default); `false` for throughput runs that only count sends. */
  statusCallbacks?: boolean;
  /** Called with each accepted message, e.g. to log it. */
  onMessage?: (sms: ReceivedSms) => void;
  /** Port on 127.0.0.1; default 0, a free one. */
  port?: number;
  /** A provider storm from the start (see {@link StormFaults}). */
  faults?: StormFaults;
  /**
   * The price of one segment to `to` (a decimal string, at most 5 decimals; default "0.05"):
   * once a message reaches its final status, its resource's `price` is segments × this,
   * negative as Twilio writes a charge ("-0.14500"), in `price_unit` USD. Null: no price.
   */
  segmentPrice?: (to: string) => string | null;
}

/** Failures a share of API calls get before anything else is looked at. */
export interface StormFaults {
  /** Share of calls answered 500 (code 20500), 0–1. */
  serverErrors?: number;
  /** Share of calls answered 429 (code 20429) with `Retry-After`, 0–1. */
  throttles?: number;
  /** The `Retry-After` of those 429s, in seconds (default 1). */
  retryAfterSeconds?: number;
  /** Seed of the generator that picks the failing calls (default 1). */
  seed?: number;
}

/** One API call to the Messages resource, in arrival order. */
export interface TwilioCall {
  to: string | null;
  /** The HTTP status answered: 201, or the refusal's. */
  status: number;
  /** Twilio's error code of a refusal. */
  code?: number;
  /** Whether it arrived during {@link TwilioTestServer.setOutage}. */
  outage: boolean;
}

/** One message the server accepted. */
export interface ReceivedSms {
  sid: string;
  to: string;
  body: string;
  from: string | null;
  messagingServiceSid: string | null;
  statusCallback: string | null;
  segments: number;
}

/** One webhook the server posted (status callback or inbound SMS). */
export interface PostedWebhook {
  url: string;
  params: Record<string, string>;
  signature: string;
  /** The HTTP status the receiver answered, or 0 when it could not be reached. */
  answered: number;
  /** The body it answered: TwiML for an inbound SMS (a `<Message>` is sent back). */
  answer: string;
}

export interface TwilioTestServer extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`: the adapter's `apiBaseUrl`. */
  url: string;
  credentials: { accountSid: string; authToken: string };
  /** Accepted messages, in arrival order. */
  messages: ReceivedSms[];
  /** `performance.now()` at the acceptance of each of {@link messages}, same order. */
  arrivals: number[];
  /** Requests refused because they were over `limit`. */
  readonly breaches: number;
  /** API calls refused (auth, validation, script, injected failures), in arrival order. */
  refused: { to: string | null; reply: TwilioErrorReply }[];
  /** Webhooks posted so far, in order. */
  webhooks: PostedWebhook[];
  /** The next `n` API calls fail with `status` (429 carries `Retry-After: retryAfterSeconds`). */
  failNext(n: number, status: 429 | 500 | 503, retryAfterSeconds?: number): void;
  /** Every API call to the Messages resource, in order. */
  calls: TwilioCall[];
  /** Starts a storm (see {@link StormFaults}), or ends it with `undefined`. */
  setFaults(faults: StormFaults | undefined): void;
  /** Starts (`true`) or ends an outage: every call answered 503, without `Retry-After`. */
  setOutage(on: boolean): void;
  /** Posts a signed inbound SMS to `inboundUrl`, as Twilio does when a contact replies. */
  sendInbound(sms: { from: string; body: string; to?: string }): Promise<PostedWebhook>;
  /** Resolves once every status callback started so far has been posted. */
  idle(): Promise<void>;
  /** Message resources by sid, as `GET .../Messages/{sid}.json` answers them. */
  resources: Map<string, Record<string, unknown>>;
  /** Each `GET .../Messages/{sid}.json`, in order: the sid and the `price` it answered. */
  reads: { sid: string; price: unknown }[];
  /**
   * Holds prices back (`true`): final messages keep `price: null`, as Twilio's may for a
   * while after the final status; `false` fills in those held back.
   */
  holdPrices(on: boolean): void;
  close(): Promise<void>;
}

export const TEST_ACCOUNT_SID = `AC${'5ae1e7'.padEnd(32, '0')}`;
export const TEST_AUTH_TOKEN = 'safenet-test-auth-token';
const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/;
const MESSAGE_PATH =
  /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\/(SM[0-9a-fA-F]{32})\.json$/;

/** Twilio's price for `segments` segments at `perSegment`: negative, 5 decimals, exactly. */
export function twilioPrice(perSegment: string, segments: number): string {
  const [whole = '0', fraction = ''] = perSegment.split('.');
  if (fraction.length > 5) throw new Error(`segmentPrice "${perSegment}": at most 5 decimals`);
  const units = (BigInt(`${whole}${fraction.padEnd(5, '0')}`) * BigInt(segments))
    .toString()
    .padStart(6, '0');
  return `-${units.slice(0, -5)}.${units.slice(-5)}`;
}
const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Twilio's request signature: HMAC-SHA1 keyed with the auth token over the full URL
 * followed by each form field's name and value, fields sorted by name; base64.
 * https://www.twilio.com/docs/usage/webhooks/webhooks-security
 */
export function twilioSignature(
  authToken: string,
  url: string,
  params: Readonly<Record<string, string>>,
): string {
  const names = Object.keys(params).sort();
  const data = names.reduce((signed, name) => signed + name + params[name], url);
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

/** Starts the server on 127.0.0.1 at a free port. */
export async function startTwilioServer(
  options: TwilioServerOptions = {},
): Promise<TwilioTestServer> {
  const accountSid = options.accountSid ?? TEST_ACCOUNT_SID;
  const authToken = options.authToken ?? TEST_AUTH_TOKEN;
  const messages: ReceivedSms[] = [];
  const refused: TwilioTestServer['refused'] = [];
  const webhooks: PostedWebhook[] = [];
  const injected: { status: 429 | 500 | 503; retryAfterSeconds: number | undefined }[] = [];
  const callbacks = new Set<Promise<void>>();
  const arrivals: number[] = [];
  const calls: TwilioCall[] = [];
  const resources = new Map<string, Record<string, unknown>>();
  const segmentsOf = new Map<string, number>();
  const heldPrices = new Set<string>();
  const reads: { sid: string; price: unknown }[] = [];
  let holding = false;
  const segmentPrice = options.segmentPrice ?? (() => '0.05');
  let faults = options.faults;
  let random = seeded(faults?.seed ?? 1);
  let outage = false;
  let breaches = 0;
  const messageWindow =
    options.limit?.messagesPerSecond === undefined
      ? undefined
      : new RateWindow(options.limit.messagesPerSecond);
  const segmentWindow =
    options.limit?.segmentsPerSecond === undefined
      ? undefined
      : new RateWindow(options.limit.segmentsPerSecond);

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      if (!response.headersSent) {
        json(response, 500, errorBody({ status: 500, code: 20500, message: String(error) }));
      }
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const raw = await readBody(request);
    const pathname = new URL(request.url ?? '/', 'http://localhost').pathname;
    const one = MESSAGE_PATH.exec(pathname);
    if (request.method === 'GET' && one) {
      const resource = resources.get(one[2] as string);
      if (!authorised(request.headers.authorization) || one[1] !== accountSid) {
        refused.push({ to: null, reply: { status: 401, code: 20003, message: 'Authenticate' } });
        return json(
          response,
          401,
          errorBody({ status: 401, code: 20003, message: 'Authenticate' }),
        );
      }
      if (!resource) {
        const reply = {
          status: 404,
          code: 20404,
          message: `The requested resource ${pathname} was not found`,
        };
        return json(response, 404, errorBody(reply));
      }
      reads.push({ sid: one[2] as string, price: resource.price });
      return json(response, 200, resource);
    }
    const path = MESSAGES_PATH.exec(pathname);
    let to: string | null = null;
    const refuse = (reply: TwilioErrorReply, refusedTo: string | null, headers = {}) => {
      refused.push({ to: refusedTo, reply });
      if (path) calls.push({ to, status: reply.status, code: reply.code, outage });
      json(response, reply.status, errorBody(reply), headers);
    };
    if (request.method !== 'POST' || !path) {
      return refuse(
        {
          status: 404,
          code: 20404,
          message: `The requested resource ${request.url} was not found`,
        },
        null,
      );
    }
    if (!authorised(request.headers.authorization) || path[1] !== accountSid) {
      return refuse({ status: 401, code: 20003, message: 'Authenticate' }, null);
    }
    const form = new URLSearchParams(raw.toString('utf8'));
    to = form.get('To');
    if (outage) {
      return refuse({ status: 503, code: 20503, message: 'Service Unavailable' }, to);
    }
    const draw = faults ? random() : 1;
    const serverErrors = faults?.serverErrors ?? 0;
    const storm: (typeof injected)[number] | undefined =
      draw < serverErrors
        ? { status: 500, retryAfterSeconds: undefined }
        : draw < serverErrors + (faults?.throttles ?? 0)
          ? { status: 429, retryAfterSeconds: faults?.retryAfterSeconds ?? 1 }
          : undefined;
    const failure = injected.shift() ?? storm;
    if (failure) {
      const reply =
        failure.status === 429
          ? { status: 429, code: 20429, message: 'Too Many Requests' }
          : {
              status: failure.status,
              code: 20500,
              message: 'An internal server error has occurred',
            };
      const headers =
        failure.retryAfterSeconds === undefined
          ? {}
          : { 'retry-after': String(failure.retryAfterSeconds) };
      return refuse(reply, to, headers);
    }
    if (!to || !E164.test(to)) {
      return refuse(
        {
          status: 400,
          code: 21211,
          message: `The 'To' number ${to ?? ''} is not a valid phone number.`,
        },
        to,
      );
    }
    const body = form.get('Body');
    if (!body)
      return refuse({ status: 400, code: 21602, message: 'Message body is required.' }, to);
    const from = form.get('From');
    const messagingServiceSid = form.get('MessagingServiceSid');
    if (!from && !messagingServiceSid) {
      return refuse(
        { status: 400, code: 21603, message: "A 'From' phone number is required." },
        to,
      );
    }
    const script = options.script?.(to) ?? {};
    if (script.reject) return refuse(script.reject, to);

    const segments = countSmsSegments(body).segments;
    const now = performance.now();
    const waitMs = admit(now, segments);
    if (waitMs !== undefined) {
      breaches += 1;
      // Twilio's hint is whole seconds; never 0, which would invite an immediate retry.
      const retryAfter = String(Math.max(1, Math.ceil(waitMs / 1000)));
      return refuse({ status: 429, code: 20429, message: 'Too Many Requests' }, to, {
        'retry-after': retryAfter,
      });
    }

    const sid = `SM${randomBytes(16).toString('hex')}`;
    const statusCallback = form.get('StatusCallback');
    const received = { sid, to, body, from, messagingServiceSid, statusCallback, segments };
    messages.push(received);
    arrivals.push(now);
    calls.push({ to, status: 201, outage });
    options.onMessage?.(received);
    const created = new Date().toUTCString().replace('GMT', '+0000');
    const resource: Record<string, unknown> = {
      account_sid: accountSid,
      api_version: '2010-04-01',
      body,
      date_created: created,
      date_sent: null,
      date_updated: created,
      direction: 'outbound-api',
      error_code: null,
      error_message: null,
      from,
      messaging_service_sid: messagingServiceSid,
      num_media: '0',
      num_segments: String(segments),
      price: null,
      price_unit: 'USD',
      sid,
      status: 'queued',
      subresource_uris: { media: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}/Media.json` },
      to,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    };
    resources.set(sid, resource);
    segmentsOf.set(sid, segments);
    json(response, 201, resource);

    if (statusCallback && options.statusCallbacks !== false) {
      const posting = postStatuses(statusCallback, { sid, to, from, messagingServiceSid }, script);
      callbacks.add(posting);
      void posting.finally(() => callbacks.delete(posting));
    }
  }

  /** Posts the lifecycle of one message in order, as Twilio does (one at a time). */
  async function postStatuses(
    url: string,
    message: { sid: string; to: string; from: string | null; messagingServiceSid: string | null },
    script: RecipientScript,
  ): Promise<void> {
    const final = script.finalStatus ?? 'delivered';
    const steps = final === 'failed' ? ['queued', 'failed'] : ['queued', 'sent', final];
    for (const status of steps) {
      const params: Record<string, string> = {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        From: message.from ?? 'SafeNet',
        MessageSid: message.sid,
        MessageStatus: status,
        SmsSid: message.sid,
        SmsStatus: status,
        To: message.to,
      };
      if (message.messagingServiceSid) params.MessagingServiceSid = message.messagingServiceSid;
      if (status === 'failed' || status === 'undelivered') {
        params.ErrorCode = String(script.errorCode ?? 30008);
      }
      settle(message.sid, message.to, status, status === final);
      await post(url, params);
    }
  }

  async function post(url: string, params: Record<string, string>): Promise<PostedWebhook> {
    const signature = twilioSignature(authToken, url, params);
    let answered = 0;
    let answer = '';
    try {
      const reply = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'x-twilio-signature': signature,
          'user-agent': 'TwilioProxy/1.1',
        },
        body: new URLSearchParams(params).toString(),
      });
      answer = await reply.text();
      answered = reply.status;
    } catch {
      // Twilio gives up on an unreachable webhook too; the record shows answered: 0.
    }
    const posted = { url, params, signature, answered, answer };
    webhooks.push(posted);
    return posted;
  }

  /**
   * The message resource follows its callbacks; at the final status Twilio fills in `price`
   * (here before the callback is posted, unless prices are held back).
   */
  function settle(sid: string, to: string, status: string, final: boolean): void {
    const resource = resources.get(sid);
    if (!resource) return;
    resource.status = status;
    if (!final) return;
    if (holding) heldPrices.add(`${sid} ${to}`);
    else fillPrice(sid, to);
  }

  function fillPrice(sid: string, to: string): void {
    const resource = resources.get(sid);
    const perSegment = segmentPrice(to);
    if (!resource || perSegment === null) return;
    resource.price = twilioPrice(perSegment, segmentsOf.get(sid) ?? 1);
  }

  /**
   * Admits a message into both windows, or says how long until it would fit. Both are
   * checked before either records it, so a message refused by one does not use the other.
   */
  function admit(now: number, segments: number): number | undefined {
    const waits = [messageWindow?.wait(now, 1), segmentWindow?.wait(now, segments)];
    const wait = Math.max(...waits.map((w) => w ?? 0));
    if (waits.some((w) => w !== undefined && w > 0)) return wait;
    messageWindow?.record(now, 1);
    segmentWindow?.record(now, segments);
    return undefined;
  }

  function authorised(header: string | undefined): boolean {
    if (!header?.startsWith('Basic ')) return false;
    const decoded = Buffer.from(header.slice(6), 'base64').toString('utf8');
    return decoded === `${accountSid}:${authToken}`;
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await Promise.allSettled([...callbacks]);
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        // The twilio client keeps connections alive; do not wait for it to drop them.
        server.closeAllConnections();
      });
    })();
    return closing;
  };

  return {
    url: `http://127.0.0.1:${port}`,
    credentials: { accountSid, authToken },
    messages,
    arrivals,
    get breaches() {
      return breaches;
    },
    refused,
    webhooks,
    failNext(n, status, retryAfterSeconds) {
      for (let i = 0; i < n; i += 1) injected.push({ status, retryAfterSeconds });
    },
    calls,
    setFaults(next) {
      faults = next;
      random = seeded(next?.seed ?? 1);
    },
    setOutage(on) {
      outage = on;
    },
    async sendInbound({ from, body, to = '+15005550006' }) {
      if (!options.inboundUrl) throw new Error('startTwilioServer: no inboundUrl configured');
      const sid = `SM${randomBytes(16).toString('hex')}`;
      return post(options.inboundUrl, {
        AccountSid: accountSid,
        ApiVersion: '2010-04-01',
        Body: body,
        From: from,
        MessageSid: sid,
        NumMedia: '0',
        NumSegments: String(countSmsSegments(body).segments),
        SmsMessageSid: sid,
        SmsSid: sid,
        SmsStatus: 'received',
        To: to,
      });
    },
    async idle() {
      while (callbacks.size > 0) await Promise.allSettled([...callbacks]);
    },
    resources,
    reads,
    holdPrices(on) {
      holding = on;
      if (on) return;
      for (const held of heldPrices) {
        const [sid = '', to = ''] = held.split(' ');
        fillPrice(sid, to);
      }
      heldPrices.clear();
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

/** A small seeded generator in [0, 1) (mulberry32), so a storm can be run again alike. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function errorBody(reply: TwilioErrorReply) {
  return {
    code: reply.code,
    message: reply.message,
    more_info: `https://www.twilio.com/docs/errors/${reply.code}`,
    status: reply.status,
  };
}

function json(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
