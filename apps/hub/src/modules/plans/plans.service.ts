import {
  dueDates,
  overdueFor,
  type Plan,
  type PlanAssignment,
  type PlanAssignmentPatch,
  type PlanGrid,
  type PlanGridQuery,
  SafenetError,
} from '@safenet/core';
import type { z } from 'zod';
import { type ExecutorHandle, share } from '../../platform/database/schema.js';
import { type AuthContext, actorId } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { resolveAlertsOf } from '../alerts/index.js';
import {
  FROZEN,
  PLAN_FROZEN,
  type PlansDeps,
  statusAt,
  subtreeRoot,
  visibleCampaign,
} from './plans.access.js';
import { checkPlan, type Sections } from './plans.checks.js';
import { gridPage } from './plans.grid.js';
import { inheritedItems, visibleDescendants } from './plans.lineage.js';
import {
  type AssignmentRow,
  assignmentRow,
  type CampaignRef,
  campaignRef,
  phasesOf,
  readPlan,
  replacePlan,
  updateAssignment,
} from './plans.store.js';
import { type Executor, own } from './plans.tables.js';

async function planCampaign(db: Executor, campaign: CampaignRef) {
  return {
    id: campaign.id,
    ownerId: campaign.orgId,
    startsOn: campaign.startsOn,
    endsOn: campaign.endsOn,
    phases: await phasesOf(db, campaign.id),
  };
}

/**
 * Replaces the plan of campaign `campaignId` by keys, inside the caller's transaction `trx`
 * (the programme file's loader passes its own, after checking the caller may write the
 * campaign): the campaign row is locked; a completed, archived or cancelled campaign answers
 * 409 `plan_edit_forbidden`; any problem of `checkPlan` (core's cross-field rules, organisations
 * outside the owner's subtree, rules covering nothing) answers 400 `plan_invalid`
 * with all of them (paths under `prefix`) and nothing written. Otherwise sections and items
 * are upserted by key, assignment rules are expanded against the tree as it is now (a school
 * added later joins at the next write; a school moved away leaves, with its pair), pairs that
 * persist keep their statuses, and what is gone is deleted.
 */
export async function writePlan(
  trx: ExecutorHandle,
  campaignId: string,
  sections: Sections,
  now: Date,
  prefix = 'plan',
): Promise<void> {
  const db = own(trx);
  const campaign = await campaignRef(db, campaignId, true);
  if (!campaign) throw notFound('campaign', campaignId);
  const status = statusAt(campaign, now);
  if (PLAN_FROZEN.has(status)) {
    throw new SafenetError(
      'plan_edit_forbidden',
      `The campaign is ${status}: its plan no longer changes`,
    );
  }
  const checked = await checkPlan(db, await planCampaign(db, campaign), sections, prefix);
  if (checked.problems.length > 0) {
    throw new SafenetError(
      'plan_invalid',
      `Fix the plan: ${checked.problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
      { errors: checked.problems },
    );
  }
  const window = { from: campaign.startsOn, to: campaign.endsOn };
  await replacePlan(db, campaignId, sections, (d) => dueDates(d, window), checked.expansion);
}

/** `PUT /v1/campaigns/:id/plan`: the whole plan, all or nothing, in one transaction. */
export async function putPlan(
  deps: PlansDeps,
  auth: AuthContext,
  campaignId: string,
  sections: Sections,
): Promise<Plan> {
  const now = new Date(deps.now());
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const campaign = await visibleCampaign(trx, auth, campaignId, {
        write: true,
        forUpdate: true,
      });
      await writePlan(share(trx), campaignId, sections, now, 'body.sections');
      return {
        campaignId,
        sections: await readPlan(trx, campaignId),
        inherited: await inheritedItems(trx, campaignId, campaign.orgId, now),
      };
    });
}

/**
 * `GET /v1/campaigns/:id/plan`: its own sections, and the items it inherits from the
 * campaigns it implements (read only here: their statuses are recorded on those campaigns).
 */
export async function getPlan(
  deps: PlansDeps,
  auth: AuthContext,
  campaignId: string,
): Promise<Plan> {
  const db = own(deps.db);
  const campaign = await visibleCampaign(db, auth, campaignId);
  const [sections, inherited] = await Promise.all([
    readPlan(db, campaignId),
    inheritedItems(db, campaignId, campaign.orgId, new Date(deps.now())),
  ]);
  return { campaignId, sections, inherited };
}

type Joined = NonNullable<Awaited<ReturnType<typeof assignmentRow>>>;

function toAssignment(
  row: AssignmentRow & Pick<Joined, 'deadline' | 'time_zone'>,
  campaign: CampaignRef,
  now: Date,
): PlanAssignment {
  const doneAt = row.status === 'done' ? row.done_at : null;
  const missed = overdueFor(row.deadline, doneAt, now, row.time_zone, {
    from: campaign.startsOn,
    to: campaign.endsOn,
  });
  return {
    campaignId: row.campaign_id,
    itemKey: row.item_key,
    orgId: row.org_id,
    byAgreement: row.by_agreement,
    status: missed === null ? row.status : 'overdue',
    recordedStatus: row.status,
    overdueFor: missed,
    note: row.note,
    evidenceUrl: row.evidence_url,
    updatedAt: row.updated_at?.toISOString() ?? null,
    updatedBy: row.updated_by,
  };
}

/**
 * Records a responsible organisation's status on an item: by its own keys and people or an
 * ancestor's (the pair's organisation in the caller's subtree; 404 otherwise, as elsewhere),
 * who and when kept, published as `plan.assignment.updated` in the same transaction.
 */
export async function setAssignmentStatus(
  deps: PlansDeps,
  auth: AuthContext,
  key: { campaignId: string; itemKey: string; orgId: string },
  patch: z.output<typeof PlanAssignmentPatch>,
): Promise<PlanAssignment> {
  const now = new Date(deps.now());
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const campaign = await visibleCampaign(trx, auth, key.campaignId);
      const row = await assignmentRow(trx, key.campaignId, key.itemKey, key.orgId, true);
      if (!row?.path.includes(auth.orgId)) {
        throw notFound('plan assignment', `${key.itemKey}/${key.orgId}`);
      }
      const status = statusAt(campaign, now);
      if (FROZEN.has(status)) {
        throw new SafenetError(
          'plan_edit_forbidden',
          `The campaign is ${status}: its plan's statuses no longer change`,
        );
      }
      const doneAt =
        patch.status !== 'done' ? null : row.status === 'done' && row.done_at ? row.done_at : now;
      const by = actorId(auth.actor);
      const updated = await updateAssignment(trx, key, {
        status: patch.status,
        note: patch.note === undefined ? row.note : patch.note,
        evidenceUrl: patch.evidenceUrl === undefined ? row.evidence_url : patch.evidenceUrl,
        doneAt,
        at: now,
        by,
      });
      // Done: the overdue alerts of this pair have lost their cause.
      if (patch.status === 'done') {
        const subjectId = `${key.campaignId}/${key.itemKey}/${key.orgId}`;
        await resolveAlertsOf(deps, share(trx), 'plan_item_overdue', subjectId);
      }
      const assignment = toAssignment(
        { ...updated, deadline: row.deadline, time_zone: row.time_zone },
        campaign,
        now,
      );
      await deps.bus.publish(
        {
          orgPath: row.path,
          event: {
            type: 'plan.assignment.updated',
            orgId: row.org_id,
            at: now.toISOString(),
            data: {
              campaignId: key.campaignId,
              itemKey: key.itemKey,
              orgId: key.orgId,
              status: assignment.status,
              recordedStatus: assignment.recordedStatus,
              previousStatus: row.status,
              updatedBy: by,
            },
          },
        },
        trx,
      );
      return assignment;
    });
}

/**
 * `GET /v1/campaigns/:id/grid`: the subtree of `orgId` (default the caller's; it must be in
 * the caller's subtree, 404 otherwise), filtered by status as shown; with the lineage (the
 * default), the items of the campaigns implementing it that the caller may see too.
 */
export async function getGrid(
  deps: PlansDeps,
  auth: AuthContext,
  campaignId: string,
  query: z.output<typeof PlanGridQuery>,
): Promise<PlanGrid> {
  const db = own(deps.db);
  const campaign = await visibleCampaign(db, auth, campaignId);
  const root = (await subtreeRoot(db, auth, query.orgId)).id;
  const below = query.lineage ? await visibleDescendants(db, auth, campaignId) : [];
  const campaigns = [
    { id: campaign.id, key: campaign.key, orgId: campaign.orgId },
    ...below.map((c) => ({ id: c.id, key: c.key, orgId: c.org_id })),
  ];
  const page = await gridPage(db, campaigns, root, new Date(deps.now()), query);
  return { campaignId, ...page };
}
