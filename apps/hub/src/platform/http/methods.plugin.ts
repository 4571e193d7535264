import type { Socket } from 'node:net';
import { SafenetError } from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { PageFallback } from './console.plugin.js';
import { problemOf, sendProblem } from './errors.plugin.js';

/** One route's method and its path pattern as a regular expression. */
interface KnownRoute {
  method: string;
  pattern: RegExp;
}

/** `/v1/contacts/:id` → `^/v1/contacts/[^/]+$`; `/docs/*` → `^/docs/.*$`. */
function patternOf(url: string): RegExp {
  const source = url
    .split('/')
    .map((part) => {
      if (part === '*') return '.*';
      if (part.startsWith(':')) return '[^/]+';
      return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

/**
 * The methods that name something a client may do to any resource of a JSON API (RFC 9110
 * and RFC 5789). On a known path that does not serve one of them the answer is 405; any
 * other method (`QUERY`, `TRACE`, `CONNECT`, WebDAV's) the hub serves nowhere: 501.
 */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

function notImplemented(method: string): SafenetError {
  return new SafenetError(
    'method_not_implemented',
    `This hub does not implement the ${method} method; use ${[...KNOWN_METHODS].join(', ')} (each path's own are in its Allow header and /openapi.json)`,
  );
}

/**
 * Answers what the router alone cannot: a method outside {@link KNOWN_METHODS} (`QUERY`,
 * `TRACE`) is `501 method_not_implemented` — Fastify would try to parse its body and answer
 * 500 — and a known method a known path does not serve is `405 method_not_allowed` with
 * `Allow`, not 404. Register it before the routes: it learns them as they are added. With
 * `pageFallback`, a page request nothing serves goes to it first (the console's page).
 */
export const methodsPlugin = fp(
  async (app: FastifyInstance, options: { pageFallback?: PageFallback } = {}) => {
    const routes: KnownRoute[] = [];
    app.addHook('onRoute', (route) => {
      for (const method of [route.method].flat()) {
        routes.push({ method, pattern: patternOf(route.url) });
      }
    });

    // Runs before Fastify looks at the body, on every route and on the not-found one.
    app.addHook('onRequest', async (request, reply) => {
      if (KNOWN_METHODS.has(request.method)) return;
      // The body is left unread: do not let its bytes be taken for the next request.
      reply.header('connection', 'close');
      throw notImplemented(request.method);
    });

    // Node's parser refuses methods it does not know (`FOO`) before Fastify sees the
    // request; answer those in the same problem shape instead of Fastify's bare 400.
    app.server.prependListener('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
      if (error.code !== 'HPE_INVALID_METHOD' || !socket.writable) return;
      // Which bytes the parser choked on is not reliable enough to name the method.
      const problem = problemOf(notImplemented('requested'));
      const body = JSON.stringify(problem);
      socket.end(
        `HTTP/1.1 501 Not Implemented\r\nContent-Type: application/problem+json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
      socket.destroy();
    });

    app.setNotFoundHandler((request, reply) => {
      // A browser opening a console page (`/broadcasts/…`): the console answers it.
      if (options.pageFallback?.(request, reply)) return reply;
      const path = request.url.split('?')[0] ?? request.url;
      const allowed = [
        ...new Set(routes.filter((r) => r.pattern.test(path)).map((r) => r.method)),
      ].sort();
      if (allowed.length > 0) {
        reply.header('allow', allowed.join(', '));
        return sendProblem(
          reply,
          new SafenetError(
            'method_not_allowed',
            `${path} does not serve ${request.method}; it serves ${allowed.join(', ')}`,
          ),
        );
      }
      return sendProblem(
        reply,
        new SafenetError(
          'route_not_found',
          `No endpoint ${request.method} ${path}; see /docs for the API`,
        ),
      );
    });
  },
  { name: 'safenet-methods', dependencies: ['safenet-errors'] },
);
