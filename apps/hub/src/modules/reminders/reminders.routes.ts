import { CampaignReminders, CampaignRemindersInput } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import type { RemindersDeps } from './reminders.deps.js';
import { getReminders, putReminders } from './reminders.service.js';

/** A campaign's reminder rules: what reminds the responsible organisations of their deadlines. */
export const reminderRoutes: FastifyPluginAsyncZod<{ deps: RemindersDeps }> = async (
  app,
  { deps },
) => {
  app.get(
    '/campaigns/:id/reminders',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getCampaignReminders',
        summary: 'Get a campaign’s reminder rules',
        description:
          'The rules that remind responsible organisations of their plan items’ deadlines.',
        tags: ['plans'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: CampaignReminders },
      },
    },
    async (request) => getReminders(deps, requireAuth(request), request.params.id),
  );

  app.put(
    '/campaigns/:id/reminders',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'putCampaignReminders',
        summary: 'Replace a campaign’s reminder rules',
        description:
          'Replaces every rule by key, all or nothing. Each reminds the people of every responsible organisation not done with an item (roles: the rule’s, default everyone but parents), `daysBefore` each due date at `time` in the organisation’s zone, in their language; `digest` lists an organisation’s items due at once in one message. Overdue pairs are escalated once per due date: an alert to the owner, a message to the organisation above on the channels of the first rule reminding the item.',
        tags: ['plans'],
        errorCodes: ['not_found', 'reminders_invalid', 'reminders_locked'],
        params: IdParams,
        body: CampaignRemindersInput,
        response: { 200: CampaignReminders },
      },
    },
    async (request) => putReminders(deps, requireAuth(request), request.params.id, request.body),
  );
};
