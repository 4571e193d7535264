import type { PlanAssignmentState, PlanCounts, PlanGrid } from '@safenet/core';
import { type RawBuilder, sql } from 'kysely';
import { decodeCursor, encodeCursor } from '../../platform/database/keyset.js';
import type { Executor } from './plans.tables.js';

/**
 * The grid of a campaign's plan in SQL: items × responsible organisations, a pair's status
 * as shown (`overdue` computed here, for counts and filters over thousands of schools, by
 * the rule of core's `overdueFor`: a due date is missed once its day has ended in the
 * organisation's zone; done work clears it, for a recurring deadline only when done since the
 * previous due date ended or, for the first, since the campaign's first day). A test checks
 * that this and `overdueFor` agree.
 */

/**
 * `column` is one of `campaignIds`. Always `= any(array)`, one campaign too: with the tables
 * analyzed, a plain equality on the campaign that holds most pairs led the planner to a plan
 * taking about 2 s where this takes 0.3 s (`bench/plan-grid.bench.ts`, "own items only").
 */
function ofCampaigns(column: RawBuilder<unknown>, campaignIds: readonly string[]) {
  return sql`${column} = any(${campaignIds}::uuid[])`;
}

/**
 * The pairs of the campaigns `campaignIds` in the subtree of `rootOrgId`, each with its state
 * at `now`, the due date it missed (`missed`, when past), its next due date (`next_due`: the
 * first whose day has not ended in its zone, as core's `nextDue`) and its item's `position`. Whether a due date is
 * missed depends on the item and the zone only, so it is computed once per (item, zone) — a
 * national plan has a few zones — and joined to the pairs. The grid and the list of tasks
 * (`plans.tasks.ts`) read it.
 */
export function pairs(
  campaignIds: readonly string[],
  rootOrgId: string,
  now: Date,
): RawBuilder<unknown> {
  const endOf = (day: RawBuilder<unknown>) =>
    sql`((${day})::date + 1)::timestamp at time zone z.time_zone`;
  return sql`
    with zones as materialized (
      select distinct time_zone from organisations where ${rootOrgId}::uuid = any(path)
    ), due as materialized (
      select i.campaign_id, i.key, i.position, z.time_zone,
             i.deadline->>'kind' = 'recurring' as recurring, m.missed, n.next_due,
             coalesce(${endOf(sql`p.previous`)},
                      (c.starts_on::date)::timestamp at time zone z.time_zone) as period_start
        from plan_items i
        join campaigns c on c.id = i.campaign_id
        cross join zones z
        cross join lateral (
          select max(d) as missed from unnest(i.due_dates) d where ${endOf(sql`d`)} <= ${now}
        ) m
        cross join lateral (
          select max(d) as previous from unnest(i.due_dates) d where d < m.missed
        ) p
        cross join lateral (
          select min(d) as next_due from unnest(i.due_dates) d where ${endOf(sql`d`)} > ${now}
        ) n
       where ${ofCampaigns(sql.ref('i.campaign_id'), campaignIds)}
    )
    select a.campaign_id, a.item_key, a.org_id, a.by_agreement, a.updated_at,
           case when d.missed is not null and (
                  a.status <> 'done' or a.done_at is null or a.done_at > ${now}
                  or (d.recurring and a.done_at < d.period_start))
                then 'overdue' else a.status end as state,
           d.missed, d.next_due, d.position
      from plan_assignments a
      join organisations o on o.id = a.org_id
      join due d on d.campaign_id = a.campaign_id and d.key = a.item_key
       and d.time_zone = o.time_zone
     where ${ofCampaigns(sql.ref('a.campaign_id'), campaignIds)}
       and ${rootOrgId}::uuid = any(o.path)`;
}

const zero = (): PlanCounts => ({ planned: 0, in_progress: 0, done: 0, overdue: 0 });

/** A campaign whose items the grid shows, with what tags its rows. */
export interface GridCampaign {
  id: string;
  key: string | null;
  orgId: string;
}

const itemId = (campaignId: string, key: string) => `${campaignId}/${key}`;

/**
 * One page of the grid of `campaigns` (the campaign itself first, then, with the lineage,
 * those implementing it in order): every item with its counts over the subtree (filtered by
 * `status`) — all of the first campaign's, the others' only where they have pairs in the
 * subtree — the totals, and a keyset page of the organisations (by id) with their cells and
 * counts across all of them.
 */
export async function gridPage(
  db: Executor,
  campaigns: readonly GridCampaign[],
  rootOrgId: string,
  now: Date,
  filter: { status?: PlanAssignmentState | undefined; limit: number; cursor?: string | undefined },
): Promise<Omit<PlanGrid, 'campaignId'>> {
  const after = decodeCursor(filter.cursor);
  const status = filter.status ?? null;
  const ids = campaigns.map((c) => c.id);
  const all = sql`(${pairs(ids, rootOrgId, now)}) as g`;
  const base = sql`${all} where (${status}::text is null or g.state = ${status})`;
  const from = sql`${after ?? null}::uuid`;
  // The organisation axis: straight from the pairs' index, or, filtered by a status as
  // shown, from the computed pairs.
  const axis =
    status === null
      ? sql`select o2.id from organisations o2
             where ${rootOrgId}::uuid = any(o2.path)
               and (${from} is null or o2.id > ${from})
               and exists (select 1 from plan_assignments a
                            where ${ofCampaigns(sql.ref('a.campaign_id'), ids)}
                              and a.org_id = o2.id)
             order by o2.id limit ${filter.limit + 1}`
      : sql`select distinct g.org_id from ${base}
               and (${from} is null or g.org_id > ${from})
             order by g.org_id limit ${filter.limit + 1}`;
  const [items, counts, orgs] = await Promise.all([
    sql<{ campaign_id: string; key: string; number: string; section_key: string }>`
      select campaign_id, key, number, section_key from plan_items
       where ${ofCampaigns(sql.ref('campaign_id'), ids)} order by position`.execute(db),
    // Unfiltered, so an implementing campaign's item shows whenever it has pairs here.
    sql<{ campaign_id: string; item_key: string; state: string; n: string }>`
      select g.campaign_id, g.item_key, g.state, count(*) as n from ${all}
       group by g.campaign_id, g.item_key, g.state`.execute(db),
    sql<{ org_id: string; name: string; kind: string; time_zone: string }>`
      select o.id as org_id, o.name, o.kind, o.time_zone from organisations o
       where o.id in (${axis}) order by o.id`.execute(db),
  ]);
  const page = orgs.rows.slice(0, filter.limit);
  const orgIds = page.map((o) => o.org_id);
  const cells =
    orgIds.length === 0
      ? []
      : (
          await sql<{
            campaign_id: string;
            item_key: string;
            org_id: string;
            by_agreement: boolean;
            updated_at: Date | null;
            state: PlanAssignmentState;
            missed: string | null;
          }>`select g.* from ${base} and g.org_id = any(${orgIds}::uuid[])`.execute(db)
        ).rows;

  const perItem = new Map<string, PlanCounts>();
  const totals = zero();
  for (const row of counts.rows) {
    const id = itemId(row.campaign_id, row.item_key);
    const c = perItem.get(id) ?? zero();
    perItem.set(id, c);
    if (status !== null && row.state !== status) continue;
    const n = Number(row.n);
    const state = row.state as PlanAssignmentState;
    c[state] += n;
    totals[state] += n;
  }
  const [self] = campaigns;
  const order = new Map(campaigns.map((c, index) => [c.id, index]));
  const shown = items.rows
    .filter(
      (item) => item.campaign_id === self?.id || perItem.has(itemId(item.campaign_id, item.key)),
    )
    .sort((a, b) => (order.get(a.campaign_id) ?? 0) - (order.get(b.campaign_id) ?? 0));
  const position = new Map(shown.map((item, index) => [itemId(item.campaign_id, item.key), index]));
  const tag = new Map(campaigns.map((c) => [c.id, { id: c.id, key: c.key, orgId: c.orgId }]));
  const byOrg = new Map(orgIds.map((id) => [id, [] as typeof cells]));
  for (const cell of cells) byOrg.get(cell.org_id)?.push(cell);
  const at = (cell: (typeof cells)[number]) =>
    position.get(itemId(cell.campaign_id, cell.item_key)) ?? 0;
  const last = page.at(-1);
  return {
    items: shown.map((item) => ({
      campaign: tag.get(item.campaign_id) as GridCampaign,
      key: item.key,
      number: item.number,
      sectionKey: item.section_key,
      counts: perItem.get(itemId(item.campaign_id, item.key)) ?? zero(),
    })),
    totals,
    organisations: page.map((org) => {
      const own = (byOrg.get(org.org_id) ?? []).sort((a, b) => at(a) - at(b));
      const orgCounts = zero();
      for (const cell of own) orgCounts[cell.state] += 1;
      return {
        orgId: org.org_id,
        name: org.name,
        kind: org.kind,
        timeZone: org.time_zone,
        counts: orgCounts,
        cells: own.map((cell) => ({
          campaignId: cell.campaign_id,
          itemKey: cell.item_key,
          status: cell.state,
          overdueFor: cell.state === 'overdue' ? cell.missed : null,
          byAgreement: cell.by_agreement,
          updatedAt: cell.updated_at ? new Date(cell.updated_at).toISOString() : null,
        })),
      };
    }),
    nextCursor: orgs.rows.length > filter.limit && last ? encodeCursor(last.org_id) : null,
  };
}
