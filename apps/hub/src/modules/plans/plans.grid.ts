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

/** The pairs of `campaignId` in the subtree of `rootOrgId`, each with its state at `now`. */
function pairs(campaignId: string, rootOrgId: string, now: Date): RawBuilder<unknown> {
  const endOf = (day: RawBuilder<unknown>) =>
    sql`((${day})::date + 1)::timestamp at time zone o.time_zone`;
  return sql`
    select a.item_key, a.org_id, a.by_agreement, a.updated_at,
           case when m.missed is not null and (
                  a.status <> 'done' or a.done_at is null or a.done_at > ${now}
                  or (i.deadline->>'kind' = 'recurring' and a.done_at < coalesce(
                        ${endOf(sql`p.previous`)},
                        (c.starts_on::date)::timestamp at time zone o.time_zone)))
                then 'overdue' else a.status end as state,
           m.missed
      from plan_assignments a
      join plan_items i on i.campaign_id = a.campaign_id and i.key = a.item_key
      join campaigns c on c.id = a.campaign_id
      join organisations o on o.id = a.org_id
      cross join lateral (
        select max(d) as missed from unnest(i.due_dates) d where ${endOf(sql`d`)} <= ${now}
      ) m
      cross join lateral (
        select max(d) as previous from unnest(i.due_dates) d where d < m.missed
      ) p
     where a.campaign_id = ${campaignId}
       and ${rootOrgId}::uuid = any(o.path)`;
}

const zero = (): PlanCounts => ({ planned: 0, in_progress: 0, done: 0, overdue: 0 });

/**
 * One page of the grid: every item with its counts over the subtree (filtered by `status`),
 * the totals, and a keyset page of the organisations (by id) with their cells and counts.
 */
export async function gridPage(
  db: Executor,
  campaignId: string,
  rootOrgId: string,
  now: Date,
  filter: { status?: PlanAssignmentState | undefined; limit: number; cursor?: string | undefined },
): Promise<Omit<PlanGrid, 'campaignId'>> {
  const after = decodeCursor(filter.cursor);
  const status = filter.status ?? null;
  const base = sql`(${pairs(campaignId, rootOrgId, now)}) as g
     where (${status}::text is null or g.state = ${status})`;
  const [items, counts, orgs] = await Promise.all([
    sql<{ key: string; number: string; section_key: string }>`
      select key, number, section_key from plan_items
       where campaign_id = ${campaignId} order by position`.execute(db),
    sql<{ item_key: string; state: string; n: string }>`
      select g.item_key, g.state, count(*) as n from ${base}
       group by g.item_key, g.state`.execute(db),
    sql<{ org_id: string; name: string; kind: string; time_zone: string }>`
      select o.id as org_id, o.name, o.kind, o.time_zone from organisations o
       where o.id in (
         select distinct g.org_id from ${base}
            and (${after ?? null}::uuid is null or g.org_id > ${after ?? null}::uuid)
          order by g.org_id limit ${filter.limit + 1})
       order by o.id`.execute(db),
  ]);
  const page = orgs.rows.slice(0, filter.limit);
  const ids = page.map((o) => o.org_id);
  const cells =
    ids.length === 0
      ? []
      : (
          await sql<{
            item_key: string;
            org_id: string;
            by_agreement: boolean;
            updated_at: Date | null;
            state: PlanAssignmentState;
            missed: string | null;
          }>`select g.* from ${base} and g.org_id = any(${ids}::uuid[])`.execute(db)
        ).rows;

  const perItem = new Map<string, PlanCounts>();
  const totals = zero();
  for (const row of counts.rows) {
    const n = Number(row.n);
    const state = row.state as PlanAssignmentState;
    const c = perItem.get(row.item_key) ?? zero();
    c[state] += n;
    totals[state] += n;
    perItem.set(row.item_key, c);
  }
  const position = new Map(items.rows.map((item, index) => [item.key, index]));
  const byOrg = new Map(ids.map((id) => [id, [] as typeof cells]));
  for (const cell of cells) byOrg.get(cell.org_id)?.push(cell);
  const last = page.at(-1);
  return {
    items: items.rows.map((item) => ({
      key: item.key,
      number: item.number,
      sectionKey: item.section_key,
      counts: perItem.get(item.key) ?? zero(),
    })),
    totals,
    organisations: page.map((org) => {
      const own = (byOrg.get(org.org_id) ?? []).sort(
        (a, b) => (position.get(a.item_key) ?? 0) - (position.get(b.item_key) ?? 0),
      );
      const orgCounts = zero();
      for (const cell of own) orgCounts[cell.state] += 1;
      return {
        orgId: org.org_id,
        name: org.name,
        kind: org.kind,
        timeZone: org.time_zone,
        counts: orgCounts,
        cells: own.map((cell) => ({
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
