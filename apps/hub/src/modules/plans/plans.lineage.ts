import {
  type CampaignLineage,
  type InheritedPlanItem,
  type LineageCampaign,
  type LineageDescendant,
  type LocalizedText,
  overdueFor,
  type PlanAssignmentStatus,
} from '@safenet/core';
import { sql } from 'kysely';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { type PlansDeps, seesCampaignOf, statusAt, visibleCampaign } from './plans.access.js';
import { type Executor, own } from './plans.tables.js';

/**
 * Cascading plans: a campaign implements another (`implements_campaign_id`, always a campaign
 * of an organisation above its owner, so the chain ends), a district's plan its province's, a
 * school's its district's. Here: the chain above a campaign, the tree below it, the items a
 * campaign inherits from above, and its lineage as the API shows it.
 */

/** The recursion stops here whatever the data says: deeper than any real tree. */
const MAX_DEPTH = 32;

/** A campaign of a lineage, as read: enough to show it and to decide who may see it. */
export interface LineageRow {
  id: string;
  key: string | null;
  title: LocalizedText;
  org_id: string;
  org_name: string;
  org_path: string[];
  status: string;
  starts_on: string;
  ends_on: string;
  time_zone: string;
  implements_campaign_id: string | null;
  depth: number;
}

const lineageColumns = sql`c.id, c.key, c.title, c.org_id, o.name as org_name, o.path as org_path,
  c.status, c.starts_on, c.ends_on, c.time_zone, c.implements_campaign_id`;

/** The campaigns `campaignId` implements, nearest first (depth 1 is the one it names). */
export async function ancestorsOf(db: Executor, campaignId: string): Promise<LineageRow[]> {
  const rows = await sql<LineageRow>`
    with recursive up(id, depth) as (
      select implements_campaign_id, 1 from campaigns
       where id = ${campaignId} and implements_campaign_id is not null
      union all
      select c.implements_campaign_id, up.depth + 1 from up join campaigns c on c.id = up.id
       where c.implements_campaign_id is not null and up.depth < ${MAX_DEPTH}
    )
    select ${lineageColumns}, up.depth from up
      join campaigns c on c.id = up.id
      join organisations o on o.id = c.org_id
     order by up.depth`.execute(db);
  return rows.rows;
}

/**
 * The campaigns implementing `campaignId`, recursively, depth first: each right after the one
 * it implements, siblings by id.
 */
export async function descendantsOf(db: Executor, campaignId: string): Promise<LineageRow[]> {
  const rows = await sql<LineageRow & { trail: string[] }>`
    with recursive down(id, depth, trail) as (
      select id, 1, array[id::text] from campaigns where implements_campaign_id = ${campaignId}
      union all
      select c.id, down.depth + 1, down.trail || c.id::text
        from down join campaigns c on c.implements_campaign_id = down.id
       where down.depth < ${MAX_DEPTH}
    )
    select ${lineageColumns}, down.depth, down.trail from down
      join campaigns c on c.id = down.id
      join organisations o on o.id = c.org_id
     order by down.trail`.execute(db);
  return rows.rows.map(({ trail: _trail, ...row }) => row);
}

/**
 * {@link descendantsOf} as the caller may see them: a campaign whose owner is neither above
 * the caller nor in its subtree is left out with everything beneath it (their owners are
 * beneath the hidden one's, so hidden too).
 */
export async function visibleDescendants(
  db: Executor,
  auth: AuthContext,
  campaignId: string,
): Promise<LineageRow[]> {
  const shown = new Set([campaignId]);
  return (await descendantsOf(db, campaignId)).filter((d) => {
    const visible =
      d.implements_campaign_id !== null &&
      shown.has(d.implements_campaign_id) &&
      seesCampaignOf(auth, d.org_path);
    if (visible) shown.add(d.id);
    return visible;
  });
}

/**
 * The items `campaignId` inherits: every item of the campaigns above it (nearest first, each
 * in its plan's order) with pairs for its owner `ownerId` or organisations beneath it, only
 * those pairs, each with its status as shown at `now` (overdue in the organisation's zone).
 */
export async function inheritedItems(
  db: Executor,
  campaignId: string,
  ownerId: string,
  now: Date,
): Promise<InheritedPlanItem[]> {
  const ancestors = await ancestorsOf(db, campaignId);
  if (ancestors.length === 0) return [];
  const ids = ancestors.map((a) => a.id);
  const [items, pairs] = await Promise.all([
    db
      .selectFrom('plan_items')
      .selectAll()
      .where('campaign_id', 'in', ids)
      .orderBy('position')
      .execute(),
    sql<{
      campaign_id: string;
      item_key: string;
      org_id: string;
      status: PlanAssignmentStatus;
      done_at: Date | null;
      time_zone: string;
    }>`
      select a.campaign_id, a.item_key, a.org_id, a.status, a.done_at, o.time_zone
        from plan_assignments a join organisations o on o.id = a.org_id
       where a.campaign_id = any(${ids}::uuid[]) and ${ownerId}::uuid = any(o.path)
       order by a.org_id`.execute(db),
  ]);
  const pairsOf = new Map<string, (typeof pairs.rows)[number][]>();
  for (const pair of pairs.rows) {
    const key = `${pair.campaign_id}/${pair.item_key}`;
    pairsOf.set(key, [...(pairsOf.get(key) ?? []), pair]);
  }
  return ancestors.flatMap((campaign) => {
    const window = { from: campaign.starts_on, to: campaign.ends_on };
    return items
      .filter((item) => item.campaign_id === campaign.id)
      .flatMap((item) => {
        const mine = pairsOf.get(`${campaign.id}/${item.key}`) ?? [];
        if (mine.length === 0) return [];
        return [
          {
            campaign: { id: campaign.id, key: campaign.key, title: campaign.title },
            key: item.key,
            number: item.number,
            title: item.title,
            completionForm: item.completion_form,
            deadline: item.deadline,
            phase: item.phase_key,
            assignments: mine.map((pair) => {
              const doneAt = pair.status === 'done' ? pair.done_at : null;
              const missed = overdueFor(item.deadline, doneAt, now, pair.time_zone, window);
              return {
                orgId: pair.org_id,
                status: missed === null ? pair.status : ('overdue' as const),
                recordedStatus: pair.status,
                overdueFor: missed,
              };
            }),
          },
        ];
      });
  });
}

/** Per campaign, its pairs in the subtree of `rootOrgId`: recorded done, and all. */
async function progressOf(
  db: Executor,
  campaignIds: readonly string[],
  rootOrgId: string,
): Promise<Map<string, { done: number; total: number }>> {
  const rows = await sql<{ campaign_id: string; done: string; total: string }>`
    select a.campaign_id, count(*) filter (where a.status = 'done') as done, count(*) as total
      from plan_assignments a join organisations o on o.id = a.org_id
     where a.campaign_id = any(${campaignIds}::uuid[]) and ${rootOrgId}::uuid = any(o.path)
     group by a.campaign_id`.execute(db);
  return new Map(
    rows.rows.map((r) => [r.campaign_id, { done: Number(r.done), total: Number(r.total) }]),
  );
}

/**
 * `GET /v1/campaigns/:id/lineage`: the chain above and the tree below, each campaign with its
 * progress over the caller's subtree. A campaign the caller may not see (its owner neither
 * above the caller nor in its subtree: a sibling district's plan seen from a school) is left
 * out with everything beneath it — whose owners are beneath the hidden one, so hidden too.
 */
export async function getLineage(
  deps: PlansDeps,
  auth: AuthContext,
  campaignId: string,
): Promise<CampaignLineage> {
  const db = own(deps.db);
  await visibleCampaign(db, auth, campaignId);
  const now = new Date(deps.now());
  const [self] = await sql<LineageRow>`
    select ${lineageColumns}, 0 as depth from campaigns c
      join organisations o on o.id = c.org_id where c.id = ${campaignId}`
    .execute(db)
    .then((r) => r.rows);
  const ancestors = (await ancestorsOf(db, campaignId)).filter((a) =>
    seesCampaignOf(auth, a.org_path),
  );
  const descendants = await visibleDescendants(db, auth, campaignId);
  const all = [self as LineageRow, ...ancestors, ...descendants];
  const progress = await progressOf(
    db,
    all.map((c) => c.id),
    auth.orgId,
  );
  const view = (row: LineageRow): LineageCampaign => ({
    id: row.id,
    key: row.key,
    title: row.title,
    owner: { id: row.org_id, name: row.org_name },
    status: statusAt(
      {
        status: row.status,
        startsOn: row.starts_on,
        endsOn: row.ends_on,
        timeZone: row.time_zone,
      },
      now,
    ),
    progress: progress.get(row.id) ?? { done: 0, total: 0 },
  });
  return {
    campaign: view(self as LineageRow),
    ancestors: ancestors.map(view),
    descendants: descendants.map(
      (row): LineageDescendant => ({
        ...view(row),
        implementsCampaignId: row.implements_campaign_id as string,
        depth: row.depth,
      }),
    ),
  };
}
