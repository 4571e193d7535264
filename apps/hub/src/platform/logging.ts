import type { FastifyServerOptions } from 'fastify';

/** What replaces a credential or a piece of personal data in a log line. */
export const REDACTED = '[redacted]';

/**
 * Query parameters that carry a credential, whatever the route: the stream's
 * `access_token`, an `api_key` pasted into a URL, Meta's `hub.verify_token`, any signature.
 * Matched on the lower-cased name, so `X-Amz-Signature` and `apiKey` are caught too.
 */
const CREDENTIAL_PARAM = /token|secret|signature|^sig$|password|passwd|key|^auth|credential/;

/** Paths whose last segment is itself a credential: an unsubscribe link's signed token. */
const CREDENTIAL_PATH = /^(\/v1\/unsubscribe\/)[^/?#]+/;

/**
 * A phone number: E.164 with a `+` (spaces, dots, dashes and brackets allowed), or a bare run
 * of 9–15 digits. Ids (UUIDs: hex and dashes) and dates do not match.
 */
const PHONE = /\+\d[\d\s().-]{6,}\d|(?<![\w-])\d{9,15}(?![\w-])/g;
const EMAIL = /[^\s@"'<>()[\],;:]+@[^\s@"'<>()[\],;:]+\.[A-Za-z]{2,}/g;

/**
 * A request URL fit for a log: credential query parameters and the unsubscribe token are
 * replaced by {@link REDACTED}; everything else is kept as the client sent it.
 */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  const path = (at === -1 ? url : url.slice(0, at)).replace(CREDENTIAL_PATH, `$1${REDACTED}`);
  if (at === -1) return path;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      let decoded = name;
      try {
        decoded = decodeURIComponent(name.replace(/\+/g, ' '));
      } catch {
        // A malformed escape: judge the name as sent.
      }
      return CREDENTIAL_PARAM.test(decoded.toLowerCase()) ? `${name}=${REDACTED}` : pair;
    })
    .join('&');
  return `${path}?${query}`;
}

/**
 * Text fit for a log: phone numbers and email addresses (a provider's error message quoting
 * the recipient, a database error quoting a duplicate) are replaced by {@link REDACTED}.
 */
export function maskPersonalData(text: string): string {
  return text.replace(EMAIL, REDACTED).replace(PHONE, REDACTED);
}

interface LoggableError {
  name?: string;
  message?: string;
  stack?: string;
  code?: unknown;
  cause?: unknown;
}

/** An error as logged: type, code, message and stack with personal data masked; causes too. */
function serializeError(
  error: LoggableError,
  depth = 0,
): { type: string; message: string; stack: string; [key: string]: unknown } {
  if (typeof error !== 'object' || error === null) {
    return { type: typeof error, message: maskPersonalData(String(error)), stack: '' };
  }
  return {
    type: error.name ?? 'Error',
    ...(error.code !== undefined ? { code: error.code } : {}),
    message: maskPersonalData(String(error.message ?? '')),
    stack: maskPersonalData(error.stack ?? ''),
    ...(error.cause !== undefined && depth < 3
      ? { cause: serializeError(error.cause as LoggableError, depth + 1) }
      : {}),
  };
}

/** Headers that carry credentials; kept out of every log line even if someone logs headers. */
const CREDENTIAL_HEADERS = [
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'x-twilio-signature',
  'x-hub-signature',
  'x-hub-signature-256',
];

/**
 * The hub's logger: JSON lines (pino) where a request is its method and redacted URL only —
 * never its headers or body — and errors have personal data masked. `stream` is for tests
 * that read the lines.
 */
export function loggerOptions(
  level: string,
  stream?: NodeJS.WritableStream,
): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    redact: {
      paths: CREDENTIAL_HEADERS.flatMap((h) => [`req.headers["${h}"]`, `headers["${h}"]`]),
      censor: REDACTED,
    },
    serializers: {
      req: (req: { method: string; url: string }) => ({
        method: req.method,
        url: redactUrl(req.url),
      }),
      err: (error: LoggableError) => serializeError(error),
    },
  };
}
