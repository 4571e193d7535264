import { SafenetError } from '@safenet/core';

/**
 * Words WhatsApp and whatsapp-web.js use when the account itself is blocked: `TOS_BLOCK` and
 * `SMB_TOS_BLOCK` are the `WAState`s of a banned personal or business number.
 */
const BAN = /\b(?:banned|ban|blocked|(?:smb_)?tos_block)\b/i;

/**
 * What puppeteer says when the WhatsApp Web page or browser went away mid-call, or when a
 * call inside the page failed (`Evaluation failed: …` wraps every in-page error).
 */
const BROKEN_PAGE =
  /evaluation failed|protocol error|target closed|session closed|execution context was destroyed|detached frame|page has been closed|navigat|connection closed|timed? ?out/i;

/** Whether a `WAState` or disconnect reason means WhatsApp blocked the number. */
export function isBanState(state: string): boolean {
  return /^(?:smb_)?tos_block$/i.test(state);
}

/** A failed whatsapp-web.js call turned into a {@link SafenetError}, and whether it was a ban. */
export interface ClassifiedFailure {
  error: SafenetError;
  /** True when the account looks banned: the session is unusable until an operator acts. */
  banned: boolean;
}

/**
 * Classifies what `getNumberId` or `sendMessage` threw, keeping it as `cause`:
 *
 * - anything mentioning a ban or block → `provider_rejected` (permanent) and `banned`: sending
 *   again from a banned number cannot work and would only make things worse;
 * - a page that closed or an in-page call that failed (`Evaluation failed`, `Target closed`,
 *   a disconnect mid-send) → `provider_unavailable` (retryable): the message may go out once
 *   the phone is reconnected;
 * - anything else → `provider_unavailable` too, because losing a parent's message to an
 *   unexpected glitch is worse than one more attempt (the hub caps attempts).
 */
export function classifyWhatsAppWebError(thrown: unknown): ClassifiedFailure {
  if (thrown instanceof SafenetError) return { error: thrown, banned: false };
  const detail = thrown instanceof Error ? thrown.message : String(thrown);
  if (BAN.test(detail)) {
    const error = new SafenetError(
      'provider_rejected',
      `WhatsApp refused the message; the number looks banned: ${detail}`,
      { cause: thrown, reason: 'provider_rejected' },
    );
    return { error, banned: true };
  }
  const why = BROKEN_PAGE.test(detail)
    ? 'WhatsApp Web failed or disconnected during the send'
    : 'The WhatsApp Web send failed';
  return {
    error: new SafenetError('provider_unavailable', `${why}: ${detail}`, { cause: thrown }),
    banned: false,
  };
}
