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
const CREDENTIAL_PATH = /^(\/v1\/unsubscribe\/|\/u\/)[^/?#]+/;

/**
 * A phone number: E.164 with a `+` (spaces, dots, dashes and brackets allowed), or a bare run
 * of 9–15 digits. Ids (UUIDs: hex and dashes) and dates do not match.
 */
const PHONE = /\+\d[\d\s().-]{6,}\d|(?<![\w-])\d{9,15}(?![\w-])/g;
const EMAIL = /[^\s@"'<>()[\],;:]+@[^\s@"'<>()[\],;:]+\.[A-Za-z]{2,}/g;
/** What any match of {@link PHONE} contains: a cheap test before it. */
const MAYBE_PHONE = /\+\d|\d{9}/;

/** Decodes a part of a URL; a malformed escape is judged as sent. */
function decoded(part: string, plusIsSpace: boolean): string {
  try {
    return decodeURIComponent(plusIsSpace ? part.replace(/\+/g, ' ') : part);
  } catch {
    return part;
  }
}

/** Whether a part of a URL, once decoded, holds a phone number or an email address. */
function holdsPersonalData(part: string, plusIsSpace: boolean): boolean {
  const text = decoded(part, plusIsSpace);
  return maskPersonalData(text) !== text;
}

/**
 * A request URL fit for a log: credential query parameters and the unsubscribe token are
 * replaced by {@link REDACTED}, and so is any path segment or query value that holds a phone
 * number or an email address, even percent-encoded (`%2B7701…`, `%40`); everything else is
 * kept as the client sent it.
 */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  const path = (at === -1 ? url : url.slice(0, at))
    .replace(CREDENTIAL_PATH, `$1${REDACTED}`)
    .split('/')
    .map((segment) => (holdsPersonalData(segment, false) ? REDACTED : segment))
    .join('/');
  if (at === -1) return path;
  const query = url
    .slice(at + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = eq === -1 ? pair : pair.slice(0, eq);
      if (CREDENTIAL_PARAM.test(decoded(name, true).toLowerCase())) return `${name}=${REDACTED}`;
      if (eq !== -1 && holdsPersonalData(pair.slice(eq + 1), true)) return `${name}=${REDACTED}`;
      return pair;
    })
    .join('&');
  return `${path}?${query}`;
}

/**
 * Text fit for a log: phone numbers and email addresses (a provider's error message quoting
 * the recipient, a database error quoting a duplicate) are replaced by {@link REDACTED}.
 */
export function maskPersonalData(text: string): string {
  // Every string of every log line comes here: skip the replacements that cannot match.
  const withoutEmails = text.includes('@') ? text.replace(EMAIL, REDACTED) : text;
  return MAYBE_PHONE.test(withoutEmails) ? withoutEmails.replace(PHONE, REDACTED) : withoutEmails;
}

/**
 * `error` with each of `texts` (a message's body and title, which a provider's error may
 * quote back) replaced by {@link REDACTED} in its message, its stack and its causes; its name,
 * code and a SafenetError's fields kept. Phone numbers and emails need no help: every log
 * line masks them. Texts shorter than 4 characters are left alone, or they would blot out
 * ordinary words.
 */
export function withoutQuotes<E>(error: E, texts: readonly string[]): E | Error {
  const quoted = texts.filter((text) => text.trim().length >= 4);
  if (quoted.length === 0 || typeof error !== 'object' || error === null) return error;
  const scrub = (text: string) =>
    quoted.reduce((result, quote) => result.split(quote).join(REDACTED), text);
  const scrubbed = (value: unknown, depth: number): unknown => {
    if (!(value instanceof Error) || depth > 3) return value;
    const copy: Error = Object.create(Object.getPrototypeOf(value) as object);
    Object.assign(copy, value);
    Object.defineProperty(copy, 'message', { value: scrub(value.message), writable: true });
    Object.defineProperty(copy, 'stack', { value: scrub(value.stack ?? ''), writable: true });
    if (value.cause !== undefined) {
      Object.defineProperty(copy, 'cause', { value: scrubbed(value.cause, depth + 1) });
    }
    return copy;
  };
  return scrubbed(error, 0) as E | Error;
}

/** A string literal of JSON, escapes included. */
const JSON_STRING = /"(?:[^"\\]|\\.)*"/g;

/**
 * A serialised log line with phone numbers and emails masked in every string it holds, keys
 * included — whatever logged it: a route, a module, Fastify, a child logger's bindings, a
 * message pino took from an error. Numbers (the time) are left alone: only JSON string
 * literals are looked at, and what replaces a match holds no quote or backslash, so the line
 * stays valid JSON. About 2 µs for a typical 230-byte line.
 */
export function maskLogLine(line: string): string {
  // A line that is not a JSON object (none should be) is masked whole.
  return line.startsWith('{')
    ? line.replace(JSON_STRING, maskPersonalData)
    : maskPersonalData(line);
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
  'x-csrf-token',
];

/**
 * The hub's logger: JSON lines (pino) where a request is its method and redacted URL only —
 * never its headers or body — and phone numbers and emails are masked in every line
 * ({@link maskLogLine}), errors' messages and stacks included. Message bodies are never
 * logged: nothing logs a request's body, and errors that may quote a message go through
 * {@link withoutQuotes}. `stream` is for tests that read the lines.
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
    hooks: { streamWrite: maskLogLine },
  };
}
