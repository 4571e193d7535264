import {
  type Language,
  SafenetError,
  type TelegramChat,
  type TelegramChatLink,
  type TelegramChatLinkInput,
} from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { type DatabaseHandle, share } from '../../../platform/database/schema.js';
import type { AuthContext } from '../../../platform/tenancy/auth.js';
import { notFound, orgInScope } from '../../../platform/tenancy/lookups.js';
import { inSubtree } from '../../../platform/tenancy/scope.js';
import { own } from '../telegram.tables.js';
import { chatLinkTokens } from './chat-token.js';
import { type ChatRow, lockChatByTelegramId, toChat, updateChat } from './chats.store.js';

const DAY_MS = 86_400_000;
/** A connection link is for an administrator setting the chat up now: it lasts a day. */
export const CHAT_LINK_TTL_MS = DAY_MS;

/** What connecting chats needs. */
export interface ChatDeps {
  db: DatabaseHandle;
  now(): number;
  /** The key that signs chat link tokens (a `hub_secrets` row of its own). */
  secret(): Promise<string>;
  /** The bot's username; null: no link can be made (`telegram_not_configured`). */
  botUsername: string | null;
}

/** A group or channel as Telegram describes it in an update. */
export interface ChatSeen {
  id: number;
  type: 'group' | 'supergroup' | 'channel';
  title: string;
  username: string | null;
}

/**
 * A link an administrator of the organisation `input.orgId` (checked in the caller's subtree)
 * uses to connect one group or channel: see {@link TelegramChatLink}.
 */
export async function createChatLink(
  deps: ChatDeps,
  auth: AuthContext,
  input: z.output<typeof TelegramChatLinkInput>,
): Promise<TelegramChatLink> {
  if (deps.botUsername === null) {
    throw new SafenetError(
      'telegram_not_configured',
      'Set SAFENET_TELEGRAM_BOT_TOKEN, SAFENET_TELEGRAM_WEBHOOK_SECRET and SAFENET_TELEGRAM_BOT_USERNAME (the bot’s username from BotFather) to connect Telegram chats',
    );
  }
  await orgInScope(own(deps.db), auth, input.orgId);
  const id = uuidv7();
  const now = deps.now();
  const expiresAt = new Date(now + CHAT_LINK_TTL_MS);
  await own(deps.db)
    .insertInto('telegram_chat_links')
    .values({
      id,
      org_id: input.orgId,
      language: input.language,
      created_at: new Date(now),
      expires_at: expiresAt,
    })
    .execute();
  const token = chatLinkTokens.sign(await deps.secret(), id);
  const bot = `https://t.me/${deps.botUsername}`;
  return {
    token,
    groupUrl: `${bot}?startgroup=${token}`,
    channelUrl: `${bot}?startchannel&admin=post_messages+delete_messages`,
    command: `/connect@${deps.botUsername} ${token}`,
    expiresAt: expiresAt.toISOString(),
  };
}

/** What a connection attempt came to: connected (in the link's language), or why not. */
export type Connected =
  | { kind: 'connected'; language: Language; orgName: string }
  | { kind: 'invalid' | 'expired' | 'used' | 'taken' };

/**
 * `/connect <token>` (or the `/start <token>` of a `startgroup` link) in `chat`, from one of
 * its administrators (the caller checked). A valid, unexpired, unused link connects the chat
 * to its organisation, `active`, in one transaction, and is spent. A chat already connected
 * to another organisation stays theirs (`taken`) until it is removed there; connecting it
 * again for the same organisation (after the bot was re-added) makes it active again.
 */
export async function connectChat(
  deps: Pick<ChatDeps, 'db' | 'now' | 'secret'>,
  token: string,
  chat: ChatSeen,
): Promise<Connected> {
  const linkId = chatLinkTokens.read(await deps.secret(), token);
  if (linkId === undefined) return { kind: 'invalid' };
  return own(deps.db)
    .transaction()
    .execute(async (trx): Promise<Connected> => {
      const link = await trx
        .selectFrom('telegram_chat_links')
        .selectAll()
        .where('id', '=', linkId)
        .forUpdate()
        .executeTakeFirst();
      if (link === undefined) return { kind: 'invalid' };
      const now = new Date(deps.now());
      if (link.chat_id !== null && Number(link.chat_id) !== chat.id) return { kind: 'used' };
      if (link.chat_id === null && link.expires_at <= now) return { kind: 'expired' };
      const existing = await lockChatByTelegramId(share(trx), chat.id);
      if (
        existing !== undefined &&
        existing.org_id !== link.org_id &&
        existing.status !== 'removed'
      ) {
        return { kind: 'taken' };
      }
      if (link.chat_id === null) {
        await trx
          .updateTable('telegram_chat_links')
          .set({ used_at: now, chat_id: chat.id })
          .where('id', '=', linkId)
          .execute();
      }
      const seen = { type: chat.type, title: chat.title, username: chat.username };
      if (existing === undefined) {
        await trx
          .insertInto('telegram_chats')
          .values({
            id: uuidv7(),
            org_id: link.org_id,
            chat_id: chat.id,
            ...seen,
            language: link.language,
            status: 'active',
            connected_at: now,
            updated_at: now,
          })
          .execute();
      } else {
        await trx
          .updateTable('telegram_chats')
          .set({
            ...seen,
            org_id: link.org_id,
            language: link.language,
            status: 'active',
            connected_at: existing.org_id === link.org_id ? existing.connected_at : now,
            updated_at: now,
          })
          .where('id', '=', existing.id)
          .execute();
      }
      const org = await trx
        .selectFrom('organisations')
        .select('name')
        .where('id', '=', link.org_id)
        .executeTakeFirstOrThrow();
      return { kind: 'connected', language: link.language as Language, orgName: org.name };
    });
}

/**
 * What Telegram said of the bot's place in a connected chat (`my_chat_member`), or of a
 * post refused there: the chat's new status. Unknown chats are left alone (the bot joins
 * chats before they are connected).
 */
export async function chatStatusSeen(
  deps: Pick<ChatDeps, 'db' | 'now'>,
  chat: ChatSeen,
  status: TelegramChat['status'],
): Promise<void> {
  await own(deps.db)
    .updateTable('telegram_chats')
    .set({
      status,
      title: chat.title,
      username: chat.username,
      type: chat.type,
      updated_at: new Date(deps.now()),
    })
    .where('chat_id', '=', String(chat.id))
    .execute();
}

/**
 * A group upgraded to a supergroup gets a new id (`migrate_to_chat_id`): the connected chat
 * follows it, so posts go on reaching it.
 */
export async function chatMigrated(
  deps: Pick<ChatDeps, 'db' | 'now'>,
  fromId: number,
  toId: number,
): Promise<void> {
  await own(deps.db)
    .updateTable('telegram_chats')
    .set({ chat_id: toId, type: 'supergroup', updated_at: new Date(deps.now()) })
    .where('chat_id', '=', String(fromId))
    .execute();
}

/** A chat of the caller's subtree, or 404. */
export async function chatInScope(
  db: DatabaseHandle,
  auth: AuthContext,
  id: string,
): Promise<ChatRow> {
  const row = await own(db)
    .selectFrom('telegram_chats')
    .selectAll()
    .where('id', '=', id)
    .where(inSubtree('telegram_chats.org_id', auth.orgId))
    .executeTakeFirst();
  if (row === undefined) throw notFound('Telegram chat', id);
  return row;
}

/** Changes the language the hub posts in a chat of the caller's subtree. */
export async function setChatLanguage(
  deps: Pick<ChatDeps, 'db' | 'now'>,
  auth: AuthContext,
  id: string,
  language: Language,
): Promise<TelegramChat> {
  await chatInScope(deps.db, auth, id);
  const row = await updateChat(deps.db, id, { language }, new Date(deps.now()));
  if (row === undefined) throw notFound('Telegram chat', id);
  return toChat(row);
}

/**
 * Disconnects a chat of the caller's subtree: `removed`, so no post goes there (the bot
 * leaves the chat when it can, through `leave`). Its past posts keep their outcomes.
 */
export async function disconnectChat(
  deps: Pick<ChatDeps, 'db' | 'now'>,
  auth: AuthContext,
  id: string,
  leave: (chatId: number) => Promise<void>,
): Promise<TelegramChat> {
  const chat = await chatInScope(deps.db, auth, id);
  const row = await updateChat(deps.db, id, { status: 'removed' }, new Date(deps.now()));
  if (row === undefined) throw notFound('Telegram chat', id);
  if (chat.status !== 'removed') await leave(Number(chat.chat_id));
  return toChat(row);
}
