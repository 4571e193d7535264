import {
  AnnouncementsInput,
  CalendarQuery,
  CampaignAnnouncements,
  CampaignCalendarView,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import type { CalendarDeps } from './calendar.deps.js';
import { getCalendar, listAnnouncements, putAnnouncements } from './calendar.service.js';

/**
 * The campaign's calendar: its announcements (broadcast templates with a schedule) and the
 * occurrences they fire, past and future.
 */
export const calendarRoutes: FastifyPluginAsyncZod<{ deps: CalendarDeps }> = async (
  app,
  { deps },
) => {
  app.get(
    '/campaigns/:id/announcements',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listAnnouncements',
        summary: 'List a campaign’s announcements',
        description: 'The announcements of a campaign of your subtree, each with its version.',
        tags: ['campaigns'],
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: CampaignAnnouncements },
      },
    },
    async (request) => listAnnouncements(deps, requireAuth(request), request.params.id),
  );

  app.put(
    '/campaigns/:id/announcements',
    {
      config: { scope: 'write' },
      schema: {
        operationId: 'putAnnouncements',
        summary: 'Replace a campaign’s announcements',
        description:
          'Replaces every announcement by key, all or nothing: a new key is added, a changed template or schedule becomes a new version (what had not fired of the old one never will), a key left out is removed. Every problem is reported at once with its path.',
        tags: ['campaigns'],
        errorCodes: ['not_found', 'announcement_invalid', 'announcements_locked'],
        params: IdParams,
        body: AnnouncementsInput,
        response: { 200: CampaignAnnouncements },
      },
    },
    async (request) =>
      putAnnouncements(deps, requireAuth(request), request.params.id, request.body),
  );

  app.get(
    '/campaigns/:id/calendar',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getCampaignCalendar',
        summary: 'Get a campaign’s calendar',
        description:
          'The phases and every occurrence of the announcements between `from` and `to` (default: the window with a month either side): `scheduled`, `fired` (with its broadcast), `missed` or `cancelled`.',
        tags: ['campaigns'],
        errorCodes: ['not_found'],
        params: IdParams,
        querystring: CalendarQuery,
        response: { 200: CampaignCalendarView },
      },
    },
    async (request) => getCalendar(deps, requireAuth(request), request.params.id, request.query),
  );
};
