import type { TelegramChat } from '@safenet/core';
import type { Selectable } from 'kysely';
import type { ExecutorHandle } from '../../../platform/database/schema.js';
import { inSubtree } from '../../../platform/tenancy/scope.js';
import { own, type TelegramChatsTable } from '../telegram.tables.js';

export type ChatRow = Selectable<TelegramChatsTable>;

/** A chat as the API shows it. */
export function toChat(row: ChatRow): TelegramChat {
  return {
    id: row.id,
    orgId: row.org_id,
    telegramChatId: String(row.chat_id),
    type: row.type as TelegramChat['type'],
    title: row.title,
    username: row.username,
    language: row.language as TelegramChat['language'],
    status: row.status as TelegramChat['status'],
    connectedAt: row.connected_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

/** The chat with Telegram's id `chatId`, locked for the transaction; undefined if unknown. */
export async function lockChatByTelegramId(
  trx: ExecutorHandle,
  chatId: number,
): Promise<ChatRow | undefined> {
  return own(trx)
    .selectFrom('telegram_chats')
    .selectAll()
    .where('chat_id', '=', String(chatId))
    .forUpdate()
    .executeTakeFirst();
}

/** Chats of the subtree of `rootOrgId` (and of `status`), by title. */
export async function chatsInSubtree(
  db: ExecutorHandle,
  rootOrgId: string,
  status?: string,
): Promise<ChatRow[]> {
  let query = own(db)
    .selectFrom('telegram_chats')
    .selectAll()
    .where(inSubtree('telegram_chats.org_id', rootOrgId));
  if (status !== undefined) query = query.where('status', '=', status);
  return query.orderBy('title').orderBy('id').execute();
}

/** The chats `ids` that lie in the subtree of `rootOrgId`, locked for the transaction. */
export async function lockChatsInSubtree(
  trx: ExecutorHandle,
  rootOrgId: string,
  ids: readonly string[],
): Promise<ChatRow[]> {
  return own(trx)
    .selectFrom('telegram_chats')
    .selectAll()
    .where('id', 'in', ids)
    .where(inSubtree('telegram_chats.org_id', rootOrgId))
    .forShare()
    .execute();
}

/** Changes what Telegram says of a chat: its status, title, username or id. */
export async function updateChat(
  db: ExecutorHandle,
  id: string,
  change: Partial<Pick<ChatRow, 'status' | 'title' | 'username' | 'language'>> & {
    chat_id?: number;
  },
  now: Date,
): Promise<ChatRow | undefined> {
  return own(db)
    .updateTable('telegram_chats')
    .set({ ...change, updated_at: now })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}
