import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the receiver got, as it came. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, as the signature covers it. */
  body: string;
  /** The status the receiver answered. */
  status: number;
}

/** What the receiver answers a request: a status and an optional body. */
export type WebhookAnswer = (request: Omit<ReceivedWebhook, 'status'>) => {
  status: number;
  body?: string;
};

/** A local webhook receiver on 127.0.0.1. */
export interface WebhookReceiver extends AsyncDisposable {
  /** `http://127.0.0.1:<port>`: endpoints are `${url}/<path>`. */
  url: string;
  /** Every request so far, in order. */
  received: ReceivedWebhook[];
  /** Changes what it answers from now on. */
  answer(answer: WebhookAnswer): void;
  /** Leaves requests to `path` unanswered (a timeout), until closed. */
  hang(path: string): void;
}

/**
 * Starts an HTTP server on a free loopback port that records every request and answers
 * through `answer` (default: 204). Tests pass an `answer` that verifies the signature, as a
 * real receiver would, and answers 401 when it does not.
 *
 * @example
 * await using receiver = await startWebhookReceiver((req) => ({ status: verified(req) ? 204 : 401 }));
 */
export async function startWebhookReceiver(
  answer: WebhookAnswer = () => ({ status: 204 }),
): Promise<WebhookReceiver> {
  let current = answer;
  const received: ReceivedWebhook[] = [];
  const hanging = new Set<string>();
  const held: ServerResponse[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = request.url ?? '/';
      if (hanging.has(path)) {
        held.push(response);
        return;
      }
      const seen = { path, headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      const { status, body } = current(seen);
      received.push({ ...seen, status });
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    received,
    answer(next) {
      current = next;
    },
    hang(path) {
      hanging.add(path);
    },
    async [Symbol.asyncDispose]() {
      for (const response of held) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
