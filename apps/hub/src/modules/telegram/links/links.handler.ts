import type { Language } from '@safenet/core';
import { Composer, type Context } from 'grammy';
import { languageOfCode } from '../intake/intake.words.js';
import { type LinkDeps, openLink, stopChat } from './links.service.js';
import { LINK_WORDS } from './links.words.js';

/**
 * Who is answered in which language before the hub knows them: their Telegram's, when it is
 * one of the four; else English, as the intake conversation does.
 */
function userLanguage(ctx: Context): Language {
  return languageOfCode(ctx.from?.language_code) ?? 'en';
}

/**
 * The delivery channel's part of the bot (issue 17), placed before the intake conversation:
 * `/start <token>` (a deep link) and `/stop`, in private chats; anything else goes on to the
 * next handler. A bot with no intake (`intake: false`) answers a plain `/start`, and any other
 * private message, with what the bot is and how to subscribe.
 */
export function linksHandler(deps: LinkDeps & { intake: boolean }): Composer<Context> {
  const links = new Composer<Context>();
  const chats = links.chatType('private');

  chats.command('start', async (ctx, next) => {
    const token = ctx.match.trim();
    if (token === '') {
      if (deps.intake) return next();
      return ctx.reply(LINK_WORDS[userLanguage(ctx)].about);
    }
    const opened = await openLink(deps, token, ctx.chat.id);
    if (opened.kind === 'linked') {
      return ctx.reply(LINK_WORDS[opened.language].linked(opened.orgName));
    }
    return ctx.reply(LINK_WORDS[userLanguage(ctx)][opened.kind]);
  });

  chats.command('stop', async (ctx) => {
    const language = await stopChat(deps, ctx.chat.id);
    if (language === null) return ctx.reply(LINK_WORDS[userLanguage(ctx)].notLinked);
    return ctx.reply(LINK_WORDS[language].stopped);
  });

  if (!deps.intake) {
    chats.on('message', (ctx) => ctx.reply(LINK_WORDS[userLanguage(ctx)].about));
  }
  return links;
}
