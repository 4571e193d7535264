import type { ChannelAdapter, OutgoingMessage } from '@safenet/channels';
import { type Language, SafenetError, type TelegramPost } from '@safenet/core';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../../platform/database/schema.js';
import type { AttachmentFiles } from '../../content/index.js';
import { renderFor, resolveContent } from '../../content/index.js';
import type { PacedSender } from '../../delivery/index.js';
import { updateChat } from '../chats/chats.store.js';
import { own } from '../telegram.tables.js';

/** Attempts a chat gets while Telegram fails for its own reasons (5xx, no answer). */
export const POST_ATTEMPTS = 6;
/** A chat claimed longer ago than this without an outcome: its worker stopped mid-post. */
export const STALE_CLAIM_MS = 10 * 60_000;
/** Waits before a chat's next attempt after a failure of Telegram's own, by attempt. */
const BACKOFF_MS = [5_000, 30_000, 120_000, 600_000, 1_800_000] as const;
const LONGEST_BACKOFF_MS = BACKOFF_MS[BACKOFF_MS.length - 1] as number;

/** What posting needs. */
export interface PostWorkerDeps {
  db: DatabaseHandle;
  now(): number;
  /** The Telegram adapter of the organisation's chats (the channel registry's). */
  adapterFor(orgId: string): Promise<ChannelAdapter>;
  /** Sends within the channel's shared pacing (delivery module). */
  send: PacedSender;
  files: Pick<AttachmentFiles, 'forVersion'>;
  /** Tests only: runs between a chat's claim and its send. */
  interleave?: (point: 'claimed') => Promise<void>;
}

/**
 * Posts a post to its chats that are due, one at a time through the channel's pacing, and
 * answers when to come back (a chat held by flood control or a retry), or null once every
 * chat has its outcome. A chat is claimed (`queued` → `sending`, a conditional update) before
 * it is posted to, so two workers on one post never post twice; a claim left without an
 * outcome (the worker stopped) fails as unknown rather than risk a second post.
 */
export async function runPost(deps: PostWorkerDeps, postId: string): Promise<number | null> {
  const db = own(deps.db);
  const now = () => new Date(deps.now());
  const post = await db
    .updateTable('telegram_posts')
    .set({ status: 'sending', updated_at: now() })
    .where('id', '=', postId)
    .where('status', 'in', ['scheduled', 'sending'])
    .returningAll()
    .executeTakeFirst();
  if (post === undefined) return null;
  await db
    .updateTable('telegram_post_targets')
    .set({
      status: 'failed',
      error_code: 'provider_unavailable',
      error_message:
        'The hub stopped while posting here: whether Telegram took the post is unknown, so it is not posted again',
    })
    .where('post_id', '=', postId)
    .where('status', '=', 'sending')
    .where('claimed_at', '<', new Date(deps.now() - STALE_CLAIM_MS))
    .execute();

  const content = await resolveContent(
    deps.db,
    post.content as TelegramPost['content'],
    post.content_version_id,
  );
  const files = await deps.files.forVersion(deps.db, post.content_version_id);
  const adapter = await deps.adapterFor(post.org_id);

  for (;;) {
    // The next due chat nobody is claiming: two workers on one post take different chats.
    const target = await db
      .updateTable('telegram_post_targets')
      .set((eb) => ({ status: 'sending', claimed_at: now(), attempts: eb('attempts', '+', 1) }))
      .where('post_id', '=', postId)
      .where('chat_ref', '=', (eb) =>
        eb
          .selectFrom('telegram_post_targets')
          .select('chat_ref')
          .where('post_id', '=', postId)
          .where('status', '=', 'queued')
          .where((w) => w.or([w('next_attempt_at', 'is', null), w('next_attempt_at', '<=', now())]))
          .orderBy('chat_ref')
          .limit(1)
          .forUpdate()
          .skipLocked(),
      )
      .where('status', '=', 'queued')
      .returningAll()
      .executeTakeFirst();
    if (target === undefined) break;
    await deps.interleave?.('claimed');
    const chat = await db
      .selectFrom('telegram_chats')
      .selectAll()
      .where('id', '=', target.chat_ref)
      .executeTakeFirstOrThrow();
    const settle = (change: Record<string, unknown>) =>
      db
        .updateTable('telegram_post_targets')
        .set(change)
        .where('post_id', '=', postId)
        .where('chat_ref', '=', target.chat_ref)
        .where('status', '=', 'sending')
        .execute();
    if (chat.status !== 'active') {
      await settle({
        status: 'failed',
        error_code: 'telegram_chat_unavailable',
        error_message: `The bot may not post in “${chat.title}” (${chat.status})`,
      });
      continue;
    }
    const rendered = renderFor(content, chat.language as Language, {
      ...(post.variables as Record<string, string>),
      signposting: '',
    });
    if (rendered === undefined) {
      await settle({
        status: 'failed',
        error_code: 'content_unavailable',
        error_message: `The content has no text in ${chat.language} nor a fallback of it`,
      });
      continue;
    }
    const message: OutgoingMessage = {
      deliveryId: `${postId}:${chat.id}`,
      broadcastId: postId,
      orgId: post.org_id,
      contactId: chat.id,
      to: String(chat.chat_id),
      language: rendered.language,
      title: rendered.title,
      body: rendered.body,
      attachments: files,
    };
    try {
      const sent = await deps.send(adapter, message, target.attempts);
      if (sent.kind === 'later') {
        await settle({
          status: 'queued',
          attempts: sql`attempts - 1`,
          next_attempt_at: new Date(deps.now() + sent.afterMs),
        });
        continue;
      }
      await settle({
        status: 'posted',
        language: rendered.language,
        posted_at: now(),
        provider_message_id: sent.result.providerMessageId,
        error_code: null,
        error_message: null,
      });
    } catch (thrown) {
      if (!(thrown instanceof SafenetError)) {
        await settle({ status: 'queued', next_attempt_at: new Date(deps.now() + BACKOFF_MS[0]) });
        throw thrown;
      }
      if (thrown.reason === 'invalid_address' || thrown.reason === 'opted_out') {
        // Removed from the chat, or no longer allowed to post: the chat says so until an
        // administrator connects it again.
        const status = /rights|restricted/i.test(thrown.providerCode ?? '')
          ? 'no_rights'
          : 'removed';
        await updateChat(deps.db, chat.id, { status }, now());
        await settle({
          status: 'failed',
          error_code: 'telegram_chat_unavailable',
          error_message: thrown.message,
        });
      } else if (thrown.retryable && target.attempts < POST_ATTEMPTS) {
        const waitMs =
          thrown.retryAfterSeconds !== undefined
            ? thrown.retryAfterSeconds * 1000
            : (BACKOFF_MS[target.attempts - 1] ?? LONGEST_BACKOFF_MS);
        await settle({
          status: 'queued',
          // Flood control is not the chat's fault: it spends no attempt.
          ...(thrown.throttlesChannel ? { attempts: sql`attempts - 1` } : {}),
          next_attempt_at: new Date(deps.now() + waitMs),
          error_code: thrown.code,
          error_message: thrown.message,
        });
      } else {
        await settle({ status: 'failed', error_code: thrown.code, error_message: thrown.message });
      }
    }
  }

  const pending = await db
    .selectFrom('telegram_post_targets')
    .select(sql<Date | null>`min(next_attempt_at)`.as('next'))
    .select(sql<string>`count(*)`.as('count'))
    .where('post_id', '=', postId)
    .where('status', 'in', ['queued', 'sending'])
    .executeTakeFirstOrThrow();
  if (Number(pending.count) === 0) {
    await db
      .updateTable('telegram_posts')
      .set({ status: 'completed', updated_at: now() })
      .where('id', '=', postId)
      .where('status', '=', 'sending')
      .execute();
    return null;
  }
  // Chats another worker is posting to now: look again after its send could have timed out.
  const next = pending.next === null ? deps.now() + 30_000 : new Date(pending.next).getTime();
  return Math.max(0, next - deps.now());
}
