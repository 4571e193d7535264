import type { DatabaseHandle, ExecutorHandle } from '../../../platform/database/schema.js';
import { own } from '../telegram.tables.js';

/** A link as the bot reads it when opened. */
export interface LinkRow {
  contactId: string;
  orgId: string;
  expiresAt: Date;
  /** The chat that opened it; null while unopened. */
  chatHash: string | null;
}

/** Stores a new, unopened link of the contact. */
export async function insertLink(
  db: DatabaseHandle,
  link: { id: string; contactId: string; orgId: string; createdAt: Date; expiresAt: Date },
): Promise<void> {
  await own(db)
    .insertInto('telegram_links')
    .values({
      id: link.id,
      contact_id: link.contactId,
      org_id: link.orgId,
      created_at: link.createdAt,
      expires_at: link.expiresAt,
    })
    .execute();
}

/**
 * The link `id`, locked for the rest of the transaction (two chats opening one link at once:
 * the second waits and finds it used); undefined if there is none.
 */
export async function lockLink(trx: ExecutorHandle, id: string): Promise<LinkRow | undefined> {
  const row = await own(trx)
    .selectFrom('telegram_links')
    .select(['contact_id', 'org_id', 'expires_at', 'chat_hash'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return (
    row && {
      contactId: row.contact_id,
      orgId: row.org_id,
      expiresAt: row.expires_at,
      chatHash: row.chat_hash,
    }
  );
}

/** Marks the link opened by the chat `chatHash`. */
export async function markLinkUsed(
  trx: ExecutorHandle,
  id: string,
  chatHash: string,
  now: Date,
): Promise<void> {
  await own(trx)
    .updateTable('telegram_links')
    .set({ used_at: now, chat_hash: chatHash })
    .where('id', '=', id)
    .execute();
}

/** The organisation's name (what a parent is told their messages come from). */
export async function organisationName(db: ExecutorHandle, orgId: string): Promise<string> {
  const row = await own(db)
    .selectFrom('organisations')
    .select('name')
    .where('id', '=', orgId)
    .executeTakeFirstOrThrow();
  return row.name;
}
