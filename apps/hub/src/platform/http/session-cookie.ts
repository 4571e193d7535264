import { timingSafeEqual } from 'node:crypto';
// The cookie plugin's types: `request.cookies`, `reply.setCookie`.
import type {} from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';

/** The cookie that holds a signed-in session's token (httpOnly: page scripts never see it). */
export const SESSION_COOKIE = 'safenet_session';

/** The header a request made with the session cookie carries its CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';

/** Methods that change something: with the session cookie, each needs the CSRF token. */
const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Whether `method` changes something (and so needs the CSRF token with a session). */
export function isWrite(method: string): boolean {
  return WRITES.has(method.toUpperCase());
}

/** Whether the request's `X-CSRF-Token` is `expected`, compared in constant time. */
export function csrfMatches(request: FastifyRequest, expected: string): boolean {
  const given = request.headers[CSRF_HEADER];
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The session token the request's cookie carries, or undefined. */
export function sessionToken(request: FastifyRequest): string | undefined {
  const token = request.cookies?.[SESSION_COOKIE];
  return token ? token : undefined;
}

/**
 * Whether cookies must be `Secure`: the request came over https (directly, or as the proxy
 * says when Fastify trusts it), or the hub's public URL is https.
 */
function secure(request: FastifyRequest, publicUrl: string): boolean {
  return request.protocol === 'https' || publicUrl.startsWith('https:');
}

/**
 * Sets the session cookie: httpOnly, SameSite=Lax (sent on top-level navigation to the hub,
 * never on cross-site subrequests or form posts), for the whole hub (the console is served
 * at `/`), kept by the browser as long as the session may last at most.
 */
export function setSessionCookie(
  reply: FastifyReply,
  token: string,
  options: { maxAgeSeconds: number; publicUrl: string },
): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: secure(reply.request, options.publicUrl),
    maxAge: options.maxAgeSeconds,
  });
}

/** Tells the browser to forget the session cookie. */
export function clearSessionCookie(reply: FastifyReply, publicUrl: string): void {
  reply.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    path: '/',
    secure: secure(reply.request, publicUrl),
  });
}

/**
 * Whether the request's `Origin` is the hub's own: the origin of its public URL, or the host
 * the request was sent to. A browser always sends `Origin` on websocket handshakes and
 * cross-site requests, so a page of another site opening the stream with the visitor's cookie
 * (cross-site WebSocket hijacking) or posting a sign-in form is told apart. No `Origin` (a
 * client that is not a browser) is not the hub's own.
 */
export function sameOrigin(request: FastifyRequest, publicUrl: string): boolean {
  const origin = request.headers.origin;
  if (!origin || origin === 'null') return false;
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.origin === new URL(publicUrl).origin) return true;
  const host = request.headers.host;
  if (!host || url.host === '') return false;
  // Read as a URL of the same scheme, so `localhost:80` and `http://localhost` agree.
  try {
    return new URL(`${url.protocol}//${host}`).host === url.host;
  } catch {
    return false;
  }
}

/**
 * Whether a request may go on to set a session cookie (sign in, accept an invitation): no
 * `Origin` (not a browser, or one that sends none) or the hub's own. A page of another site
 * posting a sign-in form (login CSRF) carries its own origin and is refused.
 */
export function notCrossSite(request: FastifyRequest, publicUrl: string): boolean {
  return request.headers.origin === undefined || sameOrigin(request, publicUrl);
}
