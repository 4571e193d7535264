import type { Consent } from '@safenet/core';
import { sql } from 'kysely';
import { BY_CONTACT, setConsent } from './consent.service.js';
import type { Db } from './consent.tables.js';
import type { UnsubscribeTarget } from './unsubscribe-token.js';

/** How the contact unsubscribed, recorded as the consent's evidence. */
export const UNSUBSCRIBE_SOURCES = {
  oneClick: 'one-click unsubscribe (RFC 8058)',
  link: 'unsubscribe link',
} as const;

/**
 * Withdraws the consent a link names, as of `at` (the click). Idempotent: consent already
 * withdrawn is left as it is, keeping the first withdrawal's time and evidence; a consent
 * newer than `at` is never overridden; a deleted contact changes nothing.
 * Returns whether this call changed anything (the answer to the client is the same).
 */
export async function withdrawConsentByLink(
  db: Db,
  target: UnsubscribeTarget,
  source: string,
  at: Date = new Date(),
): Promise<boolean> {
  const consent: Consent = { status: 'revoked', source, at: at.toISOString() };
  const changed = await setConsent(
    { db },
    sql<boolean>`contacts.id = ${target.contactId}::uuid
      and coalesce(contacts.consents -> ${target.channel}::text ->> 'status', '') <> 'revoked'`,
    target.channel,
    consent,
    BY_CONTACT,
  );
  return changed > 0;
}

/** The language of the contact a link names, for its page; null when the contact is gone. */
export async function contactLanguageOf(db: Db, contactId: string): Promise<string | null> {
  const row = await db
    .selectFrom('contacts')
    .select('language')
    .where('id', '=', contactId)
    .executeTakeFirst();
  return row?.language ?? null;
}
