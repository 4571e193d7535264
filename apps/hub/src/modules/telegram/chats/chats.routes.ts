import {
  Page,
  TelegramChat,
  TelegramChatLink,
  TelegramChatLinkInput,
  TelegramChatListQuery,
  TelegramChatUpdate,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../platform/http/schemas.js';
import { requireAuth } from '../../../platform/tenancy/auth.js';
import { orgInScope } from '../../../platform/tenancy/lookups.js';
import { own } from '../telegram.tables.js';
import {
  type ChatDeps,
  chatInScope,
  createChatLink,
  disconnectChat,
  setChatLanguage,
} from './chats.service.js';
import { chatsInSubtree, toChat } from './chats.store.js';

/** The routes of connected chats; `leave` makes the bot leave a disconnected chat. */
export const telegramChatRoutes: FastifyPluginAsyncZod<
  ChatDeps & { leave(chatId: number): Promise<void> }
> = async (app, deps) => {
  app.post(
    '/telegram/chat-links',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'createTelegramChatLink',
        summary: 'Make a link that connects a Telegram group or channel',
        description:
          'A one-time link (valid a day) for an administrator of a Telegram group or channel to connect it to the organisation, as a target of posts (`POST /v1/telegram/posts`). A group: open `groupUrl` and pick the group. A channel: add the bot as an administrator allowed to post (`channelUrl`), then post `command` there — the bot deletes that post. Only an administrator of the chat can connect it; a chat connected to another organisation stays theirs. 409 `telegram_not_configured` without a bot username. See docs/guides/telegram.md.',
        tags: ['telegram'],
        errorCodes: ['not_found', 'telegram_not_configured', 'unsupported_language'],
        body: TelegramChatLinkInput,
        response: { 201: TelegramChatLink },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createChatLink(deps, requireAuth(request), request.body)),
  );

  app.get(
    '/telegram/chats',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listTelegramChats',
        summary: 'List connected Telegram chats',
        description:
          'The groups and channels connected for the organisation’s subtree (the caller’s, or `orgId`’s), by title, with whether the bot may post there now.',
        tags: ['telegram'],
        errorCodes: ['not_found'],
        querystring: TelegramChatListQuery,
        response: { 200: Page(TelegramChat) },
      },
    },
    async (request) => {
      const auth = requireAuth(request);
      const root = request.query.orgId ?? auth.orgId;
      if (request.query.orgId !== undefined) await orgInScope(own(deps.db), auth, root);
      const rows = await chatsInSubtree(deps.db, root, request.query.status);
      return { items: rows.map(toChat), nextCursor: null };
    },
  );

  app.get(
    '/telegram/chats/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getTelegramChat',
        summary: 'Get a connected Telegram chat',
        description:
          'A group or channel of the caller’s subtree, and whether the bot may post there.',
        tags: ['telegram'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: TelegramChat },
      },
    },
    async (request) => toChat(await chatInScope(deps.db, requireAuth(request), request.params.id)),
  );

  app.patch(
    '/telegram/chats/:id',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'updateTelegramChat',
        summary: 'Change a connected Telegram chat',
        description: 'Sets the language the hub posts in the chat.',
        tags: ['telegram'],
        errorCodes: ['not_found', 'unsupported_language'],
        params: IdParams,
        body: TelegramChatUpdate,
        response: { 200: TelegramChat },
      },
    },
    async (request) =>
      setChatLanguage(deps, requireAuth(request), request.params.id, request.body.language),
  );

  app.delete(
    '/telegram/chats/:id',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'disconnectTelegramChat',
        summary: 'Disconnect a Telegram chat',
        description:
          'The chat becomes `removed`: no post goes there, and the bot leaves it. Past posts keep their outcomes; an administrator can connect it again with a new link.',
        tags: ['telegram'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: TelegramChat },
      },
    },
    async (request) => disconnectChat(deps, requireAuth(request), request.params.id, deps.leave),
  );
};
