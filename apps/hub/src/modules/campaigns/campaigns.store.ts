import {
  type Campaign,
  type CampaignListFilters,
  type CampaignOrganiser,
  type CampaignStatus,
  calendarStatus,
  type Phase,
} from '@safenet/core';
import { type Insertable, type Selectable, type SqlBool, sql, type Updateable } from 'kysely';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type {
  CampaignOrganisersTable,
  CampaignPhasesTable,
  CampaignsTable,
  Executor,
} from './campaigns.tables.js';

// Rows become API records here and nowhere else.

export type CampaignRow = Selectable<CampaignsTable>;

/** A campaign's phases and organisers, read from their own tables. */
export interface CampaignChildren {
  phases: Phase[];
  organisers: Required<CampaignOrganiser>[];
}

const iso = (date: Date) => date.toISOString();

/**
 * The API record of a campaign at `now`: its status as the calendar has it then, whether or
 * not the sweep has written it yet, so a read is never stale.
 */
export function toCampaign(row: CampaignRow, children: CampaignChildren, now: Date): Campaign {
  const window = { startsOn: row.starts_on, endsOn: row.ends_on, timeZone: row.time_zone };
  return {
    id: row.id,
    orgId: row.org_id,
    key: row.key,
    title: row.title,
    goal: row.goal,
    description: row.description,
    ...window,
    status: calendarStatus({ ...window, status: row.status }, now),
    phases: children.phases,
    organisers: children.organisers,
    partners: row.partners,
    targets: row.targets,
    document: row.document,
    implementsCampaignId: row.implements_campaign_id,
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
    createdBy: row.created_by_user_id,
  };
}

/** The phases and organisers of the campaigns `ids`, in their stored order. */
export async function campaignChildren(
  db: Executor,
  ids: readonly string[],
): Promise<Map<string, CampaignChildren>> {
  const children = new Map<string, CampaignChildren>(
    ids.map((id) => [id, { phases: [], organisers: [] }]),
  );
  if (ids.length === 0) return children;
  const [phases, organisers] = await Promise.all([
    db
      .selectFrom('campaign_phases')
      .selectAll()
      .where('campaign_id', 'in', ids)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('campaign_organisers')
      .selectAll()
      .where('campaign_id', 'in', ids)
      .orderBy('position')
      .execute(),
  ]);
  for (const p of phases) {
    children.get(p.campaign_id)?.phases.push({
      key: p.key,
      title: p.title,
      startsOn: p.starts_on,
      endsOn: p.ends_on,
    });
  }
  for (const o of organisers) {
    children.get(o.campaign_id)?.organisers.push({ orgId: o.org_id, byAgreement: o.by_agreement });
  }
  return children;
}

/**
 * The status the calendar gives a campaign at `now`, in SQL (PostgreSQL reads IANA zones
 * too): `calendarStatus` of core, so a filter on status agrees with what a read shows.
 */
function effectiveStatus(now: Date) {
  const today = sql<string>`to_char((${now}::timestamptz at time zone campaigns.time_zone), 'YYYY-MM-DD')`;
  return sql<CampaignStatus>`case
    when campaigns.status in ('scheduled', 'active') and ${today} > campaigns.ends_on then 'completed'
    when campaigns.status = 'scheduled' and ${today} >= campaigns.starts_on then 'active'
    else campaigns.status end`;
}

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** One keyset page of the campaigns in the subtree of `rootOrgId`, filtered, rows only. */
export function campaignRowsPage(
  db: Executor,
  rootOrgId: string,
  filters: CampaignListFilters,
  page: { cursor?: string | undefined; limit: number },
  now: Date,
): Promise<Page<CampaignRow>> {
  const { status, q } = filters;
  return keysetPage(
    db
      .selectFrom('campaigns')
      .selectAll()
      .where(inSubtree('campaigns.org_id', rootOrgId))
      .$if(status !== undefined, (query) =>
        query.where(sql<SqlBool>`${effectiveStatus(now)} = ${status}`),
      )
      .$if(q !== undefined, (query) =>
        query.where(
          sql<SqlBool>`exists (select 1 from jsonb_each_text(campaigns.title) t
            where lower(t.value) like ${`${escapeLike((q ?? '').normalize('NFC').toLowerCase())}%`})`,
        ),
      ),
    page,
    (row) => row,
  );
}

/** The campaign `id` (in the subtree of `inSubtreeOf` when given), locked when asked. */
export function campaignRow(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean; inSubtreeOf?: string } = {},
): Promise<CampaignRow | undefined> {
  const { forUpdate, inSubtreeOf } = options;
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where('id', '=', id)
    .$if(inSubtreeOf !== undefined, (q) =>
      q.where(inSubtree('campaigns.org_id', inSubtreeOf as string)),
    )
    .$if(forUpdate === true, (q) => q.forUpdate())
    .executeTakeFirst();
}

/** Inserts a campaign row. */
export function insertCampaignRow(
  db: Executor,
  values: Insertable<CampaignsTable>,
): Promise<CampaignRow> {
  return db.insertInto('campaigns').values(values).returningAll().executeTakeFirstOrThrow();
}

/** Updates a campaign row and returns it. */
export function updateCampaignRow(
  db: Executor,
  id: string,
  values: Updateable<CampaignsTable>,
): Promise<CampaignRow> {
  return db
    .updateTable('campaigns')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Moves a campaign from `from` to `to` if it is still in `from` (another process may have
 * moved it first): true when this call moved it.
 */
export async function moveCampaignRow(
  db: Executor,
  id: string,
  from: CampaignStatus,
  to: CampaignStatus,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('campaigns')
    .set({ status: to, updated_at: at })
    .where('id', '=', id)
    .where('status', '=', from)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/**
 * Stores a campaign's phases as given: phases whose key is gone are deleted, the others
 * updated in place (so the plan's items keep referencing them by key) or inserted.
 */
export async function replacePhases(
  db: Executor,
  campaignId: string,
  phases: readonly Phase[],
): Promise<void> {
  const keys = phases.map((p) => p.key);
  await db
    .deleteFrom('campaign_phases')
    .where('campaign_id', '=', campaignId)
    .$if(keys.length > 0, (q) => q.where('key', 'not in', keys))
    .execute();
  if (phases.length === 0) return;
  const rows: Insertable<CampaignPhasesTable>[] = phases.map((p, position) => ({
    campaign_id: campaignId,
    key: p.key,
    position,
    title: JSON.stringify(p.title),
    starts_on: p.startsOn,
    ends_on: p.endsOn,
  }));
  await db
    .insertInto('campaign_phases')
    .values(rows)
    .onConflict((oc) =>
      oc.columns(['campaign_id', 'key']).doUpdateSet((eb) => ({
        position: eb.ref('excluded.position'),
        title: eb.ref('excluded.title'),
        starts_on: eb.ref('excluded.starts_on'),
        ends_on: eb.ref('excluded.ends_on'),
      })),
    )
    .execute();
}

/** Stores a campaign's organisers as given (replacing the list). */
export async function replaceOrganisers(
  db: Executor,
  campaignId: string,
  organisers: readonly Required<CampaignOrganiser>[],
): Promise<void> {
  await db.deleteFrom('campaign_organisers').where('campaign_id', '=', campaignId).execute();
  if (organisers.length === 0) return;
  const rows: Insertable<CampaignOrganisersTable>[] = organisers.map((o, position) => ({
    campaign_id: campaignId,
    org_id: o.orgId,
    position,
    by_agreement: o.byAgreement,
  }));
  await db.insertInto('campaign_organisers').values(rows).execute();
}

/**
 * Of `orgIds`, those that are not on the owner's line: neither in the subtree of the owner
 * (whose path is `ownerPath`, ids from the root, the owner last) nor above it.
 */
export async function orgsOffLine(
  db: Executor,
  ownerPath: readonly string[],
  orgIds: readonly string[],
): Promise<string[]> {
  if (orgIds.length === 0) return [];
  const owner = ownerPath.at(-1) as string;
  const onLine = await db
    .selectFrom('organisations')
    .select('id')
    .where('id', 'in', orgIds)
    .where(sql<SqlBool>`(${owner}::uuid = any(path) or id = any(${[...ownerPath]}::uuid[]))`)
    .execute();
  const found = new Set(onLine.map((o) => o.id));
  return orgIds.filter((id) => !found.has(id));
}

/** The campaigns a calendar sweep at `now` may have to move: scheduled or active, due by date. */
export function campaignsDueRows(db: Executor, now: Date): Promise<CampaignRow[]> {
  // No zone is more than a day ahead of UTC: a campaign due anywhere is due by tomorrow's date.
  const tomorrow = new Date(now.getTime() + 86_400_000).toISOString().slice(0, 10);
  return db
    .selectFrom('campaigns')
    .selectAll()
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'scheduled'), eb('starts_on', '<=', tomorrow)]),
        eb.and([eb('status', 'in', ['scheduled', 'active']), eb('ends_on', '<=', tomorrow)]),
      ]),
    )
    .orderBy('id')
    .execute();
}
