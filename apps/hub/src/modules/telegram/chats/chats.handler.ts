import type { Language, TelegramChat } from '@safenet/core';
import { Composer, type Context } from 'grammy';
import type { ChatMember } from 'grammy/types';
import { languageOfCode } from '../intake/intake.words.js';
import {
  type ChatDeps,
  type ChatSeen,
  chatMigrated,
  chatStatusSeen,
  connectChat,
} from './chats.service.js';
import { CHAT_WORDS } from './chats.words.js';

/** `/connect <token>` (or `/start <token>`, as a `startgroup` link sends it), maybe `@bot`. */
const CONNECT = /^\/(?:connect|start)(?:@\w+)?\s+(\S+)\s*$/;

/** A group or channel of an update as the service takes it; undefined for a private chat. */
function chatSeen(chat: Context['chat']): ChatSeen | undefined {
  if (chat === undefined || chat.type === 'private') return undefined;
  return {
    id: chat.id,
    type: chat.type,
    title: chat.title,
    username: 'username' in chat ? (chat.username ?? null) : null,
  };
}

/** Whether the bot, as `member`, may post in a chat of `type`. */
export function statusOf(member: ChatMember, type: ChatSeen['type']): TelegramChat['status'] {
  switch (member.status) {
    case 'left':
    case 'kicked':
      return 'removed';
    case 'administrator':
      return type !== 'channel' || member.can_post_messages === true ? 'active' : 'no_rights';
    case 'restricted':
      return member.can_send_messages ? 'active' : 'no_rights';
    case 'member':
      return type === 'channel' ? 'no_rights' : 'active';
    default:
      return 'active';
  }
}

/** The language a refusal goes out in: the sender's Telegram's, else English. */
function senderLanguage(ctx: Context): Language {
  return languageOfCode(ctx.from?.language_code) ?? 'en';
}

/**
 * The bot's part for groups and channels an organisation posts in (issue 17): an
 * administrator connects a chat with a link the hub made (`/connect <token>`, or the
 * `/start <token>` a `startgroup` link sends); Telegram's reports of the bot's rights there
 * (`my_chat_member`) keep the chat's status; a group upgraded to a supergroup keeps its
 * connection. In a group the bot answers; in a channel it deletes the command and says
 * nothing (every subscriber would read it).
 */
export function chatsHandler(deps: Pick<ChatDeps, 'db' | 'now' | 'secret'>): Composer<Context> {
  const chats = new Composer<Context>();

  chats.chatType(['group', 'supergroup']).on('message:text', async (ctx, next) => {
    const token = CONNECT.exec(ctx.msg.text)?.[1];
    const chat = chatSeen(ctx.chat);
    if (token === undefined || chat === undefined) return next();
    // An anonymous administrator writes as the group itself.
    const anonymous = ctx.msg.sender_chat?.id === ctx.chat.id;
    if (!anonymous) {
      const sender = await ctx.getChatMember(ctx.from.id);
      if (sender.status !== 'creator' && sender.status !== 'administrator') {
        return ctx.reply(CHAT_WORDS[senderLanguage(ctx)].notAdmin);
      }
    }
    const connected = await connectChat(deps, token, chat);
    if (connected.kind === 'connected') {
      // The bot's rights may already fall short (a group that mutes new members).
      const status = statusOf(await ctx.getChatMember(ctx.me.id), chat.type);
      if (status !== 'active') await chatStatusSeen(deps, chat, status);
      return ctx.reply(CHAT_WORDS[connected.language].connected(connected.orgName));
    }
    return ctx.reply(CHAT_WORDS[senderLanguage(ctx)][connected.kind]);
  });

  chats.chatType('channel').on('channel_post:text', async (ctx, next) => {
    const token = CONNECT.exec(ctx.channelPost.text)?.[1];
    const chat = chatSeen(ctx.chat);
    if (token === undefined || chat === undefined) return next();
    // Only a channel's administrators post in it: the sender is one.
    const connected = await connectChat(deps, token, chat);
    if (connected.kind === 'connected') {
      const status = statusOf(await ctx.getChatMember(ctx.me.id), chat.type);
      if (status !== 'active') await chatStatusSeen(deps, chat, status);
    }
    // The token goes from the channel's history; without the right to delete, it stays
    // (it is spent, or was never valid).
    await ctx.deleteMessage().catch(() => undefined);
  });

  chats.on('my_chat_member', async (ctx) => {
    const chat = chatSeen(ctx.chat);
    if (chat === undefined) return;
    await chatStatusSeen(deps, chat, statusOf(ctx.myChatMember.new_chat_member, chat.type));
  });

  chats.on('message:migrate_to_chat_id', async (ctx) => {
    await chatMigrated(deps, ctx.chat.id, ctx.msg.migrate_to_chat_id);
  });

  return chats;
}
