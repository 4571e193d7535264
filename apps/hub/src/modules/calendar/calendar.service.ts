import {
  type AnnouncementInput,
  type AnnouncementsInput,
  addDays,
  announcementProblems,
  type CalendarOccurrence,
  type CalendarQuery,
  type CampaignAnnouncements,
  type CampaignCalendarView,
  calendarStatus,
  endOfDay,
  type FieldError,
  type PlanDeadlines,
  SafenetError,
  startOfDay,
} from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import { type ExecutorHandle, share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { type CampaignOnCalendar, campaignOnCalendar } from '../campaigns/index.js';
import { ownersRecommendation, ownersSegment, zonesOf } from './calendar.audience.js';
import type { CalendarDeps } from './calendar.deps.js';
import { occurrencesIn } from './calendar.occurrences.js';
import {
  announcementRows,
  deleteAnnouncementsExcept,
  insertAnnouncement,
  occurrenceRows,
  rowVersion,
  toAnnouncement,
  updateAnnouncement,
  versionOf,
} from './calendar.store.js';
import { own } from './calendar.tables.js';

/** `['body', 'announcements']` → `body.announcements`. */
function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, n) => (typeof p === 'number' ? `[${p}]` : n === 0 ? p : `.${p}`)).join('');
}

/** Statuses whose announcements no longer change: what has fired stays as it was. */
const LOCKED = new Set(['completed', 'archived', 'cancelled']);

/**
 * Every problem of a list of announcements for a campaign, each with its path under
 * `pathPrefix`: the cross-field rules of core (`announcementProblems`: unknown phase or item,
 * an item without a due date, an RRULE that does not parse or never fires inside the window,
 * a key given twice), and a segment or recommendation that is not the campaign owner's or
 * beneath it. Reads only; nothing is written. (A programme file's announcements are judged by
 * the announcements part instead, against the file's own plan and before its audience has a
 * segment: `calendar.programme-part.ts`.)
 */
export async function checkAnnouncements(
  db: ExecutorHandle,
  campaign: CampaignOnCalendar,
  list: readonly AnnouncementInput[],
  plan: PlanDeadlines,
  pathPrefix: readonly (string | number)[] = ['announcements'],
): Promise<FieldError[]> {
  const problems = announcementProblems(list, { ...campaign, plan }, pathPrefix);
  const at = (i: number, field: string) => `${formatPath(pathPrefix)}[${i}].${field}`;
  for (const [i, a] of list.entries()) {
    if (!(await ownersSegment(db, campaign.orgId, a.segmentId))) {
      problems.push({
        path: at(i, 'segmentId'),
        code: 'unknown_segment',
        message: `no segment ${a.segmentId} of the campaign owner or beneath it: use a saved segment of that subtree`,
      });
    }
    if (
      'recommendationId' in a.content &&
      !(await ownersRecommendation(db, campaign.orgId, a.content.recommendationId))
    ) {
      problems.push({
        path: at(i, 'content.recommendationId'),
        code: 'unknown_recommendation',
        message: `no recommendation ${a.content.recommendationId} of the campaign owner or above it: use one the owner can see`,
      });
    }
  }
  return problems;
}

/**
 * Writes a campaign's announcements, replacing them all by key, inside the caller's
 * transaction (check them first with {@link checkAnnouncements}): a new key is inserted at
 * version 1, a changed template or schedule becomes a new version from `now` (what had not
 * fired of the old one never will), a key left out is removed with its history. The caller
 * holds the campaign row (`FOR UPDATE`) so no occurrence fires meanwhile.
 */
export async function writeAnnouncements(
  trx: ExecutorHandle,
  campaign: { id: string },
  list: readonly AnnouncementInput[],
  now: Date,
): Promise<void> {
  const db = own(trx);
  const existing = new Map(
    (await announcementRows(db, campaign.id, { forUpdate: true })).map((row) => [row.key, row]),
  );
  await deleteAnnouncementsExcept(
    db,
    campaign.id,
    list.map((a) => a.key),
  );
  for (const [position, input] of list.entries()) {
    const row = existing.get(input.key);
    if (!row) {
      await insertAnnouncement(db, {
        id: uuidv7(),
        campaignId: campaign.id,
        position,
        at: now,
        input,
      });
      continue;
    }
    const before = rowVersion(row);
    await updateAnnouncement(db, row, {
      position,
      at: now,
      input,
      bump: before !== versionOf(input),
    });
  }
}

async function campaignOf(
  db: ExecutorHandle,
  auth: AuthContext,
  id: string,
  lock?: 'update',
): Promise<CampaignOnCalendar> {
  const campaign = await campaignOnCalendar(db, id, {
    inSubtreeOf: auth.orgId,
    ...(lock ? { lock } : {}),
  });
  if (!campaign) throw notFound('campaign', id);
  return campaign;
}

/** The announcements of a campaign of the caller's subtree (404 otherwise). */
export async function listAnnouncements(
  deps: CalendarDeps,
  auth: AuthContext,
  campaignId: string,
): Promise<CampaignAnnouncements> {
  await campaignOf(share(own(deps.db)), auth, campaignId);
  const rows = await announcementRows(own(deps.db), campaignId);
  return { items: rows.map(toAnnouncement) };
}

/**
 * Replaces a campaign's announcements, all or nothing: every problem is reported at once
 * (400 `announcement_invalid`, with its path), and nothing is written unless there is none.
 * A completed, archived or cancelled campaign's announcements do not change (409
 * `announcements_locked`).
 */
export async function putAnnouncements(
  deps: CalendarDeps,
  auth: AuthContext,
  campaignId: string,
  input: AnnouncementsInput,
): Promise<CampaignAnnouncements> {
  const db = own(deps.db);
  const now = new Date(deps.now());
  return db.transaction().execute(async (trx) => {
    const campaign = await campaignOf(share(trx), auth, campaignId, 'update');
    const status = calendarStatus(campaign, now);
    if (LOCKED.has(status)) {
      throw new SafenetError(
        'announcements_locked',
        `The campaign is ${status}: its announcements no longer change; create a new campaign (or copy this one) to announce again`,
      );
    }
    const plan = await deps.planOf(share(trx), campaign.id);
    const problems = await checkAnnouncements(share(trx), campaign, input.announcements, plan, [
      'body',
      'announcements',
    ]);
    if (problems.length > 0) {
      throw new SafenetError(
        'announcement_invalid',
        `Fix the announcements: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
        { errors: problems },
      );
    }
    await writeAnnouncements(share(trx), campaign, input.announcements, now);
    const rows = await announcementRows(trx, campaignId);
    return { items: rows.map(toAnnouncement) };
  });
}

/**
 * The calendar of a campaign of the caller's subtree: its phases, and every occurrence due
 * in `[from, to)` — the recorded ones (`fired` with their broadcast, `missed`), of every
 * version, and the ones still to come of each announcement's current version, computed from
 * today's data (`scheduled`, or `cancelled` once the campaign is cancelled or archived).
 * Default range: the campaign window with a month either side.
 */
export async function getCalendar(
  deps: CalendarDeps,
  auth: AuthContext,
  campaignId: string,
  query: CalendarQuery,
): Promise<CampaignCalendarView> {
  const db = own(deps.db);
  const now = new Date(deps.now());
  const campaign = await campaignOf(share(db), auth, campaignId);
  const from = query.from
    ? new Date(query.from)
    : startOfDay(addDays(campaign.startsOn, -31), campaign.timeZone);
  const to = query.to
    ? new Date(query.to)
    : endOfDay(addDays(campaign.endsOn, 31), campaign.timeZone);
  if (from >= to) {
    throw new SafenetError('validation_failed', 'from must be before to', {
      errors: [
        { path: 'querystring.to', code: 'range_inverted', message: 'give a `to` after `from`' },
      ],
    });
  }
  const status = calendarStatus(campaign, now);
  const pending = status === 'cancelled' || status === 'archived' ? 'cancelled' : 'scheduled';
  const plan = await deps.planOf(share(db), campaign.id);
  const rows = await announcementRows(db, campaignId);
  const recorded = await occurrenceRows(db, campaignId, { from, to });
  const seen = new Set(
    recorded.map((r) => `${r.announcement_id} ${r.version} ${r.occurrence_key}`),
  );
  const items: CalendarOccurrence[] = recorded.map((r) => ({
    announcementId: r.announcement_id,
    announcementKey: r.key,
    version: r.version,
    key: r.occurrence_key,
    at: r.due_at.toISOString(),
    zone: r.zone,
    state: r.state,
    broadcastId: r.broadcast_id,
  }));
  for (const row of rows) {
    const zones = await zonesOf(share(db), row, campaign);
    const since = new Date(Math.max(row.version_since.getTime(), from.getTime()));
    if (since >= to) continue;
    for (const o of occurrencesIn(row.schedule, campaign, plan, zones, { from: since, to })) {
      if (seen.has(`${row.id} ${row.version} ${o.key}`)) continue;
      items.push({
        announcementId: row.id,
        announcementKey: row.key,
        version: row.version,
        key: o.key,
        at: o.at.toISOString(),
        zone: o.zone,
        state: pending,
        broadcastId: null,
      });
    }
  }
  items.sort((a, b) => a.at.localeCompare(b.at) || a.key.localeCompare(b.key));
  return {
    campaignId,
    timeZone: campaign.timeZone,
    from: from.toISOString(),
    to: to.toISOString(),
    phases: campaign.phases,
    occurrences: items,
  };
}
