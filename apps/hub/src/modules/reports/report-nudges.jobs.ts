import {
  addDays,
  FOLLOW_UP_ROLES,
  type NudgeInstant,
  nudgeInstants,
  periodInstants,
  type ReportMention,
  type ReportPeriod,
  reportDigestText,
  reportPeriods,
  reportReminderText,
  textIn,
} from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import { raiseAlert } from '../alerts/index.js';
import { fireOnce, sendToOrganisations } from '../reminders/index.js';
import type { NudgeStep, NudgesDeps } from './report-nudges.deps.js';
import { nudgeLink } from './report-nudges.link.js';
import { overdueSubject } from './report-nudges.settle.js';
import {
  type NudgeKey,
  nudgeZones,
  nudgingForms,
  recordDigestLines,
  recordReminders,
  setNudgeBroadcast,
} from './report-nudges.store.js';
import { own } from './reports.tables.js';

/** How often the nudges' sweep runs in worker processes. */
export const NUDGE_SWEEP_MS = 60_000;

/** A link in a reminder lives until the period locks, or this long when it never does. */
const LINK_DAYS_WITHOUT_LOCK = 14;

/** What one sweep did. */
export interface NudgeSweep {
  /** Reminders sent: one broadcast per organisation reminded. */
  reminders: number;
  /** Digests sent: one broadcast per parent told. */
  digests: number;
}

type Form = Awaited<ReturnType<typeof nudgingForms>>[number];

interface Due {
  form: Form;
  period: ReportPeriod;
  nudge: NudgeInstant;
  zone: string;
}

/**
 * Nudges every form with nudges along, once per call (a timer in worker processes calls it
 * every {@link NUDGE_SWEEP_MS}; tests call it with their clock). For each period whose nudges
 * may fall near now and each zone:
 * - **before** offsets: at `time` in each expected organisation's zone, the ones without a
 *   submission (a draft is none) are reminded, each by a broadcast of its own (its own link,
 *   when links exist) to its people in the follow-up roles, in their language;
 * - **after** offsets: at `time` in each parent's zone, each parent of expected organisations
 *   whose due date has ended there without a submission gets one digest naming them (its own
 *   children only), and a `report_overdue` alert, resolved when the last of them submits.
 *
 * A nudge missed by more than the grace (the hub was down) is not sent late; a nudge falling
 * after the period's lock date is none. Each (form, period, organisation, kind, offset) is
 * recorded in the transaction that creates its broadcast, so any number of sweeping
 * processes send it once, and an organisation that submitted meanwhile gets none.
 */
export async function sweepReportNudges(deps: NudgesDeps): Promise<NudgeSweep> {
  const now = new Date(deps.now());
  const since = new Date(now.getTime() - deps.graceMs);
  const done: NudgeSweep = { reminders: 0, digests: 0 };
  for (const form of await nudgingForms(own(deps.db))) {
    const nudges = form.nudges;
    if (nudges === null) continue;
    const zones = await nudgeZones(own(deps.db), form.id);
    for (const period of periodsNear(form, now)) {
      const due = (zone: string) =>
        nudgeInstants(nudges, period, zone).filter((n) => n.at >= since && n.at <= now);
      for (const zone of zones.expected) {
        for (const nudge of due(zone).filter((n) => n.kind === 'before')) {
          // The lock is read in the same zone: past it, nothing can be submitted.
          const { locksAt } = periodInstants(period, zone);
          if (locksAt !== null && locksAt <= now) continue;
          done.reminders += await remind(deps, { form, period, nudge, zone }, now);
        }
      }
      for (const zone of zones.parents) {
        for (const nudge of due(zone).filter((n) => n.kind === 'after')) {
          const ended = zones.expected.filter((z) => {
            const { dueAt, locksAt } = periodInstants(period, z);
            return dueAt <= now && (locksAt === null || now < locksAt);
          });
          done.digests += await digest(deps, { form, period, nudge, zone }, ended, now);
        }
      }
    }
  }
  return done;
}

/**
 * The periods whose nudges may fall within a couple of days of now: due dates from the
 * largest `after` offset ago to the largest `before` offset ahead (two days' slack covers
 * every zone).
 */
function periodsNear(form: Form, now: Date): ReportPeriod[] {
  const nudges = form.nudges;
  if (nudges === null) return [];
  const today = now.toISOString().slice(0, 10);
  const earliestDue = addDays(today, -(Math.max(0, ...nudges.after) + 2));
  const latestDue = addDays(today, Math.max(0, ...nudges.before) + 2);
  // A period is due at most 366 days after its last day.
  return reportPeriods(form.schedule, {
    from: addDays(earliestDue, -367),
    until: latestDue,
  }).filter((p) => p.dueOn >= earliestDue && p.dueOn <= latestDue);
}

const keyOf = ({ form, period, nudge }: Due): NudgeKey => ({
  formId: form.id,
  periodKey: period.key,
  kind: nudge.kind,
  days: nudge.days,
});

const stepOf = (due: Due): NudgeStep => ({ ...keyOf(due), zone: due.zone });

const mention = ({ form, period }: Due): ReportMention => ({
  formTitle: form.title,
  periodKey: period.key,
  dueOn: period.dueOn,
});

/**
 * Reminds the expected organisations in one zone without a submission, each with its own
 * link; returns how many.
 */
async function remind(deps: NudgesDeps, due: Due, now: Date): Promise<number> {
  const key = keyOf(due);
  // Read before the transaction: the first read stores the key, on a connection of its own.
  const secret = await deps.secret();
  const { locksAt } = periodInstants(due.period, due.zone);
  const expiresAt = locksAt ?? new Date(now.getTime() + LINK_DAYS_WITHOUT_LOCK * 86_400_000);
  return fireOnce(
    deps.db,
    stepOf(due),
    deps.beforeRecord,
    (trx) => recordReminders(own(trx), key, due.zone, now),
    async (trx, orgs) => {
      for (const org of orgs) {
        const { url: link } = await nudgeLink(own(trx), deps, secret, {
          formId: due.form.id,
          periodKey: due.period.key,
          orgId: org.org_id,
          language: org.default_language,
          expiresAt,
          now,
        });
        const id = uuidv7();
        await sendToOrganisations(deps.boss, trx, {
          id,
          ownerOrgId: due.form.org_id,
          campaignId: due.form.campaign_id,
          orgIds: [org.org_id],
          roles: FOLLOW_UP_ROLES,
          channels: due.form.nudges?.channels ?? [],
          body: reportReminderText(mention(due), due.nudge.days, link),
          now,
        });
        await setNudgeBroadcast(own(trx), key, [org.org_id], id);
      }
      return orgs.length;
    },
  );
}

/**
 * Tells each parent in one zone which of its children have not submitted past their due date
 * (`ended`: the zones where it has ended), one digest each, and raises its `report_overdue`
 * alert; returns how many parents were told.
 */
function digest(deps: NudgesDeps, due: Due, ended: readonly string[], now: Date): Promise<number> {
  const key = keyOf(due);
  return fireOnce(
    deps.db,
    stepOf(due),
    deps.beforeRecord,
    (trx) =>
      recordDigestLines(own(trx), { ...key, ownerId: due.form.org_id }, due.zone, ended, now),
    async (trx, lines) => {
      const byParent = new Map<string, typeof lines>();
      for (const line of lines) {
        byParent.set(line.parent_id, [...(byParent.get(line.parent_id) ?? []), line]);
      }
      const title = textIn(due.form.title, 'en');
      for (const [parentId, children] of byParent) {
        const names = children.map((c) => c.name);
        const id = uuidv7();
        await sendToOrganisations(deps.boss, trx, {
          id,
          ownerOrgId: due.form.org_id,
          campaignId: due.form.campaign_id,
          orgIds: [parentId],
          // The people who follow the organisation's work up, as for a plan's escalation.
          roles: FOLLOW_UP_ROLES,
          channels: due.form.nudges?.channels ?? [],
          body: reportDigestText(mention(due), names),
          now,
        });
        await setNudgeBroadcast(
          own(trx),
          key,
          children.map((c) => c.org_id),
          id,
        );
        const subjectId = overdueSubject(due.form.id, due.period.key, parentId);
        await raiseAlert(deps, trx, {
          orgId: parentId,
          code: 'report_overdue',
          subjectId,
          message: `${names.length} beneath have not submitted “${title}” (${due.period.key}), due ${due.period.dueOn}: ${names.join(', ')}`,
          // One alert per parent and period: a later digest of the same period raises none.
          dedupeKey: `report_overdue:${subjectId}`,
        });
      }
      return byParent.size;
    },
  );
}
