import { z } from 'zod';
import { BroadcastContentInput } from '../broadcast/broadcast.schema.js';
import { TELEGRAM_POST_STATUSES, TELEGRAM_POST_TARGET_STATUSES } from '../vocabulary.js';

export { TELEGRAM_POST_STATUSES, TELEGRAM_POST_TARGET_STATUSES };

import { Id, Timestamp } from '../common/common.schema.js';

/**
 * A post to Telegram groups and channels the organisation's subtree connected (`POST
 * /v1/telegram/posts`): the same content a broadcast sends — a recommendation (its published
 * version, fixed now) or text of its own, with `{{variables}}` — posted once in each chat, in
 * the chat's language. Chats are a target of their own: a post reaches nobody's private chat,
 * and a broadcast no group.
 *
 * @example
 * { orgId, chatIds: [committeeChatId], content: { recommendationId },
 *   variables: { hotline: '111' }, sendAt: '2017-04-10T09:00:00+06:00' }
 */
export const TelegramPostInput = z.strictObject({
  orgId: Id,
  campaignId: Id.optional(),
  chatIds: z
    .array(Id)
    .min(1)
    .max(100)
    .refine((list) => new Set(list).size === list.length, { message: 'list each chat once' })
    .meta({ uniqueItems: true })
    .describe('Connected chats (`GET /v1/telegram/chats`) of the organisation’s subtree'),
  content: BroadcastContentInput,
  variables: z
    .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/), z.string().max(1000))
    .default({})
    .describe('Values for {{variables}} in the content'),
  sendAt: Timestamp.optional().describe('When to post; now when omitted'),
});
export type TelegramPostInput = z.input<typeof TelegramPostInput>;

/** One chat of a post, and what came of posting there. */
export const TelegramPostTarget = z.object({
  chatId: Id,
  title: z.string().describe('The chat’s title now'),
  status: z.enum(TELEGRAM_POST_TARGET_STATUSES),
  language: z
    .string()
    .nullable()
    .describe('The language posted, after fallback; null until posted'),
  attempts: z.int(),
  postedAt: Timestamp.nullable(),
  error: z
    .object({ code: z.string(), message: z.string() })
    .nullable()
    .describe('Why it failed: e.g. `telegram_chat_unavailable` when the bot was removed'),
});
export type TelegramPostTarget = z.infer<typeof TelegramPostTarget>;

/** A post and its chats' outcomes. */
export const TelegramPost = z.object({
  id: Id,
  orgId: Id,
  campaignId: Id.nullable(),
  content: z.union([
    z.object({ recommendationId: Id }),
    z.object({
      title: z.record(z.string(), z.string()).optional(),
      body: z.record(z.string(), z.string()),
    }),
  ]),
  contentVersion: z
    .object({ id: Id, number: z.int() })
    .nullable()
    .describe('The recommendation version it posts, fixed when it was created'),
  variables: z.record(z.string(), z.string()),
  sendAt: Timestamp,
  status: z.enum(TELEGRAM_POST_STATUSES),
  createdAt: Timestamp,
  updatedAt: Timestamp,
  targets: z.array(TelegramPostTarget),
});
export type TelegramPost = z.infer<typeof TelegramPost>;

/** `GET /v1/telegram/posts`: an organisation's subtree's posts, newest first. */
export const TelegramPostListQuery = z.strictObject({
  orgId: Id.optional().describe('Posts of this organisation’s subtree; the caller’s by default'),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(200).optional(),
});
export type TelegramPostListQuery = z.input<typeof TelegramPostListQuery>;
