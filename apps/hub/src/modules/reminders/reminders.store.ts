import type { Channel, Reminder, Role } from '@safenet/core';
import { sql } from 'kysely';
import type { Executor } from './reminders.tables.js';

// Rows become API records here and nowhere else.

/** The reminder rules of a campaign, in order. */
export async function reminderRules(db: Executor, campaignId: string): Promise<Reminder[]> {
  const rows = await db
    .selectFrom('campaign_reminders')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('position')
    .execute();
  return rows.map((row) => ({
    key: row.key,
    items: row.items,
    daysBefore: row.days_before,
    time: row.time,
    ...(row.roles ? { roles: row.roles as Role[] } : {}),
    channels: row.channels as Channel[],
    ...(row.digest ? { digest: true } : {}),
  }));
}

/** Replaces the reminder rules of a campaign by key: kept keys update, the rest go. */
export async function replaceReminderRules(
  db: Executor,
  campaignId: string,
  reminders: readonly Reminder[],
  now: Date,
): Promise<void> {
  const keys = reminders.map((r) => r.key);
  await db
    .deleteFrom('campaign_reminders')
    .where('campaign_id', '=', campaignId)
    .$if(keys.length > 0, (q) => q.where('key', 'not in', keys))
    .execute();
  if (reminders.length === 0) return;
  await db
    .insertInto('campaign_reminders')
    .values(
      reminders.map((r, position) => ({
        campaign_id: campaignId,
        key: r.key,
        position,
        items: JSON.stringify(r.items),
        days_before: r.daysBefore,
        time: r.time,
        roles: r.roles ?? null,
        channels: r.channels,
        digest: r.digest ?? false,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['campaign_id', 'key']).doUpdateSet((eb) => ({
        position: eb.ref('excluded.position'),
        items: eb.ref('excluded.items'),
        days_before: eb.ref('excluded.days_before'),
        time: eb.ref('excluded.time'),
        roles: eb.ref('excluded.roles'),
        channels: eb.ref('excluded.channels'),
        digest: eb.ref('excluded.digest'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}

/** A campaign the follow-up sweep looks at. */
export interface FollowedCampaign {
  id: string;
  org_id: string;
  title: Record<string, string>;
  status: string;
  starts_on: string;
  ends_on: string;
  time_zone: string;
}

/**
 * Campaigns whose plan may need following up: scheduled or running by their stored status,
 * or completed less than `daysAfter` days ago (an item due on the last day is overdue the day
 * after). The calendar decides per campaign what applies now.
 */
export async function followedCampaigns(
  db: Executor,
  endedSince: string,
): Promise<FollowedCampaign[]> {
  return db
    .selectFrom('campaigns')
    .select(['id', 'org_id', 'title', 'status', 'starts_on', 'ends_on', 'time_zone'])
    .where('status', 'in', ['scheduled', 'active', 'completed'])
    .where('ends_on', '>=', endedSince)
    .where(({ exists, selectFrom }) =>
      exists(
        selectFrom('plan_items')
          .select('key')
          .whereRef('plan_items.campaign_id', '=', 'campaigns.id'),
      ),
    )
    .orderBy('id')
    .execute();
}

/** The plan's items with a due date. */
export async function dueItems(db: Executor, campaignId: string) {
  return db
    .selectFrom('plan_items')
    .select(['key', 'number', 'title', 'deadline', 'due_dates'])
    .where('campaign_id', '=', campaignId)
    .where(sql<boolean>`cardinality(due_dates) > 0`)
    .orderBy('key')
    .execute();
}

/** Per item, the zones of its responsible organisations that are not done. */
export async function pendingZones(
  db: Executor,
  campaignId: string,
): Promise<Map<string, string[]>> {
  const rows = await db
    .selectFrom('plan_assignments as a')
    .innerJoin('organisations as o', 'o.id', 'a.org_id')
    .select(['a.item_key', 'o.time_zone'])
    .distinct()
    .where('a.campaign_id', '=', campaignId)
    .where('a.status', '<>', 'done')
    .execute();
  const zones = new Map<string, string[]>();
  for (const row of rows)
    zones.set(row.item_key, [...(zones.get(row.item_key) ?? []), row.time_zone]);
  return zones;
}

/**
 * Records a reminder for every responsible organisation of `itemKey` in `zone` not done with
 * it, unless recorded already (another process, an earlier sweep); returns those recorded now.
 */
export async function recordFirings(
  db: Executor,
  f: {
    campaignId: string;
    reminderKey: string;
    itemKey: string;
    zone: string;
    occurrenceKey: string;
    dueAt: Date;
    now: Date;
    /** The broadcast that carries them, when known before (null: set with `setFiringBroadcast`). */
    broadcastId: string | null;
  },
): Promise<string[]> {
  const rows = await sql<{ org_id: string }>`
    insert into reminder_firings
      (campaign_id, reminder_key, item_key, org_id, occurrence_key, due_at, fired_at, broadcast_id)
    select a.campaign_id, ${f.reminderKey}, a.item_key, a.org_id, ${f.occurrenceKey},
           ${f.dueAt}, ${f.now}, ${f.broadcastId}::uuid
      from plan_assignments a join organisations o on o.id = a.org_id
     where a.campaign_id = ${f.campaignId} and a.item_key = ${f.itemKey}
       and a.status <> 'done' and o.time_zone = ${f.zone}
    on conflict do nothing
    returning org_id`.execute(db);
  return rows.rows.map((row) => row.org_id);
}

/** Points the reminders of one item and occurrence, recorded without it, at their broadcast. */
export async function setFiringBroadcast(
  db: Executor,
  f: {
    campaignId: string;
    reminderKey: string;
    itemKey: string;
    occurrenceKey: string;
    orgIds: string[];
  },
  broadcastId: string,
): Promise<void> {
  await db
    .updateTable('reminder_firings')
    .set({ broadcast_id: broadcastId })
    .where('campaign_id', '=', f.campaignId)
    .where('reminder_key', '=', f.reminderKey)
    .where('item_key', '=', f.itemKey)
    .where('occurrence_key', '=', f.occurrenceKey)
    .where('org_id', 'in', f.orgIds)
    .execute();
}

/**
 * Records as escalated every responsible organisation of `itemKey` in `zone` that missed
 * `dueDate`: not done, or — for a recurring deadline — done before `periodStart`, the end of
 * the previous due date. Returns those recorded now (each is escalated once).
 */
export async function recordEscalations(
  db: Executor,
  e: {
    campaignId: string;
    itemKey: string;
    zone: string;
    dueDate: string;
    periodStart: Date | null;
    now: Date;
  },
): Promise<{ org_id: string; name: string; parent_id: string | null }[]> {
  const doneBefore = e.periodStart
    ? sql`(a.status <> 'done' or a.done_at < ${e.periodStart})`
    : sql`a.status <> 'done'`;
  const rows = await sql<{ org_id: string; name: string; parent_id: string | null }>`
    with escalated as (
      insert into plan_escalations (campaign_id, item_key, org_id, due_date, escalated_at)
      select a.campaign_id, a.item_key, a.org_id, ${e.dueDate}, ${e.now}
        from plan_assignments a join organisations o on o.id = a.org_id
       where a.campaign_id = ${e.campaignId} and a.item_key = ${e.itemKey}
         and o.time_zone = ${e.zone} and ${doneBefore}
      on conflict do nothing
      returning org_id)
    select e.org_id, o.name, o.parent_id
      from escalated e join organisations o on o.id = e.org_id
     order by o.name, e.org_id`.execute(db);
  return rows.rows;
}
