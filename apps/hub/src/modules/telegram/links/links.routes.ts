import { TelegramLink } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { DatabaseHandle } from '../../../platform/database/schema.js';
import { IdParams } from '../../../platform/http/schemas.js';
import { requireAuth } from '../../../platform/tenancy/auth.js';
import { contactInScope } from '../../contacts/index.js';
import { createLink, type LinkDeps } from './links.service.js';

/** `POST /v1/contacts/:id/telegram-link`: a deep link that lets the contact open the bot. */
export const telegramLinkRoutes: FastifyPluginAsyncZod<
  Omit<LinkDeps, 'chatKey'> & { db: DatabaseHandle }
> = async (app, deps) => {
  app.post(
    '/contacts/:id/telegram-link',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'createTelegramLink',
        summary: 'Make a Telegram deep link for a contact',
        description:
          'A new link `https://t.me/<bot>?start=<token>` (and its QR code) for a contact of your subtree: Telegram bots may not message anyone first, so the contact becomes reachable on `telegram` once they open it and press Start — their chat becomes the contact’s Telegram address and their consent is recorded (`telegram deep link`, by the contact). It works once, for one chat, until `expiresAt` (`SAFENET_TELEGRAM_LINK_TTL_DAYS`); earlier unopened links keep working until theirs. `/stop` in the chat withdraws the consent. 409 `telegram_not_configured` when the hub has no bot username. See docs/guides/telegram.md.',
        tags: ['contacts'],
        errorCodes: ['not_found', 'telegram_not_configured'],
        params: IdParams,
        response: { 201: TelegramLink },
      },
    },
    async (request, reply) => {
      const contact = await contactInScope(deps.db, requireAuth(request), request.params.id);
      return reply.status(201).send(await createLink(deps, contact));
    },
  );
};
