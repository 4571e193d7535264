import { type DeliveryReason, SafenetError } from '@safenet/core';
import { GrammyError, HttpError } from 'grammy';

/**
 * A Bot API refusal the hub acts on: Telegram answers an HTTP status as `error_code` and a
 * sentence as `description`, with no finer code, so the verdict reads the sentence.
 */
interface Refusal {
  /** Matches the `description`, e.g. `Forbidden: bot was blocked by the user`. */
  pattern: RegExp;
  reason: DeliveryReason;
  why: string;
}

/**
 * Permanent refusals about the chat, from the Bot API's answers (its documentation lists no
 * codes; these are the descriptions it sends). A person who blocked the bot withdrew
 * consent (the hub records it as such); a chat the bot cannot reach any more is an invalid
 * address on this channel, so the parent falls back to the next one.
 */
const REFUSALS: readonly Refusal[] = [
  {
    pattern: /bot was blocked by the user/i,
    reason: 'opted_out',
    why: 'The person blocked the bot',
  },
  {
    pattern: /user is deactivated/i,
    reason: 'invalid_address',
    why: 'The Telegram account was deleted',
  },
  {
    pattern: /bot was kicked|bot is not a member|have no rights to send|need administrator rights/i,
    reason: 'invalid_address',
    why: 'The bot is no longer in that group or channel',
  },
  {
    pattern: /can't initiate conversation/i,
    reason: 'invalid_address',
    why: 'The person never started the bot, so it may not write first',
  },
  {
    pattern: /chat not found|user not found|PEER_ID_INVALID|chat_id is empty/i,
    reason: 'invalid_address',
    why: 'Telegram knows no such chat for this bot',
  },
  {
    pattern: /group chat was upgraded to a supergroup/i,
    reason: 'invalid_address',
    why: 'The group became a supergroup with a new chat id',
  },
];

/**
 * Turns a failed Bot API call (grammY's `GrammyError` or `HttpError`) into a
 * {@link SafenetError}, with `providerCode` `<error_code> <description>`:
 *
 * - 429 → retryable `provider_unavailable`, `retryAfterSeconds` from `parameters.retry_after`,
 *   holding the whole channel (Telegram's flood control counts the bot's calls);
 * - 5xx, and no answer at all (refused connections, timeouts, a proxy's page that is not
 *   JSON) → retryable `provider_unavailable`;
 * - 401 and 404 (a wrong or revoked token: the Bot API answers `Unauthorized`, or `Not Found`
 *   for a token it cannot read) → retryable `provider_unavailable`, as every adapter treats
 *   the hub's own credential: the message should go out once an operator fixes it;
 * - 403 "bot was blocked by the user" → permanent, reason `opted_out`; a chat the bot cannot
 *   reach (deactivated account, kicked from the group, chat not found) → permanent
 *   `invalid_address` (see {@link REFUSALS});
 * - any other 4xx → permanent `provider_rejected`.
 *
 * Neither the message nor its `cause` holds the bot token (node-fetch names the URL, which
 * carries it, when a connection fails) or the text sent (grammY keeps the call's payload).
 */
export function classifyTelegramError(thrown: unknown, botToken: string): SafenetError {
  if (thrown instanceof SafenetError) return thrown;
  if (thrown instanceof GrammyError) return fromRefusal(thrown);
  const inner = thrown instanceof HttpError ? thrown.error : thrown;
  const detail = redact(inner instanceof Error ? inner.message : String(inner), botToken);
  const cause = new Error(detail);
  if (inner instanceof Error) cause.name = inner.name;
  return new SafenetError(
    'provider_unavailable',
    `The Telegram Bot API could not be reached: ${detail}`,
    { cause, reason: 'provider_unavailable', providerCode: 'network' },
  );
}

function fromRefusal(error: GrammyError): SafenetError {
  const status = error.error_code;
  const description = error.description;
  const providerCode = `${status} ${description}`;
  // A copy without `payload` (the text sent) and without the method's URL.
  const cause = {
    method: error.method,
    error_code: status,
    description,
    parameters: error.parameters,
  };
  const said = `(Bot API ${status}: ${description})`;

  if (status === 429) {
    const retryAfter = error.parameters.retry_after;
    return new SafenetError('provider_unavailable', `Telegram asked to slow down ${said}`, {
      cause,
      reason: 'provider_unavailable',
      providerCode,
      throttlesChannel: true,
      ...(typeof retryAfter === 'number' ? { retryAfterSeconds: retryAfter } : {}),
    });
  }
  if (status >= 500) {
    return new SafenetError('provider_unavailable', `Telegram failed temporarily ${said}`, {
      cause,
      reason: 'provider_unavailable',
      providerCode,
    });
  }
  if (status === 401 || status === 404) {
    return new SafenetError(
      'provider_unavailable',
      `Telegram refused the bot token (check it with BotFather) ${said}`,
      { cause, reason: 'provider_unavailable', providerCode },
    );
  }
  const refusal = REFUSALS.find((r) => r.pattern.test(description));
  return new SafenetError(
    'provider_rejected',
    `${refusal?.why ?? 'Telegram refused the message'} ${said}`,
    { cause, reason: refusal?.reason ?? 'provider_rejected', providerCode },
  );
}

/** `text` with every occurrence of the token replaced. */
function redact(text: string, botToken: string): string {
  return text.split(botToken).join('<bot token>');
}
