import { type CampaignStatus, calendarStatus } from '@safenet/core';
import type { DatabaseHandle } from '../../platform/database/schema.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { type CampaignRef, campaignRef } from './plans.store.js';
import type { Executor } from './plans.tables.js';

/** Who may read or change a campaign's plan, and when it may change. */

/** What the plans' service needs of the hub. */
export interface PlansDeps {
  db: DatabaseHandle;
  bus: EventBus;
  /** The hub's clock, epoch ms. */
  now(): number;
  orgPathOf(orgId: string): Promise<readonly string[]>;
}

/** A plan's statuses stop changing once its campaign is archived or cancelled. */
export const FROZEN = new Set(['archived', 'cancelled']);
/** …and the plan itself once it is completed too. */
export const PLAN_FROZEN = new Set(['completed', 'archived', 'cancelled']);

/** The campaign's status as the calendar has it at `now`. */
export const statusAt = (
  c: Pick<CampaignRef, 'status' | 'startsOn' | 'endsOn' | 'timeZone'>,
  now: Date,
) =>
  calendarStatus(
    {
      status: c.status as CampaignStatus,
      startsOn: c.startsOn,
      endsOn: c.endsOn,
      timeZone: c.timeZone,
    },
    now,
  );

/**
 * The campaign `id` if the caller may see its plan: the owner, an organisation above it, or
 * one beneath it (a responsible school reads its plan); 404 otherwise. `write` asks for the
 * owner or above, who alone change the plan.
 */
export async function visibleCampaign(
  db: Executor,
  auth: AuthContext,
  id: string,
  options: { write?: boolean; forUpdate?: boolean } = {},
): Promise<CampaignRef> {
  const campaign = await campaignRef(db, id, options.forUpdate);
  if (!campaign) throw notFound('campaign', id);
  const above = campaign.ownerPath.includes(auth.orgId);
  const beneath = auth.orgPath.includes(campaign.orgId);
  if (!(above || (beneath && !options.write))) throw notFound('campaign', id);
  return campaign;
}

/**
 * Whether the caller may see a campaign whose owner has `ownerPath`, as a plan's reads allow:
 * its owner, an organisation above it, or one beneath it.
 */
export const seesCampaignOf = (auth: AuthContext, ownerPath: readonly string[]) =>
  ownerPath.includes(auth.orgId) || auth.orgPath.includes(ownerPath.at(-1) as string);

/**
 * The organisation whose subtree a read covers: `orgId` (default the caller's), which must be
 * in the caller's subtree (404 otherwise, as elsewhere), with its path.
 */
export async function subtreeRoot(
  db: Executor,
  auth: AuthContext,
  orgId: string | undefined,
): Promise<{ id: string; path: readonly string[] }> {
  if (orgId === undefined || orgId === auth.orgId) return { id: auth.orgId, path: auth.orgPath };
  const org = await db
    .selectFrom('organisations')
    .select('path')
    .where('id', '=', orgId)
    .executeTakeFirst();
  if (!org?.path.includes(auth.orgId)) throw notFound('organisation', orgId);
  return { id: orgId, path: org.path };
}
