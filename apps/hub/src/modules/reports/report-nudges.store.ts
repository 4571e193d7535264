import type { NudgeKind } from '@safenet/core';
import { sql } from 'kysely';
import { expectedSql } from './reports.store.js';
import type { Executor } from './reports.tables.js';

/** The nudges' SQL: which forms nudge, where their organisations are, what was sent. */

/** The forms with nudges, by id. */
export function nudgingForms(db: Executor) {
  return db
    .selectFrom('report_forms')
    .select(['id', 'org_id', 'campaign_id', 'title', 'schedule', 'nudges'])
    .where('nudges', 'is not', null)
    .orderBy('id')
    .execute();
}

/** The zones of a form's expected organisations, and of the organisations above them. */
export async function nudgeZones(
  db: Executor,
  formId: string,
): Promise<{ expected: string[]; parents: string[] }> {
  const rows = await sql<{ zone: string; parent_zone: string | null }>`
    select distinct o.time_zone as zone, p.time_zone as parent_zone
      from organisations o left join organisations p on p.id = o.parent_id
     where ${expectedSql(formId)}`.execute(db);
  return {
    expected: [...new Set(rows.rows.map((r) => r.zone))].sort(),
    parents: [
      ...new Set(rows.rows.flatMap((r) => (r.parent_zone === null ? [] : [r.parent_zone]))),
    ].sort(),
  };
}

/** SQL that holds when the organisation aliased `o` has no current submission but a draft. */
const notSubmitted = (formId: string, periodKey: string) => sql`not exists (
    select 1 from report_submissions s
     where s.form_id = ${formId} and s.period_key = ${periodKey} and s.org_id = o.id
       and s.state <> 'draft')`;

/** Which nudge of which period: the key of its firing rows but the organisation. */
export interface NudgeKey {
  formId: string;
  periodKey: string;
  kind: NudgeKind;
  days: number;
}

/**
 * Records a reminder for every expected organisation in `zone` without a submission, unless
 * recorded already (another process, an earlier sweep); returns those recorded now, by name.
 */
export async function recordReminders(
  db: Executor,
  key: NudgeKey,
  zone: string,
  now: Date,
): Promise<{ org_id: string; name: string; default_language: string }[]> {
  const rows = await sql<{ org_id: string; name: string; default_language: string }>`
    with fired as (
      insert into report_nudges_fired (form_id, period_key, org_id, kind, offset_days, fired_at)
      select ${key.formId}, ${key.periodKey}, o.id, ${key.kind}, ${key.days}, ${now}
        from organisations o
       where o.time_zone = ${zone} and ${expectedSql(key.formId)}
         and ${notSubmitted(key.formId, key.periodKey)}
      on conflict do nothing
      returning org_id)
    select f.org_id, o.name, o.default_language
      from fired f join organisations o on o.id = f.org_id
     order by o.name, f.org_id`.execute(db);
  return rows.rows;
}

/**
 * Records a digest line for every expected organisation without a submission whose parent is
 * in `parentZone`, in the form owner's subtree (an owner expected to report itself has no
 * one above it to tell: that is not the form's business), and whose own due date has ended
 * (its zone is one of `dueEndedIn`), unless recorded already; returns those recorded now with
 * their parent, by name.
 */
export async function recordDigestLines(
  db: Executor,
  key: NudgeKey & { ownerId: string },
  parentZone: string,
  dueEndedIn: readonly string[],
  now: Date,
): Promise<{ org_id: string; name: string; parent_id: string }[]> {
  if (dueEndedIn.length === 0) return [];
  const rows = await sql<{ org_id: string; name: string; parent_id: string }>`
    with fired as (
      insert into report_nudges_fired
        (form_id, period_key, org_id, kind, offset_days, parent_id, fired_at)
      select ${key.formId}, ${key.periodKey}, o.id, ${key.kind}, ${key.days}, p.id, ${now}
        from organisations o join organisations p on p.id = o.parent_id
       where p.time_zone = ${parentZone} and ${key.ownerId}::uuid = any(p.path)
         and o.time_zone = any(${[...dueEndedIn]}::text[])
         and ${expectedSql(key.formId)} and ${notSubmitted(key.formId, key.periodKey)}
      on conflict do nothing
      returning org_id, parent_id)
    select f.org_id, o.name, f.parent_id from fired f join organisations o on o.id = f.org_id
     order by o.name, f.org_id`.execute(db);
  return rows.rows;
}

/** Points the firing rows of `orgIds` for one nudge at the broadcast that carried them. */
export async function setNudgeBroadcast(
  db: Executor,
  key: NudgeKey,
  orgIds: readonly string[],
  broadcastId: string,
): Promise<void> {
  await db
    .updateTable('report_nudges_fired')
    .set({ broadcast_id: broadcastId })
    .where('form_id', '=', key.formId)
    .where('period_key', '=', key.periodKey)
    .where('kind', '=', key.kind)
    .where('offset_days', '=', key.days)
    .where('org_id', 'in', [...orgIds])
    .execute();
}

/**
 * The parents a digest told that `orgId` was missing from (form, period) and that have no
 * child named in a digest still without a submission: their `report_overdue` alerts can go.
 */
export async function parentsSettled(
  db: Executor,
  formId: string,
  periodKey: string,
  orgId: string,
): Promise<string[]> {
  const rows = await sql<{ parent_id: string }>`
    select distinct f.parent_id from report_nudges_fired f
     where f.form_id = ${formId} and f.period_key = ${periodKey} and f.org_id = ${orgId}
       and f.kind = 'after' and f.parent_id is not null
       and not exists (
         select 1 from report_nudges_fired g join organisations o on o.id = g.org_id
          where g.form_id = f.form_id and g.period_key = f.period_key
            and g.parent_id = f.parent_id and g.kind = 'after'
            and ${notSubmitted(formId, periodKey)})`.execute(db);
  return rows.rows.map((r) => r.parent_id);
}
