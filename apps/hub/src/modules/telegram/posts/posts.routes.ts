import { Page, TelegramPost, TelegramPostInput, TelegramPostListQuery } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../../platform/http/schemas.js';
import { requireAuth } from '../../../platform/tenancy/auth.js';
import { cancelPost, createPost, getPost, listPosts, type PostDeps } from './posts.service.js';

/** The routes of posts to connected Telegram chats. */
export const telegramPostRoutes: FastifyPluginAsyncZod<PostDeps> = async (app, deps) => {
  app.post(
    '/telegram/posts',
    {
      config: { scope: 'send' },
      schema: {
        operationId: 'createTelegramPost',
        summary: 'Post to connected Telegram groups and channels',
        description:
          'Posts content — a recommendation (its published version, fixed now) or text of its own — once in each chosen chat, in the chat’s language, at `sendAt` (now by default), within the bot’s pacing. Chats are a target of their own: no contact’s private chat gets it. Every chat must be connected in the organisation’s subtree and `active` (409 `telegram_chat_unavailable` names those that are not); a refused post writes nothing. Follow each chat’s outcome with `GET /v1/telegram/posts/:id`.',
        tags: ['telegram'],
        errorCodes: [
          'not_found',
          'telegram_chat_unavailable',
          'recommendation_not_published',
          'template_variable_missing',
          'content_unavailable',
        ],
        body: TelegramPostInput,
        response: { 201: TelegramPost },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await createPost(deps, requireAuth(request), request.body)),
  );

  app.get(
    '/telegram/posts',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listTelegramPosts',
        summary: 'List posts to Telegram chats',
        description:
          'Posts of the organisation’s subtree (the caller’s, or `orgId`’s), newest first, with each chat’s outcome.',
        tags: ['telegram'],
        errorCodes: ['not_found', 'invalid_cursor'],
        querystring: TelegramPostListQuery,
        response: { 200: Page(TelegramPost) },
      },
    },
    async (request) => listPosts(deps.db, requireAuth(request), request.query),
  );

  app.get(
    '/telegram/posts/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getTelegramPost',
        summary: 'Get a post to Telegram chats',
        description:
          'A post and each chat’s outcome: posted (when, in which language), waiting, or failed and why.',
        tags: ['telegram'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: TelegramPost },
      },
    },
    async (request) => getPost(deps.db, requireAuth(request), request.params.id),
  );

  app.post(
    '/telegram/posts/:id/cancel',
    {
      config: { scope: 'send' },
      schema: {
        operationId: 'cancelTelegramPost',
        summary: 'Cancel a post to Telegram chats',
        description:
          'Chats not posted to yet end `cancelled`; what was posted stays. 409 `telegram_post_not_cancellable` once the post has `completed` or was `cancelled`.',
        tags: ['telegram'],
        errorCodes: ['not_found', 'telegram_post_not_cancellable'],
        params: IdParams,
        response: { 200: TelegramPost },
      },
    },
    async (request) => cancelPost(deps, requireAuth(request), request.params.id),
  );
};
