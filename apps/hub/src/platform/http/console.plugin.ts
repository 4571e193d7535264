import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

/**
 * The console's pages: scripts and styles only from the hub itself (no inline script, no
 * eval), styles inline too (Mantine sets CSS variables and style attributes), images from
 * the hub or `data:` (the WhatsApp pairing QR code), requests and the stream's websocket to
 * the hub only, and no framing.
 */
export const CONSOLE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  // The page names the current hashed assets: always ask again, answer 304 when unchanged.
  'cache-control': 'no-cache',
  'content-security-policy': CONSOLE_CSP,
  'referrer-policy': 'same-origin',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
} as const;

/** Vite names files under assets/ by content hash: they never change, so cache them for good. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** Paths that belong to the API and the hub's own pages, never to the console. */
const NOT_CONSOLE = /^\/(v1|docs|openapi\.json|health|metrics)(\/|$|\?)/;

/** What the hub answers at `/` when the console was not built. */
const NOT_BUILT_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Safenet hub</title></head>
<body><main><h1>Safenet hub</h1>
<p>The console is not built. Build it with <code>npm run build -w @safenet/console</code>
(<code>npm start</code> builds it), or set <code>SAFENET_CONSOLE_DIR</code> to a built copy.</p>
<p>The API is under <a href="/v1">/v1</a>, described at <a href="/docs">/docs</a>.</p>
</main></body></html>
`;

/** The console's build beside the hub's package (apps/console/dist), from src/ or dist/. */
export function defaultConsoleDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return resolve(dir, '../console/dist');
}

/** Answers a request nothing else serves; true when it did (the console's page). */
export type PageFallback = (request: FastifyRequest, reply: FastifyReply) => boolean;

/** The console as the hub serves it: the plugin for its files and the single-page fallback. */
export interface ConsolePages {
  /** Whether a built console was found. */
  readonly built: boolean;
  readonly plugin: (app: FastifyInstance) => Promise<void>;
  /**
   * For the not-found handler: a `GET`/`HEAD` outside the API that accepts HTML gets the
   * console's page, whose router shows the path (`/broadcasts/…`, `/accept-invitation?…`).
   */
  readonly fallback: PageFallback;
}

/**
 * Serves the console built into `dir` at `/`: its hashed assets as immutable, its page with
 * a strict Content-Security-Policy at `/` and, as a fallback, at every other page path. The
 * page is read once at start; a console rebuilt while the hub runs needs a restart. Without
 * a build, `/` and page paths answer 503 with how to build it, and the API works as ever.
 */
export function consolePages(dir: string): ConsolePages {
  const indexFile = join(dir, 'index.html');
  const built = existsSync(indexFile);
  const page = built ? readFileSync(indexFile) : NOT_BUILT_PAGE;
  const status = built ? 200 : 503;
  const sendPage = (reply: FastifyReply) => reply.code(status).headers(PAGE_HEADERS).send(page);

  // Encapsulated (no fastify-plugin): the hook marks only the console's own routes.
  async function plugin(app: FastifyInstance) {
    app.addHook('onRoute', (route) => {
      route.config = { ...route.config, consoleFile: true };
    });
    app.get('/', { schema: { hide: true } }, async (_request, reply) => sendPage(reply));
    if (!built) return;
    await app.register(fastifyStatic, {
      root: dir,
      prefix: '/',
      // One route per file, found at start: no catch-all route shadowing the API's 404s.
      wildcard: false,
      index: false,
      globIgnore: ['index.html'],
      decorateReply: false,
      schemaHide: true,
      cacheControl: false,
      setHeaders: (reply, path) => {
        const assets = path.replaceAll('\\', '/').includes('/assets/');
        reply.header('cache-control', assets ? IMMUTABLE : 'no-cache');
        reply.header('x-content-type-options', 'nosniff');
      },
    });
  }

  function fallback(request: FastifyRequest, reply: FastifyReply): boolean {
    if (request.method !== 'GET' && request.method !== 'HEAD') return false;
    if (NOT_CONSOLE.test(request.url)) return false;
    if (!request.headers.accept?.includes('text/html')) return false;
    void sendPage(reply);
    return true;
  }

  return { built, plugin, fallback };
}
