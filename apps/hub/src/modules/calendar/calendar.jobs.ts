import { type Broadcast, SafenetError, type SegmentQuery } from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import { type ExecutorHandle, share } from '../../platform/database/schema.js';
import { type ContentTerms, contentTerms, insertBroadcast } from '../broadcasts/index.js';
import { campaignIdsOnCalendar, campaignOnCalendar } from '../campaigns/index.js';
import { ownersSegment, zonesOf } from './calendar.audience.js';
import type { CalendarDeps, FireCandidate } from './calendar.deps.js';
import { publishOccurrence } from './calendar.events.js';
import { campaignFires, occurrencesIn } from './calendar.occurrences.js';
import {
  announcementForShare,
  announcementsOf,
  recordedKeys,
  recordOccurrence,
} from './calendar.store.js';
import { own } from './calendar.tables.js';

/** How often the calendar looks for announcements that are due. */
export const ANNOUNCEMENT_SWEEP_MS = 30_000;

/** Campaigns whose last day is longer ago than this have nothing left to fire (days ≤ 366). */
const LOOKBACK_DAYS = 370;

/** What one sweep did. */
export interface SweepResult {
  fired: number;
  missed: number;
}

/**
 * The calendar's sweep: for each announcement of a campaign the calendar runs (scheduled,
 * active, or completed lately: "3 days after the end" fires after it), every occurrence of its
 * current version due by now and not yet recorded goes through the fire step, one
 * transaction each. Occurrences due before the version was written are not its own and
 * are neither fired nor missed. Any number of worker processes may sweep at once: the fire
 * step records each (announcement, occurrence, version) once.
 */
export async function sweepAnnouncements(deps: CalendarDeps): Promise<SweepResult> {
  const db = own(deps.db);
  const now = new Date(deps.now());
  const result: SweepResult = { fired: 0, missed: 0 };
  const since = new Date(now.getTime() - LOOKBACK_DAYS * 86_400_000).toISOString().slice(0, 10);
  const campaignIds = await campaignIdsOnCalendar(share(db), since);
  const rows = await announcementsOf(db, campaignIds);
  const campaigns = new Map<string, Awaited<ReturnType<typeof campaignOnCalendar>>>();
  for (const row of rows) {
    if (!campaigns.has(row.campaign_id)) {
      campaigns.set(row.campaign_id, await campaignOnCalendar(share(db), row.campaign_id));
    }
    const campaign = campaigns.get(row.campaign_id);
    if (!campaign || !campaignFires(campaign, now) || row.version_since > now) continue;
    const plan = await deps.planOf(share(db), campaign.id);
    const zones = await zonesOf(share(db), row, campaign);
    const due = occurrencesIn(row.schedule, campaign, plan, zones, {
      from: row.version_since,
      to: new Date(now.getTime() + 1),
    });
    if (due.length === 0) continue;
    const done = await recordedKeys(db, row.id, row.version);
    for (const occurrence of due) {
      if (done.has(occurrence.key)) continue;
      const outcome = await fireOccurrence(deps, {
        campaignId: campaign.id,
        announcementId: row.id,
        version: row.version,
        key: occurrence.key,
        zone: occurrence.zone,
      });
      if (outcome === 'fired') result.fired++;
      if (outcome === 'missed') result.missed++;
    }
  }
  return result;
}

/** An occurrence the sweep found due, as it read it. */
interface Due extends FireCandidate {
  campaignId: string;
  zone: string;
}

/**
 * The fire step, one transaction: re-reads the campaign and the announcement (held `FOR
 * SHARE`, so an edit waits for it or it for the edit) and recomputes the occurrence from
 * what is stored now — a version, a date, a phase or a zone that moved since the sweep read
 * them means it no longer exists, and nothing stale is sent. Then it records the occurrence
 * (`ON CONFLICT DO NOTHING`: another process may have), and only if this call recorded it
 * creates the broadcast, with its expand job, in the same transaction — or, due longer ago
 * than the grace, records it `missed` and sends nothing.
 */
export async function fireOccurrence(
  deps: CalendarDeps,
  due: Due,
): Promise<'fired' | 'missed' | 'skipped'> {
  const db = own(deps.db);
  return db.transaction().execute(async (trx) => {
    const now = new Date(deps.now());
    const campaign = await campaignOnCalendar(share(trx), due.campaignId, { lock: 'share' });
    if (!campaign || !campaignFires(campaign, now)) return 'skipped';
    const row = await announcementForShare(trx, due.announcementId);
    if (!row || row.version !== due.version) return 'skipped';
    const plan = await deps.planOf(share(trx), campaign.id);
    const zones = row.schedule.zone === 'campaign' ? [campaign.timeZone] : [due.zone];
    const occurrence = occurrencesIn(row.schedule, campaign, plan, zones, {
      from: row.version_since,
      to: new Date(now.getTime() + 1),
    }).find((o) => o.key === due.key);
    if (!occurrence) return 'skipped';
    await deps.beforeRecord?.(
      { announcementId: row.id, version: row.version, key: occurrence.key },
      share(trx),
    );
    const late = now.getTime() - occurrence.at.getTime() > deps.graceMs;
    const segment = late
      ? undefined
      : await ownersSegment(share(trx), campaign.orgId, row.segment_id);
    const content = 'text' in row.content ? { body: row.content.text } : row.content;
    const terms = segment
      ? await publishedTerms(share(trx), content, segment.query as SegmentQuery)
      : undefined;
    // A segment gone or moved out of the owner's subtree since, or a recommendation with no
    // published version (withdrawn, or never approved): recorded as missed, not sent.
    const state = segment && terms ? 'fired' : 'missed';
    const broadcastId = state === 'fired' ? uuidv7() : null;
    const recorded = await recordOccurrence(trx, {
      announcement_id: row.id,
      occurrence_key: occurrence.key,
      version: row.version,
      campaign_id: campaign.id,
      due_at: occurrence.at,
      zone: occurrence.zone,
      state,
      broadcast_id: broadcastId,
      recorded_at: now,
    });
    if (!recorded) return 'skipped';
    if (segment && terms && broadcastId) {
      const query = terms.segmentQuery;
      await insertBroadcast(share(trx), deps.boss, {
        id: broadcastId,
        orgId: campaign.orgId,
        campaignId: campaign.id,
        segmentId: segment.id,
        segmentQuery:
          row.schedule.zone === 'recipient' ? { ...query, timeZones: [occurrence.zone] } : query,
        channels: row.channels,
        content,
        contentVersion: terms.contentVersion,
        variables: {},
        sendAt: now,
        fallbackAfterSeconds: row.fallback_after_seconds,
        urgent: row.urgent,
        now,
      });
    }
    await publishOccurrence(
      deps,
      trx,
      {
        orgId: campaign.orgId,
        campaignId: campaign.id,
        announcementId: row.id,
        announcementKey: row.key,
        version: row.version,
        key: occurrence.key,
        dueAt: occurrence.at,
        state,
        broadcastId,
      },
      now,
    );
    return state;
  });
}

/**
 * The terms an announcement's content is sent on (its recommendation's published version, the
 * segment narrowed to its targets), or undefined when the recommendation has none published.
 */
async function publishedTerms(
  db: ExecutorHandle,
  content: Broadcast['content'],
  query: SegmentQuery,
): Promise<ContentTerms | undefined> {
  try {
    return await contentTerms(db, content, query, false);
  } catch (error) {
    if (error instanceof SafenetError && error.code === 'recommendation_not_published') {
      return undefined;
    }
    throw error;
  }
}
