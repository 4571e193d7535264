import { SafenetError } from '@safenet/core';

/**
 * Error codes that mean the server could not be reached or the connection broke: nodemailer's
 * own (`ECONNECTION`, `ESOCKET`, …) and the Node.js socket errors it wraps (kept in
 * `originalCode`). All of them are worth retrying.
 */
const CONNECTION_CODES: ReadonlySet<string> = new Set([
  'ECONNECTION',
  'ESOCKET',
  'ETIMEDOUT',
  'EDNS',
  'ETLS',
  'EPROXY',
  'EABORT',
  'EMAXLIMIT',
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/**
 * Codes nodemailer raises before talking to the server about a message it cannot send at
 * all (no valid recipient, message too large): sending it again cannot help.
 */
const INVALID_MESSAGE_CODES: ReadonlySet<string> = new Set([
  'EENVELOPE',
  'EMESSAGE',
  'EMAXRECIPIENTS',
]);

/** The fields nodemailer sets on the errors it reports (see its `NodemailerError`). */
interface SmtpFailure {
  code?: unknown;
  originalCode?: unknown;
  responseCode?: unknown;
  response?: unknown;
  name?: unknown;
  message?: unknown;
}

/**
 * Turns a failed SMTP send into a {@link SafenetError}, keeping the original as `cause`:
 *
 * - a refused login (`EAUTH`, whatever the reply) → `provider_unavailable`: it says nothing
 *   about the message, only that the hub's credentials are wrong, and the message should go
 *   out once an operator fixes them rather than fail for good with every other one;
 * - an SMTP reply 4xx → `provider_unavailable` (retryable): the server asked to try later;
 *   about this recipient (`aboutRecipient`: a busy or full mailbox, greylisting), so it
 *   spends an attempt — except 421, the server itself closing for now;
 * - an SMTP reply 5xx → `provider_rejected` (permanent), except 503 "bad sequence of
 *   commands", which RFC 5321 (and nodemailer's `isPermanentResponseCode`) treats as a broken
 *   session rather than a verdict on the message;
 * - refused, reset or timed-out connections, aborts → `provider_unavailable`;
 * - a message nodemailer cannot send at all (no valid recipient) → `provider_rejected`;
 * - anything else → `provider_unavailable`, because losing a parent's message to an
 *   unexpected glitch is worse than one more attempt (the hub caps attempts).
 */
export function classifySmtpError(thrown: unknown): SafenetError {
  if (thrown instanceof SafenetError) return thrown;
  const failure: SmtpFailure = typeof thrown === 'object' && thrown !== null ? thrown : {};
  const reply = typeof failure.response === 'string' ? failure.response.trim() : '';
  const detail = reply || (typeof failure.message === 'string' ? failure.message : String(thrown));
  const fail = (
    code: 'provider_rejected' | 'provider_unavailable',
    why: string,
    aboutRecipient = false,
  ) =>
    new SafenetError(code, `${why}: ${detail}`, {
      cause: thrown,
      ...(aboutRecipient ? { aboutRecipient } : {}),
    });

  if (failure.code === 'EAUTH' || failure.code === 'ENOAUTH') {
    return fail('provider_unavailable', 'The SMTP server refused the login (check the SMTP URL)');
  }
  if (typeof failure.responseCode === 'number') {
    return isPermanentReply(failure.responseCode)
      ? fail('provider_rejected', 'The SMTP server refused the message')
      : fail(
          'provider_unavailable',
          'The SMTP server refused the message for now',
          failure.responseCode !== 421,
        );
  }
  if (isConnectionFailure(failure)) {
    return fail('provider_unavailable', 'The SMTP server could not be reached');
  }
  if (typeof failure.code === 'string' && INVALID_MESSAGE_CODES.has(failure.code)) {
    return fail('provider_rejected', 'The message cannot be sent by SMTP');
  }
  return fail('provider_unavailable', 'The SMTP send failed');
}

/** 5yz replies are final (RFC 5321 §4.2.1), except 503, a session out of step. */
function isPermanentReply(responseCode: number): boolean {
  return responseCode >= 500 && responseCode < 600 && responseCode !== 503;
}

function isConnectionFailure(failure: SmtpFailure): boolean {
  return (
    failure.name === 'AbortError' ||
    (typeof failure.code === 'string' && CONNECTION_CODES.has(failure.code)) ||
    (typeof failure.originalCode === 'string' && CONNECTION_CODES.has(failure.originalCode))
  );
}
