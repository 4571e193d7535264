import type {
  Deadline,
  OrganisationKind,
  PlanAssignmentStatus,
  PlanResponsibleEntry,
  PlanSectionView,
} from '@safenet/core';
import { type Insertable, type Selectable, sql } from 'kysely';
import type { Expansion, Sections } from './plans.checks.js';
import type { Executor, PlanAssignmentsTable, PlanItemsTable } from './plans.tables.js';

export type AssignmentRow = Selectable<PlanAssignmentsTable>;

/** The campaign a plan belongs to, with its owner's place in the tree. */
export interface CampaignRef {
  id: string;
  key: string | null;
  orgId: string;
  ownerPath: string[];
  status: string;
  startsOn: string;
  endsOn: string;
  timeZone: string;
}

/** The campaign `id` with its owner's path, locked until the transaction ends when asked. */
export async function campaignRef(
  db: Executor,
  id: string,
  forUpdate = false,
): Promise<CampaignRef | undefined> {
  const row = await db
    .selectFrom('campaigns')
    .innerJoin('organisations', 'organisations.id', 'campaigns.org_id')
    .select([
      'campaigns.id',
      'campaigns.key',
      'campaigns.org_id',
      'campaigns.status',
      'campaigns.starts_on',
      'campaigns.ends_on',
      'campaigns.time_zone',
      'organisations.path',
    ])
    .where('campaigns.id', '=', id)
    .$if(forUpdate, (q) => q.forUpdate('campaigns'))
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    key: row.key,
    orgId: row.org_id,
    ownerPath: row.path,
    status: row.status,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    timeZone: row.time_zone,
  };
}

/** The campaign's phases (key and dates), as the checks read them. */
export async function phasesOf(db: Executor, campaignId: string) {
  const rows = await sql<{ key: string; starts_on: string; ends_on: string }>`
    select key, starts_on, ends_on from campaign_phases
     where campaign_id = ${campaignId} order by position`.execute(db);
  return rows.rows.map((r) => ({ key: r.key, startsOn: r.starts_on, endsOn: r.ends_on }));
}

const CHUNK = 1000;
function chunks<T>(rows: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
  return out;
}

/**
 * Replaces a campaign's plan by keys (call inside a transaction, after the checks): sections
 * and items are upserted, entries rewritten, pairs upserted — a pair that persists keeps its
 * status, note and history — and whatever key is gone is deleted (an item's pairs with it).
 */
export async function replacePlan(
  db: Executor,
  campaignId: string,
  sections: Sections,
  dueDates: (deadline: Deadline) => string[],
  expansion: Expansion,
): Promise<void> {
  const sectionKeys = sections.map((s) => s.key);
  const items = sections.flatMap((s) => s.items.map((item) => ({ item, section: s.key })));
  const itemKeys = items.map(({ item }) => item.key);

  if (sections.length > 0) {
    await db
      .insertInto('plan_sections')
      .values(
        sections.map((s, position) => ({
          campaign_id: campaignId,
          key: s.key,
          position,
          title: JSON.stringify(s.title),
        })),
      )
      .onConflict((oc) =>
        oc.columns(['campaign_id', 'key']).doUpdateSet((eb) => ({
          position: eb.ref('excluded.position'),
          title: eb.ref('excluded.title'),
        })),
      )
      .execute();
  }
  const itemRows: Insertable<PlanItemsTable>[] = items.map(({ item, section }, position) => ({
    campaign_id: campaignId,
    key: item.key,
    section_key: section,
    position,
    number: item.number,
    title: JSON.stringify(item.title),
    completion_form: item.completionForm,
    deadline: JSON.stringify(item.deadline),
    due_dates: dueDates(item.deadline),
    phase_key: item.phase ?? null,
  }));
  for (const chunk of chunks(itemRows)) {
    await db
      .insertInto('plan_items')
      .values(chunk)
      .onConflict((oc) =>
        oc.columns(['campaign_id', 'key']).doUpdateSet((eb) => ({
          section_key: eb.ref('excluded.section_key'),
          position: eb.ref('excluded.position'),
          number: eb.ref('excluded.number'),
          title: eb.ref('excluded.title'),
          completion_form: eb.ref('excluded.completion_form'),
          deadline: eb.ref('excluded.deadline'),
          due_dates: eb.ref('excluded.due_dates'),
          phase_key: eb.ref('excluded.phase_key'),
        })),
      )
      .execute();
  }
  await db
    .deleteFrom('plan_items')
    .where('campaign_id', '=', campaignId)
    .$if(itemKeys.length > 0, (q) => q.where('key', 'not in', itemKeys))
    .execute();
  await db
    .deleteFrom('plan_sections')
    .where('campaign_id', '=', campaignId)
    .$if(sectionKeys.length > 0, (q) => q.where('key', 'not in', sectionKeys))
    .execute();

  await db.deleteFrom('plan_responsibles').where('campaign_id', '=', campaignId).execute();
  const entries = items.flatMap(({ item }) =>
    item.responsible.map((entry, position) => ({
      campaign_id: campaignId,
      item_key: item.key,
      position,
      org_id: 'orgId' in entry ? entry.orgId : null,
      all_of: 'allOf' in entry ? entry.allOf : null,
      under_org_id: 'allOf' in entry ? entry.under : null,
      by_agreement: entry.byAgreement,
    })),
  );
  for (const chunk of chunks(entries)) {
    await db.insertInto('plan_responsibles').values(chunk).execute();
  }

  // Pairs as three parallel arrays: one anti-join deletes those gone, one upsert writes the
  // rest (a pair that stays is not rewritten unless its byAgreement changed).
  const pairItems: string[] = [];
  const pairOrgs: string[] = [];
  const pairAgreements: boolean[] = [];
  for (const { item } of items) {
    for (const [orgId, byAgreement] of expansion.pairs.get(item.key) ?? []) {
      pairItems.push(item.key);
      pairOrgs.push(orgId);
      pairAgreements.push(byAgreement);
    }
  }
  await sql`
    delete from plan_assignments a
     where a.campaign_id = ${campaignId}
       and not exists (
         select 1 from unnest(${pairItems}::text[], ${pairOrgs}::uuid[]) as k(item_key, org_id)
          where k.item_key = a.item_key and k.org_id = a.org_id)`.execute(db);
  if (pairItems.length === 0) return;
  await sql`
    insert into plan_assignments as a (campaign_id, item_key, org_id, by_agreement, status)
    select ${campaignId}, k.item_key, k.org_id, k.by_agreement, 'planned'
      from unnest(${pairItems}::text[], ${pairOrgs}::uuid[], ${pairAgreements}::boolean[])
        as k(item_key, org_id, by_agreement)
    on conflict (campaign_id, item_key, org_id) do update
       set by_agreement = excluded.by_agreement
     where a.by_agreement is distinct from excluded.by_agreement`.execute(db);
}

/**
 * The stored plan: sections, items, entries (a rule with how many organisations it covers:
 * its item's pairs of that kind beneath `under`, as expanded when the plan was last written)
 * and each item's number of pairs. Who they are is the grid's to page.
 */
export async function readPlan(db: Executor, campaignId: string): Promise<PlanSectionView[]> {
  const [sections, items, entries, counts, covered] = await Promise.all([
    db
      .selectFrom('plan_sections')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('plan_items')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('plan_responsibles')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .orderBy('item_key')
      .orderBy('position')
      .execute(),
    db
      .selectFrom('plan_assignments')
      .select(['item_key', (eb) => eb.fn.countAll<string>().as('n')])
      .where('campaign_id', '=', campaignId)
      .groupBy('item_key')
      .execute(),
    sql<{ item_key: string; position: number; n: string }>`
      select r.item_key, r.position, count(o.id) as n
        from plan_responsibles r
        join plan_assignments a on a.campaign_id = r.campaign_id and a.item_key = r.item_key
        join organisations o on o.id = a.org_id and o.kind = r.all_of
         and r.under_org_id = any(o.path) and o.id <> r.under_org_id
       where r.campaign_id = ${campaignId} and r.all_of is not null
       group by r.item_key, r.position`.execute(db),
  ]);
  const countOf = new Map(counts.map((c) => [c.item_key, Number(c.n)]));
  const coveredOf = new Map(covered.rows.map((c) => [`${c.item_key}#${c.position}`, Number(c.n)]));
  const byItem = new Map<string, PlanResponsibleEntry[]>();
  for (const e of entries) {
    const entry: PlanResponsibleEntry =
      e.org_id !== null
        ? { orgId: e.org_id, byAgreement: e.by_agreement }
        : {
            allOf: e.all_of as OrganisationKind,
            under: e.under_org_id as string,
            byAgreement: e.by_agreement,
            expandedTo: coveredOf.get(`${e.item_key}#${e.position}`) ?? 0,
          };
    const list = byItem.get(e.item_key) ?? [];
    list.push(entry);
    byItem.set(e.item_key, list);
  }
  return sections.map((s) => ({
    key: s.key,
    title: s.title,
    items: items
      .filter((i) => i.section_key === s.key)
      .map((i) => ({
        key: i.key,
        number: i.number,
        title: i.title,
        completionForm: i.completion_form,
        deadline: i.deadline,
        phase: i.phase_key,
        responsible: byItem.get(i.key) ?? [],
        assignmentCount: countOf.get(i.key) ?? 0,
      })),
  }));
}

/** One pair with its item's deadline and its organisation's zone and path, locked if asked. */
export async function assignmentRow(
  db: Executor,
  campaignId: string,
  itemKey: string,
  orgId: string,
  forUpdate = false,
) {
  return db
    .selectFrom('plan_assignments')
    .innerJoin('plan_items', (j) =>
      j
        .onRef('plan_items.campaign_id', '=', 'plan_assignments.campaign_id')
        .onRef('plan_items.key', '=', 'plan_assignments.item_key'),
    )
    .innerJoin('organisations', 'organisations.id', 'plan_assignments.org_id')
    .selectAll('plan_assignments')
    .select(['plan_items.deadline', 'organisations.time_zone', 'organisations.path'])
    .where('plan_assignments.campaign_id', '=', campaignId)
    .where('plan_assignments.item_key', '=', itemKey)
    .where('plan_assignments.org_id', '=', orgId)
    .$if(forUpdate, (q) => q.forUpdate('plan_assignments'))
    .executeTakeFirst();
}

/** Records a pair's status (who and when); `done_at` is set on each move to done. */
export async function updateAssignment(
  db: Executor,
  key: { campaignId: string; itemKey: string; orgId: string },
  values: {
    status: PlanAssignmentStatus;
    note: string | null;
    evidenceUrl: string | null;
    doneAt: Date | null;
    at: Date;
    by: string;
  },
): Promise<AssignmentRow> {
  return db
    .updateTable('plan_assignments')
    .set({
      status: values.status,
      note: values.note,
      evidence_url: values.evidenceUrl,
      done_at: values.doneAt,
      updated_at: values.at,
      updated_by: values.by,
    })
    .where('campaign_id', '=', key.campaignId)
    .where('item_key', '=', key.itemKey)
    .where('org_id', '=', key.orgId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
