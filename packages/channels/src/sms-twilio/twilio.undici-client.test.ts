import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SafenetError } from '@safenet/core';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../channel.js';
import { createTwilioSmsAdapter } from './twilio.adapter.js';
import { classifyTwilioError } from './twilio.errors.js';
import { TwilioUndiciClient } from './twilio.undici-client.js';

const ACCOUNT_SID = `AC${'4b'.repeat(16)}`;
const AUTH_TOKEN = 'undici-client-test-token';
const FROM = '+15005550006';
const SID = `SM${'7'.repeat(32)}`;

/** One request as the server received it. */
interface Recorded {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/**
 * A plain HTTP server on loopback: records every request, answers it with `reply` (or
 * never, when `reply` gives nothing) and counts the TCP connections it accepted. Twilio's
 * wire details are checked here, where every header is visible; the Twilio stand-in of
 * tests/support is used by tests/channels/twilio-transport.test.ts.
 */
async function startServer(reply: (request: Recorded) => Answer | undefined) {
  const requests: Recorded[] = [];
  let connections = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const recorded = {
        method: request.method ?? '',
        path: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const answer = reply(recorded);
      if (!answer) return;
      response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
      response.end(answer.body);
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    url,
    requests,
    connections: () => connections,
    [Symbol.asyncDispose]: close,
  };
}

const created: Answer = {
  status: 201,
  body: JSON.stringify({ sid: SID, status: 'queued', account_sid: ACCOUNT_SID }),
};

function clientFor(url: string, timeout = 5_000, connections = 2) {
  const httpClient = new TwilioUndiciClient({ apiBaseUrl: url, timeout, connections });
  return { httpClient, client: twilio(ACCOUNT_SID, AUTH_TOKEN, { httpClient }) };
}

function adapterFor(url: string, maxConnections = 100) {
  return createTwilioSmsAdapter({
    accountSid: ACCOUNT_SID,
    authToken: AUTH_TOKEN,
    from: FROM,
    apiBaseUrl: url,
    maxConnections,
  });
}

const message = (to: string): OutgoingMessage => ({
  deliveryId: 'd',
  broadcastId: 'b',
  orgId: 'o',
  contactId: 'c',
  to,
  language: 'ru',
  title: null,
  body: 'Памятка: поговорите с ребёнком об интернете.',
});
const context = () => ({ attempt: 1, signal: new AbortController().signal });

/** What `promise` rejected with, or a failed test when it resolved. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => expect.unreachable('expected a failure'),
    (thrown: unknown) => thrown,
  );
}

describe('TwilioUndiciClient', () => {
  it('sends what the library builds: its auth, headers and form fields', async () => {
    await using server = await startServer(() => created);
    const { client, httpClient } = clientFor(`${server.url}/prefix/`);

    const sent = await client.messages.create({
      to: '+77012345678',
      body: 'Памятка & ссылка: https://example.org/?a=1 b',
      from: FROM,
      mediaUrl: ['https://example.org/1.png', 'https://example.org/2.png'],
    });
    await httpClient.close();

    expect(sent.sid).toBe(SID);
    const [request] = server.requests;
    expect(request).toMatchObject({
      method: 'POST',
      path: `/prefix/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`,
      headers: expect.objectContaining({
        authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
        'accept-charset': 'utf-8',
        'user-agent': expect.stringMatching(/^twilio-node\/6\.2\.0 /),
      }),
    });
    const form = new URLSearchParams(request?.body);
    expect(form.get('To')).toBe('+77012345678');
    expect(form.get('From')).toBe(FROM);
    expect(form.get('Body')).toBe('Памятка & ссылка: https://example.org/?a=1 b');
    // An array repeats its field, as the library's own client writes it.
    expect(form.getAll('MediaUrl')).toEqual([
      'https://example.org/1.png',
      'https://example.org/2.png',
    ]);
  });

  it("sends a read's parameters as the query string", async () => {
    await using server = await startServer(() => ({
      status: 200,
      body: JSON.stringify({ messages: [], page: 0, page_size: 2, next_page_uri: null }),
    }));
    const { client, httpClient } = clientFor(server.url);

    await client.messages.page({ to: '+77012345678', pageSize: 2 });
    await httpClient.close();

    const [request] = server.requests;
    const target = new URL(request?.path ?? '', server.url);
    expect(request?.method).toBe('GET');
    expect(target.pathname).toBe(`/2010-04-01/Accounts/${ACCOUNT_SID}/Messages.json`);
    expect(target.searchParams.get('To')).toBe('+77012345678');
    expect(target.searchParams.get('PageSize')).toBe('2');
  });

  it('throws an error answer as the library RestException, with Retry-After', async () => {
    await using server = await startServer(() => ({
      status: 429,
      body: JSON.stringify({ code: 20429, message: 'Too Many Requests', status: 429 }),
      headers: { 'retry-after': '4' },
    }));
    const { client, httpClient } = clientFor(server.url);

    const thrown = await rejection(
      client.messages.create({ to: '+77012345678', body: 'x', from: FROM }),
    );
    await httpClient.close();

    expect(thrown).toBeInstanceOf(twilio.RestException);
    expect(thrown).toMatchObject({
      status: 429,
      code: 20429,
      message: 'Too Many Requests',
      retryAfterSeconds: 4,
    });
  });

  it('reads a Retry-After given as an HTTP date', async () => {
    const at = new Date(Date.now() + 120_000).toUTCString();
    await using server = await startServer(() => ({
      status: 429,
      body: JSON.stringify({ code: 20429, message: 'Too Many Requests', status: 429 }),
      headers: { 'retry-after': at },
    }));
    const adapter = adapterFor(server.url);

    const error = await rejection(adapter.send(message('+77012345678'), context()));
    await adapter.close();

    expect(error).toMatchObject({ code: 'provider_unavailable', throttlesChannel: true });
    // The date has whole seconds: a little under two minutes from now, never more.
    const seconds = (error as SafenetError).retryAfterSeconds ?? 0;
    expect(seconds).toBeGreaterThan(100);
    expect(seconds).toBeLessThanOrEqual(120);
  });

  it('names the HTTP status of an answer that is not Twilio JSON', async () => {
    await using server = await startServer(() => ({ status: 502, body: '<h1>Bad Gateway</h1>' }));
    const adapter = adapterFor(server.url);

    const error = await rejection(adapter.send(message('+77012345678'), context()));
    await adapter.close();

    expect(error).toBeInstanceOf(SafenetError);
    expect(error).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      providerCode: 'HTTP 502',
    });
  });

  it('gives up on a server that never answers after its timeout, retryably', async () => {
    await using server = await startServer(() => undefined);
    const { client, httpClient } = clientFor(server.url, 300);

    const thrown = await rejection(
      client.messages.create({ to: '+77012345678', body: 'x', from: FROM }),
    );
    await httpClient.close();

    expect(server.requests).toHaveLength(1);
    expect(thrown).toMatchObject({ code: 'UND_ERR_HEADERS_TIMEOUT' });
    expect(classifyTwilioError(thrown)).toMatchObject({
      code: 'provider_unavailable',
      retryable: true,
      providerCode: 'UND_ERR_HEADERS_TIMEOUT',
    });
  });

  it('keeps at most its connections open and reuses them', async () => {
    await using server = await startServer(() => created);
    const adapter = adapterFor(server.url, 3);

    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        adapter.send(message(`+7701${1_000_000 + i}`), context()),
      ),
    );
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        adapter.send(message(`+7701${2_000_000 + i}`), context()),
      ),
    );
    await adapter.close();

    expect(server.requests).toHaveLength(60);
    expect(server.connections()).toBeGreaterThan(0);
    expect(server.connections()).toBeLessThanOrEqual(3);
  });
});
