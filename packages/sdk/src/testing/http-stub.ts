import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the stub hub saw it. */
export interface SeenRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body, or the bytes of any other type; `undefined` when there was none. */
  body: unknown;
}

/** What the stub answers: a JSON value, or a string or bytes (`Uint8Array`) sent as they are. */
export interface StubReply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Never answers: the request stays open until the stub is disposed (timeouts, aborts). */
  hang?: boolean;
  /** Answers once this settles: a request the test holds open as long as it likes. */
  until?: Promise<void>;
}

/** A hub stand-in on 127.0.0.1 that records requests and answers from a script. */
export interface HttpStub extends AsyncDisposable {
  url: string;
  requests: SeenRequest[];
}

/**
 * Starts a real HTTP server on a free loopback port. `answer` gets each request and its
 * 0-based index, so a test can script "fail twice, then succeed".
 *
 * @example
 * await using hub = await startHttpStub(() => ({ status: 200, body: { items: [], nextCursor: null } }));
 */
export async function startHttpStub(
  answer: (request: SeenRequest, index: number) => StubReply,
): Promise<HttpStub> {
  const requests: SeenRequest[] = [];
  let disposed!: () => void;
  const disposal = new Promise<void>((resolve) => {
    disposed = resolve;
  });
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const bytes = Buffer.concat(chunks);
    const raw = bytes.toString('utf8');
    const json = (req.headers['content-type'] ?? 'application/json').startsWith('application/json');
    const url = new URL(req.url ?? '/', 'http://stub');
    const seen: SeenRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body: raw === '' ? undefined : json ? JSON.parse(raw) : bytes,
    };
    requests.push(seen);
    const reply = answer(seen, requests.length - 1);
    if (reply.hang) await disposal;
    if (reply.until) await Promise.race([reply.until, disposal]);
    if (res.destroyed) return;
    const verbatim = typeof reply.body === 'string' || reply.body instanceof Uint8Array;
    const text =
      reply.body === undefined
        ? ''
        : verbatim
          ? (reply.body as string | Uint8Array)
          : JSON.stringify(reply.body);
    const type = reply.status >= 400 ? 'application/problem+json' : 'application/json';
    res.writeHead(reply.status, {
      ...(text.length > 0 && !verbatim ? { 'content-type': type } : {}),
      ...reply.headers,
    });
    res.end(text);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async [Symbol.asyncDispose]() {
      disposed();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** An RFC 9457 body as the hub sends it. */
export function problem(
  code: string,
  status: number,
  retryable: boolean,
  extra: Record<string, unknown> = {},
): StubReply {
  return {
    status,
    body: {
      type: `https://safenet.dev/errors/${code}`,
      title: code,
      status,
      code,
      retryable,
      ...extra,
    },
  };
}
