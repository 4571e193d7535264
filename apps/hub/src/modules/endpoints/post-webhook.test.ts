import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXCERPT_CHARS, postWebhook } from './post-webhook.js';

// A real socket on loopback: what matters is how an HTTP answer reads as a try.
type Handler = (request: IncomingMessage, response: ServerResponse) => void;
const handlers = new Map<string, Handler>();
const requests: { path: string; headers: IncomingMessage['headers']; body: string }[] = [];
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    const path = request.url ?? '/';
    requests.push({ path, headers: request.headers, body: Buffer.concat(chunks).toString() });
    handlers.get(path)?.(request, response);
  });
});
let base = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});

const post = (path: string, handler: Handler, timeoutMs = 2_000) => {
  handlers.set(path, handler);
  return postWebhook({
    url: `${base}${path}`,
    body: '{"type":"webhook.test"}',
    headers: { 'content-type': 'application/json', 'webhook-id': 'evt_1' },
    timeoutMs,
  });
};

describe('postWebhook', () => {
  it('delivers on a 2xx answer, sending the body and headers as given', async () => {
    const result = await post('/ok', (_, res) => res.writeHead(204).end());
    expect(result).toMatchObject({ ok: true, statusCode: 204, responseExcerpt: '', error: null });
    expect(requests.at(-1)).toMatchObject({
      path: '/ok',
      body: '{"type":"webhook.test"}',
      headers: { 'content-type': 'application/json', 'webhook-id': 'evt_1' },
    });
  });

  it('fails on another status, keeping the first 1,024 characters of a long answer', async () => {
    const answer = `Қате: ${'ә'.repeat(3_000)}`;
    const result = await post('/error', (_, res) => res.writeHead(503).end(answer));
    expect(result).toMatchObject({ ok: false, statusCode: 503, error: null });
    expect(result.responseExcerpt).toBe(answer.slice(0, EXCERPT_CHARS));
  });

  it('does not follow a redirect: it is a failed try', async () => {
    handlers.set('/elsewhere', (_, res) => res.writeHead(200).end('followed'));
    const result = await post('/moved', (_, res) =>
      res.writeHead(302, { location: `${base}/elsewhere` }).end('moved'),
    );
    expect(result).toMatchObject({ ok: false, statusCode: 302, responseExcerpt: 'moved' });
    expect(requests.map((r) => r.path)).not.toContain('/elsewhere');
  });

  it('fails after the timeout when no answer comes, or the answer stalls', async () => {
    const silent = await post('/silent', () => undefined, 200);
    expect(silent).toMatchObject({
      ok: false,
      statusCode: null,
      responseExcerpt: null,
      error: 'no answer within 0.2 s',
    });
    expect(silent.durationMs).toBeGreaterThanOrEqual(190);
    const stalled = await post('/stalled', (_, res) => res.writeHead(200).write('part'), 200);
    expect(stalled).toMatchObject({ ok: false, statusCode: null, error: 'no answer within 0.2 s' });
  });

  it('throws when the hub stops it, rather than calling it a failed try', async () => {
    const stopping = new AbortController();
    handlers.set('/slow', () => stopping.abort());
    await expect(
      postWebhook({
        url: `${base}/slow`,
        body: '{}',
        headers: {},
        timeoutMs: 2_000,
        signal: stopping.signal,
      }),
    ).rejects.toThrow();
  });
});
