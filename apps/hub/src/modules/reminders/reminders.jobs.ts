import {
  addDays,
  type CampaignStatus,
  calendarStatus,
  type Deadline,
  endOfDay,
  escalationText,
  FOLLOW_UP_ROLES,
  type LocalizedText,
  localDateOf,
  type Reminder,
  type ReminderOccurrence,
  reminderInstants,
  reminderText,
  startOfDay,
  textIn,
} from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { raiseAlert } from '../alerts/index.js';
import { fireOnce, sendToOrganisations } from './follow-up.once.js';
import type { FollowUpStep, RemindersDeps } from './reminders.deps.js';
import {
  dueItems,
  type FollowedCampaign,
  followedCampaigns,
  pendingZones,
  recordEscalations,
  recordFirings,
  reminderRules,
  setFiringBroadcast,
} from './reminders.store.js';
import { own } from './reminders.tables.js';

/** How often the follow-up sweep runs in worker processes. */
export const FOLLOW_UP_SWEEP_MS = 60_000;

/** How long after its end a campaign is still followed up (an item due on its last day). */
const FOLLOWED_DAYS_AFTER_END = 60;

/** What one sweep did. */
export interface FollowUpSweep {
  /** Broadcasts of reminders created. */
  reminders: number;
  /** (item, organisation) pairs found overdue and escalated. */
  escalated: number;
}

type Item = Awaited<ReturnType<typeof dueItems>>[number];

interface Context {
  deps: RemindersDeps;
  campaign: FollowedCampaign;
  now: Date;
}

/**
 * Follows every running plan up, once per call (a timer in worker processes calls it every
 * {@link FOLLOW_UP_SWEEP_MS}; tests call it with their clock):
 * - **Reminders**: for each rule, each item it covers and each zone of the item's responsible
 *   organisations not done, the reminders due since the grace (core's `reminderInstants`, in
 *   the organisation's zone) go to the people of those organisations, in their language —
 *   one broadcast per (rule, item, due reminder), or per (rule, instant, set of items) for a
 *   digest. Each (rule, item, organisation, reminder) is recorded in the transaction that
 *   creates its broadcast, so any number of sweeping processes send it once, and a pair done
 *   meanwhile gets none.
 * - **Escalation**: a pair whose due date's day has ended in its organisation's zone, not
 *   done, is escalated once per due date: a `plan_item_overdue` alert to the campaign's owner
 *   and one word to each organisation above the ones that missed it, listing them, on the
 *   channels of the first rule that reminds the item (none: the alert only). Marking the item
 *   done resolves the alert; a done pair is never reminded or escalated again.
 */
export async function sweepFollowUps(deps: RemindersDeps): Promise<FollowUpSweep> {
  const db = own(deps.db);
  const now = new Date(deps.now());
  const since = addDays(localDateOf(now, 'UTC'), -FOLLOWED_DAYS_AFTER_END);
  const done: FollowUpSweep = { reminders: 0, escalated: 0 };
  for (const campaign of await followedCampaigns(db, since)) {
    const status = calendarStatus(
      {
        startsOn: campaign.starts_on,
        endsOn: campaign.ends_on,
        timeZone: campaign.time_zone,
        status: campaign.status as CampaignStatus,
      },
      now,
    );
    const items = await dueItems(db, campaign.id);
    const zones = await pendingZones(db, campaign.id);
    const rules = await reminderRules(db, campaign.id);
    const context = { deps, campaign, now };
    if (status === 'scheduled' || status === 'active') {
      for (const rule of rules) done.reminders += await remind(context, rule, items, zones);
    }
    if (status === 'active' || status === 'completed') {
      done.escalated += await escalate(context, rules, items, zones);
    }
  }
  return done;
}

const covers = (rule: Reminder, itemKey: string) =>
  rule.items === 'all' || rule.items.includes(itemKey);

function due(item: Item, occurrence: ReminderOccurrence) {
  return {
    number: item.number,
    title: item.title,
    dueDate: occurrence.dueDate,
    daysBefore: occurrence.daysBefore,
  };
}

/** Sends what `rule` has due now; returns how many broadcasts it created. */
async function remind(
  { deps, campaign, now }: Context,
  rule: Reminder,
  items: readonly Item[],
  zones: ReadonlyMap<string, string[]>,
): Promise<number> {
  const window = { from: campaign.starts_on, to: campaign.ends_on };
  const since = new Date(now.getTime() - deps.graceMs);
  const dueNow: { item: Item; occurrence: ReminderOccurrence }[] = [];
  for (const item of items) {
    if (!covers(rule, item.key)) continue;
    for (const zone of zones.get(item.key) ?? []) {
      const instants = reminderInstants(
        item.deadline as Deadline,
        rule.daysBefore,
        rule.time,
        zone,
        since,
        window,
      );
      for (const occurrence of instants) {
        if (occurrence.at <= now) dueNow.push({ item, occurrence });
      }
    }
  }
  const send = (trx: ExecutorHandle, id: string, orgIds: string[], body: LocalizedText) =>
    sendToOrganisations(deps.boss, trx, {
      id,
      ownerOrgId: campaign.org_id,
      campaignId: campaign.id,
      orgIds,
      // The rule's roles: who does the work at the responsible organisations.
      roles: rule.roles ?? FOLLOW_UP_ROLES,
      channels: rule.channels,
      body,
      now,
    });
  const record = (
    trx: ExecutorHandle,
    item: Item,
    occurrence: ReminderOccurrence,
    id: string | null,
  ) =>
    recordFirings(own(trx), {
      campaignId: campaign.id,
      reminderKey: rule.key,
      itemKey: item.key,
      zone: occurrence.zone,
      occurrenceKey: occurrence.key,
      dueAt: occurrence.at,
      now,
      broadcastId: id,
    });

  let sent = 0;
  if (!rule.digest) {
    for (const { item, occurrence } of dueNow) {
      const id = uuidv7();
      sent += await fireOnce(
        deps.db,
        {
          kind: 'reminder',
          campaignId: campaign.id,
          reminderKey: rule.key,
          itemKeys: [item.key],
          zone: occurrence.zone,
          at: occurrence.at,
        } satisfies FollowUpStep,
        deps.beforeRecord,
        (trx) => record(trx, item, occurrence, id),
        async (trx, orgIds) => {
          await send(trx, id, orgIds, reminderText(campaign.title, [due(item, occurrence)]));
          return 1;
        },
      );
    }
    return sent;
  }
  // A digest: the items due at one instant in one zone, one message per organisation's set.
  const byInstant = new Map<string, typeof dueNow>();
  for (const entry of dueNow) {
    const key = `${entry.occurrence.zone}|${entry.occurrence.at.toISOString()}`;
    byInstant.set(key, [...(byInstant.get(key) ?? []), entry]);
  }
  for (const group of byInstant.values()) {
    const [first] = group;
    if (!first) continue;
    sent += await fireOnce(
      deps.db,
      {
        kind: 'reminder',
        campaignId: campaign.id,
        reminderKey: rule.key,
        itemKeys: group.map((e) => e.item.key),
        zone: first.occurrence.zone,
        at: first.occurrence.at,
      } satisfies FollowUpStep,
      deps.beforeRecord,
      async (trx) => {
        const recorded: { orgId: string; entry: (typeof group)[number] }[] = [];
        for (const entry of group) {
          for (const orgId of await record(trx, entry.item, entry.occurrence, null))
            recorded.push({ orgId, entry });
        }
        return recorded;
      },
      async (trx, recorded) => {
        const itemsOf = new Map<string, typeof group>();
        for (const { orgId, entry } of recorded) {
          itemsOf.set(orgId, [...(itemsOf.get(orgId) ?? []), entry]);
        }
        const bySet = new Map<string, { entries: typeof group; orgIds: string[] }>();
        for (const [orgId, entries] of itemsOf) {
          const signature = entries.map((e) => e.item.key).join('\n');
          const same = bySet.get(signature) ?? { entries, orgIds: [] };
          same.orgIds.push(orgId);
          bySet.set(signature, same);
        }
        for (const { entries, orgIds } of bySet.values()) {
          const id = uuidv7();
          const body = reminderText(
            campaign.title,
            entries.map((e) => due(e.item, e.occurrence)),
          );
          await send(trx, id, orgIds, body);
          for (const { item, occurrence } of entries) {
            await setFiringBroadcast(
              own(trx),
              {
                campaignId: campaign.id,
                reminderKey: rule.key,
                itemKey: item.key,
                occurrenceKey: occurrence.key,
                orgIds,
              },
              id,
            );
          }
        }
        return bySet.size;
      },
    );
  }
  return sent;
}

/** Escalates what became overdue; returns how many pairs it escalated. */
async function escalate(
  { deps, campaign, now }: Context,
  rules: readonly Reminder[],
  items: readonly Item[],
  zones: ReadonlyMap<string, string[]>,
): Promise<number> {
  let escalated = 0;
  for (const item of items) {
    const rule = rules.find((r) => covers(r, item.key));
    const recurring = (item.deadline as Deadline).kind === 'recurring';
    for (const zone of zones.get(item.key) ?? []) {
      const passed = item.due_dates.filter((d) => endOfDay(d, zone) <= now);
      const missed = passed.at(-1);
      if (missed === undefined) continue;
      const previous = passed.at(-2);
      const periodStart = !recurring
        ? null
        : previous === undefined
          ? startOfDay(campaign.starts_on, zone)
          : endOfDay(previous, zone);
      escalated += await fireOnce(
        deps.db,
        {
          kind: 'escalation',
          campaignId: campaign.id,
          itemKey: item.key,
          zone,
          dueDate: missed,
        } satisfies FollowUpStep,
        deps.beforeRecord,
        (trx) =>
          recordEscalations(own(trx), {
            campaignId: campaign.id,
            itemKey: item.key,
            zone,
            dueDate: missed,
            periodStart,
            now,
          }),
        async (trx, orgs) => {
          const number = item.number.replace(/\.$/, '');
          const title = textIn(item.title, 'en');
          const campaignTitle = textIn(campaign.title, 'en');
          for (const org of orgs) {
            const subjectId = `${campaign.id}/${item.key}/${org.org_id}`;
            await raiseAlert(deps, trx, {
              orgId: campaign.org_id,
              code: 'plan_item_overdue',
              subjectId,
              message: `${org.name} has not done item ${number} “${title}” of “${campaignTitle}”, due ${missed}`,
              dedupeKey: `plan_item_overdue:${subjectId}@${missed}`,
            });
          }
          if (rule) {
            const byParent = new Map<string, string[]>();
            for (const org of orgs) {
              if (org.parent_id === null) continue;
              byParent.set(org.parent_id, [...(byParent.get(org.parent_id) ?? []), org.name]);
            }
            for (const [parentId, names] of byParent) {
              await sendToOrganisations(deps.boss, trx, {
                id: uuidv7(),
                ownerOrgId: campaign.org_id,
                campaignId: campaign.id,
                orgIds: [parentId],
                // Not the rule's roles: those name who does the item at a school (its head,
                // say), whom the district or province above does not have. Its people are told.
                roles: FOLLOW_UP_ROLES,
                channels: rule.channels,
                body: escalationText(campaign.title, item, missed, names),
                now,
              });
            }
          }
          return orgs.length;
        },
      );
    }
  }
  return escalated;
}
