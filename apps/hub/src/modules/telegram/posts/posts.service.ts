import {
  type Language,
  type Page,
  SafenetError,
  type TelegramPost,
  type TelegramPostInput,
  type TelegramPostListQuery,
} from '@safenet/core';
import { fromKysely, type PgBoss } from 'pg-boss';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { keysetPage } from '../../../platform/database/keyset.js';
import { type DatabaseHandle, share } from '../../../platform/database/schema.js';
import type { AuthContext } from '../../../platform/tenancy/auth.js';
import { notFound, orgInScope } from '../../../platform/tenancy/lookups.js';
import { inSubtree } from '../../../platform/tenancy/scope.js';
import { campaignInScope } from '../../campaigns/index.js';
import {
  checkVariables,
  getRecommendation,
  publishedVersion,
  renderFor,
  resolveContent,
} from '../../content/index.js';
import { lockChatsInSubtree } from '../chats/chats.store.js';
import { own } from '../telegram.tables.js';
import { POST_QUEUE, type PostJob } from './posts.queues.js';
import { type PostRow, toPost } from './posts.store.js';

/** What making and reading posts needs. */
export interface PostDeps {
  db: DatabaseHandle;
  boss: PgBoss;
  now(): number;
}

/**
 * A post to connected chats of the organisation's subtree: checked like a broadcast (every
 * record in the caller's subtree, a recommendation published — its version fixed now — and
 * every `{{variable}}` given), then written with one `queued` target per chat and its job,
 * in one transaction: a refused post leaves nothing. A chat that is not `active` refuses the
 * whole post (`telegram_chat_unavailable`), naming it.
 */
export async function createPost(
  deps: PostDeps,
  auth: AuthContext,
  input: z.output<typeof TelegramPostInput>,
): Promise<TelegramPost> {
  const db = deps.db;
  await orgInScope(own(db), auth, input.orgId);
  if (input.campaignId) await campaignInScope(db, auth, input.campaignId);
  let version: { id: string; number: number } | null = null;
  if ('recommendationId' in input.content) {
    await getRecommendation(db, auth, input.content.recommendationId);
    const published = await publishedVersion(db, input.content.recommendationId);
    version = { id: published.id, number: published.number };
  }
  const content = await resolveContent(db, input.content, version?.id ?? null);
  checkVariables(content, input.variables);

  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const chats = await lockChatsInSubtree(share(trx), input.orgId, input.chatIds);
      const missing = input.chatIds.find((id) => !chats.some((c) => c.id === id));
      if (missing !== undefined) throw notFound('Telegram chat', missing);
      const unavailable = chats.filter((c) => c.status !== 'active');
      if (unavailable.length > 0) {
        throw new SafenetError(
          'telegram_chat_unavailable',
          `The bot may not post in ${unavailable.map((c) => `“${c.title}” (${c.status})`).join(', ')}: connect it again or leave it out`,
        );
      }
      const mute = chats.find(
        (c) => renderFor(content, c.language as Language, input.variables) === undefined,
      );
      if (mute !== undefined) {
        throw new SafenetError(
          'content_unavailable',
          `The content has no text for “${mute.title}” (${mute.language}) nor a language it falls back to`,
        );
      }
      const now = new Date(deps.now());
      const sendAt = input.sendAt === undefined ? now : new Date(input.sendAt);
      const row = await trx
        .insertInto('telegram_posts')
        .values({
          id: uuidv7(),
          org_id: input.orgId,
          campaign_id: input.campaignId ?? null,
          content: JSON.stringify(input.content),
          content_version_id: version?.id ?? null,
          content_version: version?.number ?? null,
          variables: JSON.stringify(input.variables),
          send_at: sendAt,
          status: 'scheduled',
          created_at: now,
          updated_at: now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('telegram_post_targets')
        .values(chats.map((c) => ({ post_id: row.id, chat_ref: c.id, status: 'queued' })))
        .execute();
      await deps.boss.send(POST_QUEUE, { postId: row.id } satisfies PostJob, {
        db: fromKysely(trx),
        startAfter: sendAt,
      });
      return toPost(share(trx), row);
    });
}

/** A post of the caller's subtree, or 404. */
async function postInScope(db: DatabaseHandle, auth: AuthContext, id: string): Promise<PostRow> {
  const row = await own(db)
    .selectFrom('telegram_posts')
    .selectAll()
    .where('id', '=', id)
    .where(inSubtree('telegram_posts.org_id', auth.orgId))
    .executeTakeFirst();
  if (row === undefined) throw notFound('Telegram post', id);
  return row;
}

/** A post of the caller's subtree with its chats' outcomes. */
export async function getPost(
  db: DatabaseHandle,
  auth: AuthContext,
  id: string,
): Promise<TelegramPost> {
  return toPost(db, await postInScope(db, auth, id));
}

/** Posts of the subtree, newest first, a page at a time. */
export async function listPosts(
  db: DatabaseHandle,
  auth: AuthContext,
  query: z.output<typeof TelegramPostListQuery>,
): Promise<Page<TelegramPost>> {
  const root = query.orgId ?? auth.orgId;
  if (query.orgId !== undefined) await orgInScope(own(db), auth, root);
  const page = await keysetPage(
    own(db)
      .selectFrom('telegram_posts')
      .selectAll()
      .where(inSubtree('telegram_posts.org_id', root)),
    query,
    (row) => row,
    'desc',
  );
  return {
    items: await Promise.all(page.items.map((row) => toPost(db, row))),
    nextCursor: page.nextCursor,
  };
}

/**
 * Cancels a post that has not finished: chats not posted to yet end `cancelled`; what was
 * posted stays posted. 409 `telegram_post_not_cancellable` once it is `completed` or
 * `cancelled`.
 */
export async function cancelPost(
  deps: Pick<PostDeps, 'db' | 'now'>,
  auth: AuthContext,
  id: string,
): Promise<TelegramPost> {
  await postInScope(deps.db, auth, id);
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const row = await trx
        .selectFrom('telegram_posts')
        .selectAll()
        .where('id', '=', id)
        .forUpdate()
        .executeTakeFirstOrThrow();
      if (row.status === 'completed' || row.status === 'cancelled') {
        throw new SafenetError(
          'telegram_post_not_cancellable',
          `Telegram post ${id} is already ${row.status}`,
        );
      }
      const now = new Date(deps.now());
      await trx
        .updateTable('telegram_post_targets')
        .set({ status: 'cancelled' })
        .where('post_id', '=', id)
        .where('status', '=', 'queued')
        .execute();
      const cancelled = await trx
        .updateTable('telegram_posts')
        .set({ status: 'cancelled', updated_at: now })
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow();
      return toPost(share(trx), cancelled);
    });
}
