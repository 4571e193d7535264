import { CampaignTargets, CampaignTargetsQuery } from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { IdParams } from '../../platform/http/schemas.js';
import { requireAuth } from '../../platform/tenancy/auth.js';
import type { ReportsDeps } from './reports.access.js';
import { getTargets } from './reports.targets.js';

/** A campaign's targets, measured from its report forms. */
export const reportTargetRoutes: FastifyPluginAsyncZod<{ deps: ReportsDeps }> = async (
  app,
  { deps },
) => {
  app.get(
    '/campaigns/:id/targets',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getCampaignTargets',
        summary: 'A campaign’s targets, measured',
        description:
          'Each target of the campaign over the subtree of `orgId` (default yours): a target with a formula is measured from the campaign’s report form it names, in `periodKey` (default: the form’s period containing today, or `once`) — a share over the EXPECTED organisations (one that has not reported does not meet it), a ratio or a total over the subtree’s submissions — with its goal, whether it is met and the completeness it stands on. A formula that no longer fits its form (a field gone or retyped, no such form or period) is listed `measured: false` with `unmeasurable` giving the reason; a target without a formula is listed `measured: false`.',
        tags: ['reports'],
        errorCodes: ['not_found'],
        params: IdParams,
        querystring: CampaignTargetsQuery,
        response: { 200: CampaignTargets },
      },
    },
    async (request) => getTargets(deps, requireAuth(request), request.params.id, request.query),
  );
};
