import { type Language, SafenetError, type TelegramLink } from '@safenet/core';
import { sql } from 'kysely';
import { toString as qrSvgOf } from 'qrcode';
import { v7 as uuidv7 } from 'uuid';
import { type DatabaseHandle, share } from '../../../platform/database/schema.js';
import { BY_CONTACT, setConsent } from '../../consent/index.js';
import {
  type ContactRow,
  contactsByAddress,
  contactsByIds,
  setContactAddress,
} from '../../contacts/index.js';
import { own } from '../telegram.tables.js';
import { linkTokens } from './link-token.js';
import { insertLink, lockLink, markLinkUsed, organisationName } from './links.store.js';

const DAY_MS = 86_400_000;
/** What the consent history says a deep link's and /stop's changes came from. */
export const LINK_SOURCE = 'telegram deep link';
export const STOP_SOURCE = 'telegram /stop';

/** What making and opening links needs. */
export interface LinkDeps {
  db: DatabaseHandle;
  now(): number;
  /** The key that signs link tokens (a `hub_secrets` row of its own, made at first use). */
  secret(): Promise<string>;
  /** The keyed hash that names a chat in the module's tables (the intake's). */
  chatKey(chatId: number): Promise<string>;
  /** The bot's username; null: no link can be made (`telegram_not_configured`). */
  botUsername: string | null;
  linkTtlDays: number;
}

/**
 * A new deep link for `contact` (already checked to be in the caller's subtree). Earlier
 * unopened links of the contact stay valid until they expire: a letter with one may already
 * be on its way, and each link still binds only the one chat that opens it first.
 */
export async function createLink(
  deps: Omit<LinkDeps, 'chatKey'>,
  contact: Pick<ContactRow, 'id' | 'org_id'>,
): Promise<TelegramLink> {
  if (deps.botUsername === null) {
    throw new SafenetError(
      'telegram_not_configured',
      'Set SAFENET_TELEGRAM_BOT_TOKEN, SAFENET_TELEGRAM_WEBHOOK_SECRET and SAFENET_TELEGRAM_BOT_USERNAME (the bot’s username from BotFather) to give contacts Telegram links',
    );
  }
  const id = uuidv7();
  const now = deps.now();
  const expiresAt = new Date(now + deps.linkTtlDays * DAY_MS);
  await insertLink(deps.db, {
    id,
    contactId: contact.id,
    orgId: contact.org_id,
    createdAt: new Date(now),
    expiresAt,
  });
  const token = linkTokens.sign(await deps.secret(), id);
  const url = `https://t.me/${deps.botUsername}?start=${token}`;
  return {
    url,
    token,
    expiresAt: expiresAt.toISOString(),
    qrSvg: await qrSvgOf(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 }),
  };
}

/** What opening a link came to: bound (in the contact's language), or why not. */
export type Opened =
  | { kind: 'linked'; language: Language; orgName: string }
  | { kind: 'invalid' | 'expired' | 'used' };

/**
 * `/start <token>` from the private chat `chatId`. A link the hub signed, unexpired and not
 * opened by another chat binds the chat to its contact, in one transaction: the contact's
 * Telegram address becomes the chat id, consent on `telegram` is granted by the contact
 * (`telegram deep link`), the link is marked used. The same chat opening it again changes
 * nothing while it is still bound and consenting, and grants again after a /stop (expired or
 * not: the link was theirs). Anything else changes nothing.
 */
export async function openLink(deps: LinkDeps, token: string, chatId: number): Promise<Opened> {
  const linkId = linkTokens.read(await deps.secret(), token);
  if (linkId === undefined) return { kind: 'invalid' };
  const chatHash = await deps.chatKey(chatId);
  return own(deps.db)
    .transaction()
    .execute(async (trx): Promise<Opened> => {
      const db = share(trx);
      const link = await lockLink(db, linkId);
      // Gone with its contact (an erasure), or never stored.
      if (link === undefined) return { kind: 'invalid' };
      if (link.chatHash !== null && link.chatHash !== chatHash) return { kind: 'used' };
      const now = deps.now();
      if (link.chatHash === null && link.expiresAt.getTime() <= now) return { kind: 'expired' };
      const [contact] = await contactsByIds(db, [link.contactId]);
      if (contact === undefined) return { kind: 'invalid' };
      if (link.chatHash === null) await markLinkUsed(db, linkId, chatHash, new Date(now));
      const address = String(chatId);
      const bound =
        contact.addresses.telegram === address && contact.consents.telegram?.status === 'granted';
      if (!bound) {
        await setContactAddress(db, contact.id, 'telegram', address, new Date(now));
        await setConsent(
          { db, now: deps.now },
          sql<boolean>`contacts.id = ${contact.id}::uuid`,
          'telegram',
          { status: 'granted', source: LINK_SOURCE, at: new Date(now).toISOString() },
          BY_CONTACT,
        );
      }
      return {
        kind: 'linked',
        language: contact.language as Language,
        orgName: await organisationName(db, link.orgId),
      };
    });
}

/**
 * `/stop` from the private chat `chatId`: consent on `telegram` withdrawn by the contact
 * (`telegram /stop`) for every contact with this chat as its address — a parent in two
 * schools' lists stops both. Answers the first one's language, or null for a chat no contact
 * has (nothing changes).
 */
export async function stopChat(
  deps: Pick<LinkDeps, 'db' | 'now'>,
  chatId: number,
): Promise<Language | null> {
  const contacts = await contactsByAddress(deps.db, 'telegram', String(chatId));
  const [first] = contacts;
  if (first === undefined) return null;
  await setConsent(
    { db: deps.db, now: deps.now },
    sql<boolean>`contacts.id = any(${contacts.map((c) => c.id)}::uuid[])`,
    'telegram',
    { status: 'revoked', source: STOP_SOURCE, at: new Date(deps.now()).toISOString() },
    BY_CONTACT,
  );
  return first.language as Language;
}
