import type { TelegramPost } from '@safenet/core';
import type { Selectable } from 'kysely';
import type { ExecutorHandle } from '../../../platform/database/schema.js';
import { own, type TelegramPostsTable } from '../telegram.tables.js';

export type PostRow = Selectable<TelegramPostsTable>;

/** A post with its chats' outcomes, as the API shows it. */
export async function toPost(db: ExecutorHandle, row: PostRow): Promise<TelegramPost> {
  const targets = await own(db)
    .selectFrom('telegram_post_targets')
    .innerJoin('telegram_chats', 'telegram_chats.id', 'telegram_post_targets.chat_ref')
    .select([
      'telegram_post_targets.chat_ref',
      'telegram_chats.title',
      'telegram_post_targets.status',
      'telegram_post_targets.language',
      'telegram_post_targets.attempts',
      'telegram_post_targets.posted_at',
      'telegram_post_targets.error_code',
      'telegram_post_targets.error_message',
    ])
    .where('telegram_post_targets.post_id', '=', row.id)
    .orderBy('telegram_chats.title')
    .orderBy('telegram_post_targets.chat_ref')
    .execute();
  return {
    id: row.id,
    orgId: row.org_id,
    campaignId: row.campaign_id,
    content: row.content as TelegramPost['content'],
    contentVersion:
      row.content_version_id === null
        ? null
        : { id: row.content_version_id, number: row.content_version ?? 0 },
    variables: row.variables,
    sendAt: row.send_at.toISOString(),
    status: row.status as TelegramPost['status'],
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    targets: targets.map((t) => ({
      chatId: t.chat_ref,
      title: t.title,
      status: t.status as TelegramPost['targets'][number]['status'],
      language: t.language,
      attempts: t.attempts,
      postedAt: t.posted_at?.toISOString() ?? null,
      error: t.error_code === null ? null : { code: t.error_code, message: t.error_message ?? '' },
    })),
  };
}
