import { createHmac } from 'node:crypto';
import type { Language } from '@safenet/core';
import type { DatabaseHandle } from '../../../platform/database/schema.js';
import { lazySecret } from '../../../platform/database/secrets.js';
import { own } from '../telegram.tables.js';
import { DRAFT_TTL_MS, type IntakeDraft, type IntakeStep } from './intake.draft.js';

/** One chat's conversation as stored. */
export interface Conversation {
  step: IntakeStep;
  language: Language;
  draft: IntakeDraft;
}

const SECRET_NAME = 'telegram-chat-key';
/** Separates this use of the hub secret from any other. */
const CONTEXT = 'safenet telegram chat v1\n';

/**
 * What names a chat in the table: HMAC-SHA-256 of its id with a secret of this hub (generated
 * on first use, kept in `hub_secrets`), so the table names no Telegram chat or user, and the
 * hash of one chat on another hub is another.
 */
export function chatKeyer(db: DatabaseHandle): (chatId: number) => Promise<string> {
  const secret = lazySecret(own(db), SECRET_NAME);
  return async (chatId) => {
    return createHmac('sha256', await secret())
      .update(CONTEXT)
      .update(String(chatId))
      .digest('base64url');
  };
}

/** The chat's conversation, or undefined; a lapsed one is deleted and read as none. */
export async function readConversation(
  db: DatabaseHandle,
  chatHash: string,
  now: number,
): Promise<Conversation | undefined> {
  const q = own(db);
  const row = await q
    .selectFrom('telegram_intake')
    .select(['step', 'language', 'draft', 'expires_at'])
    .where('chat_hash', '=', chatHash)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.expires_at.getTime() <= now) {
    await q
      .deleteFrom('telegram_intake')
      .where('chat_hash', '=', chatHash)
      .where('expires_at', '<=', new Date(now))
      .execute();
    return undefined;
  }
  return { step: row.step as IntakeStep, language: row.language as Language, draft: row.draft };
}

/**
 * Keeps the chat's conversation for another 24 hours. Lapsed conversations of every chat go
 * at the same time: the table holds only drafts someone answered within a day.
 */
export async function saveConversation(
  db: DatabaseHandle,
  chatHash: string,
  conversation: Conversation,
  now: number,
): Promise<void> {
  const q = own(db);
  const row = {
    chat_hash: chatHash,
    step: conversation.step,
    language: conversation.language,
    draft: JSON.stringify(conversation.draft),
    updated_at: new Date(now),
    expires_at: new Date(now + DRAFT_TTL_MS),
  };
  await q.deleteFrom('telegram_intake').where('expires_at', '<=', new Date(now)).execute();
  await q
    .insertInto('telegram_intake')
    .values(row)
    .onConflict((oc) =>
      oc.column('chat_hash').doUpdateSet({
        step: row.step,
        language: row.language,
        draft: row.draft,
        updated_at: row.updated_at,
        expires_at: row.expires_at,
      }),
    )
    .execute();
}

/**
 * Takes the chat's conversation out of the table and answers it (undefined if there was none,
 * or it lapsed): of two presses of Send at once, one takes it and the other finds nothing, so
 * a report is submitted once.
 */
export async function takeConversation(
  db: DatabaseHandle,
  chatHash: string,
  now: number,
): Promise<Conversation | undefined> {
  const row = await own(db)
    .deleteFrom('telegram_intake')
    .where('chat_hash', '=', chatHash)
    .returning(['step', 'language', 'draft', 'expires_at'])
    .executeTakeFirst();
  if (!row || row.expires_at.getTime() <= now) return undefined;
  return { step: row.step as IntakeStep, language: row.language as Language, draft: row.draft };
}

/** Drops the chat's conversation; answers whether there was one. */
export async function dropConversation(db: DatabaseHandle, chatHash: string): Promise<boolean> {
  const result = await own(db)
    .deleteFrom('telegram_intake')
    .where('chat_hash', '=', chatHash)
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** The ids of the organisations with this code (one, when the hub is set up right). */
export async function organisationsWithCode(db: DatabaseHandle, code: string): Promise<string[]> {
  const rows = await own(db)
    .selectFrom('organisations')
    .select('id')
    .where('code', '=', code)
    .execute();
  return rows.map((row) => row.id);
}
