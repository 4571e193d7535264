import type { Language } from '@safenet/core';
import type { ChannelRegistry } from './channel-registry.js';

/** One email to one person, outside any broadcast: an invitation, a password reset link. */
export interface TransactionalEmail {
  /** Unique per email: its Message-ID comes from it, so a re-send is the same message. */
  id: string;
  /** The organisation it is sent for. */
  orgId: string;
  to: string;
  language: Language;
  subject: string;
  body: string;
}

/** Sends one {@link TransactionalEmail}; rejects with the adapter's `SafenetError`. */
export type SendEmail = (email: TransactionalEmail) => Promise<void>;

/** Longest a transactional email may take to hand to the SMTP server. */
const SEND_TIMEOUT_MS = 30_000;

/**
 * Sends transactional emails through the hub's email adapter — SMTP — or undefined when email
 * is not configured: the capture adapter would put the message, with its link, in the outbox
 * that every `read` key can list. Never a broadcast: no consent, no unsubscribe link, no
 * delivery record; one message to one address.
 */
export function transactionalMailer(registry: ChannelRegistry): SendEmail | undefined {
  const adapter = registry.adapterFor('email', []);
  if (adapter.provider === 'capture') return undefined;
  return async (email) => {
    await adapter.send(
      {
        // No broadcast and no contact: the email's own id stands in (the email adapter only
        // derives the Message-ID and its delivery header from `deliveryId`).
        deliveryId: email.id,
        broadcastId: email.id,
        contactId: email.id,
        orgId: email.orgId,
        to: email.to,
        language: email.language,
        title: email.subject,
        body: email.body,
      },
      { signal: AbortSignal.timeout(SEND_TIMEOUT_MS), attempt: 1 },
    );
  };
}
