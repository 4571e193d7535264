import {
  type Campaign,
  type CampaignAdoptInput,
  type CampaignInput,
  SafenetError,
} from '@safenet/core';
import type { z } from 'zod';
import { share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { campaignById, insertCampaign } from '../campaigns/index.js';
import { organisationInScope } from '../organisations/index.js';
import { PLAN_FROZEN, type PlansDeps, statusAt, visibleCampaign } from './plans.access.js';
import { own } from './plans.tables.js';

/**
 * `POST /v1/campaigns/:id/adopt`: an organisation strictly beneath the campaign's owner
 * (default the caller's; in the caller's subtree, 404 otherwise) makes its own draft campaign
 * implementing it — window, time zone, phases, title (unless given) and goal copied — whose
 * plan then shows the items it inherits from above and adds its own.
 *
 * Refused: a campaign the caller may not see (404), an adopter not strictly beneath its owner
 * (422 `campaign_adopt_outside_tree`), a completed, archived or cancelled campaign (409
 * `campaign_adopt_closed`), an organisation that already has a campaign implementing it,
 * however made (409 `campaign_already_adopted`, naming it). The adopted campaign's row is
 * locked while the new one is written, so two adoptions by one organisation cannot both pass
 * the last check.
 */
export async function adoptCampaign(
  deps: PlansDeps,
  auth: AuthContext,
  parentId: string,
  input: z.output<typeof CampaignAdoptInput>,
): Promise<Campaign> {
  const now = new Date(deps.now());
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const parent = await visibleCampaign(trx, auth, parentId, { forUpdate: true });
      const adopter = await organisationInScope(share(trx), auth, input.orgId ?? auth.orgId);
      if (adopter.id === parent.orgId || !adopter.path.includes(parent.orgId)) {
        throw new SafenetError(
          'campaign_adopt_outside_tree',
          `${adopter.id} is not beneath the campaign's owner ${parent.orgId}: a plan is adopted by an organisation below the one that made it`,
          {
            errors: [
              {
                path: input.orgId === undefined ? 'body' : 'body.orgId',
                code: 'campaign_adopt_outside_tree',
                message: 'not an organisation beneath the campaign’s owner',
              },
            ],
          },
        );
      }
      const status = statusAt(parent, now);
      if (PLAN_FROZEN.has(status)) {
        throw new SafenetError(
          'campaign_adopt_closed',
          `The campaign is ${status}: adopt a campaign that is still to come or running`,
        );
      }
      const existing = await trx
        .selectFrom('campaigns')
        .select(['id', 'key'])
        .where('implements_campaign_id', '=', parentId)
        .where('org_id', '=', adopter.id)
        .orderBy('id')
        .executeTakeFirst();
      if (existing) {
        throw new SafenetError(
          'campaign_already_adopted',
          `The organisation already implements this campaign with campaign ${existing.id}${existing.key ? ` ("${existing.key}")` : ''}: change that campaign instead`,
        );
      }
      const from = (await campaignById(share(trx), parentId, now)) as Campaign;
      const created: z.output<typeof CampaignInput> = {
        orgId: adopter.id,
        key: input.key,
        title: input.title ?? from.title,
        ...(from.goal ? { goal: from.goal } : {}),
        startsOn: from.startsOn,
        endsOn: from.endsOn,
        timeZone: from.timeZone,
        phases: from.phases,
        organisers: [],
        partners: [],
        targets: [],
        implementsCampaignId: parentId,
      };
      return insertCampaign(share(trx), auth, created, now);
    });
}
