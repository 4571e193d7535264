import type { AnnouncementInput, CampaignAnnouncement } from '@safenet/core';
import { sql } from 'kysely';
import stringify from 'safe-stable-stringify';
import type {
  AnnouncementOccurrencesTable,
  AnnouncementRow,
  Executor,
  OccurrenceRow,
} from './calendar.tables.js';

// Rows become API records here and nowhere else.

const iso = (date: Date) => date.toISOString();

/** The API record of an announcement row. */
export function toAnnouncement(row: AnnouncementRow): CampaignAnnouncement {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    key: row.key,
    ...(row.title ? { title: row.title } : {}),
    content: row.content,
    segmentId: row.segment_id,
    channels: row.channels,
    ...(row.fallback_after_seconds === null
      ? {}
      : { fallbackAfterSeconds: row.fallback_after_seconds }),
    ...(row.urgent ? { urgent: true } : {}),
    schedule: row.schedule,
    version: row.version,
    versionSince: iso(row.version_since),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}

/**
 * What a version is made of: the template and the schedule, in a fixed order, so the same
 * announcement given again compares equal however its JSON was written. The key, the title
 * and the position are not part of it: changing them fires nothing again.
 */
export function versionOf(a: {
  content: unknown;
  segmentId: string;
  channels: readonly string[];
  fallbackAfterSeconds?: number | null | undefined;
  urgent?: boolean | undefined;
  schedule: unknown;
}): string {
  return stringify({
    content: a.content,
    segmentId: a.segmentId,
    channels: a.channels,
    fallbackAfterSeconds: a.fallbackAfterSeconds ?? null,
    urgent: a.urgent ?? false,
    schedule: a.schedule,
  }) as string;
}

/** The version of a stored announcement: {@link versionOf} of its row. */
export function rowVersion(row: AnnouncementRow): string {
  return versionOf({
    content: row.content,
    segmentId: row.segment_id,
    channels: row.channels,
    fallbackAfterSeconds: row.fallback_after_seconds,
    urgent: row.urgent,
    schedule: row.schedule,
  });
}

/** The announcements of a campaign, in their given order. */
export function announcementRows(
  db: Executor,
  campaignId: string,
  options: { forUpdate?: boolean } = {},
): Promise<AnnouncementRow[]> {
  return db
    .selectFrom('campaign_announcements')
    .selectAll()
    .where('campaign_id', '=', campaignId)
    .orderBy('position')
    .$if(options.forUpdate === true, (q) => q.forUpdate())
    .execute();
}

/** The announcements of many campaigns (the sweep's read). */
export function announcementsOf(
  db: Executor,
  campaignIds: readonly string[],
): Promise<AnnouncementRow[]> {
  if (campaignIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('campaign_announcements')
    .selectAll()
    .where('campaign_id', 'in', campaignIds)
    .orderBy('campaign_id')
    .orderBy('position')
    .execute();
}

/** One announcement, held against edits until the transaction ends (the fire step's re-read). */
export function announcementForShare(
  db: Executor,
  id: string,
): Promise<AnnouncementRow | undefined> {
  return db
    .selectFrom('campaign_announcements')
    .selectAll()
    .where('id', '=', id)
    .forShare()
    .executeTakeFirst();
}

/** The values of an announcement row from its input. */
function rowValues(a: AnnouncementInput, position: number) {
  return {
    key: a.key,
    position,
    title: a.title ? JSON.stringify(a.title) : null,
    content: JSON.stringify(a.content),
    segment_id: a.segmentId,
    channels: a.channels,
    fallback_after_seconds: a.fallbackAfterSeconds ?? null,
    urgent: a.urgent ?? false,
    schedule: JSON.stringify(a.schedule),
  };
}

/** Inserts a new announcement at version 1. */
export function insertAnnouncement(
  db: Executor,
  values: { id: string; campaignId: string; position: number; at: Date; input: AnnouncementInput },
): Promise<unknown> {
  return db
    .insertInto('campaign_announcements')
    .values({
      id: values.id,
      campaign_id: values.campaignId,
      ...rowValues(values.input, values.position),
      version: 1,
      version_since: values.at,
      created_at: values.at,
      updated_at: values.at,
    })
    .execute();
}

/** Rewrites an announcement; a new version when `bump`. */
export function updateAnnouncement(
  db: Executor,
  row: AnnouncementRow,
  values: { position: number; at: Date; input: AnnouncementInput; bump: boolean },
): Promise<unknown> {
  return db
    .updateTable('campaign_announcements')
    .set({
      ...rowValues(values.input, values.position),
      ...(values.bump ? { version: row.version + 1, version_since: values.at } : {}),
      updated_at: values.at,
    })
    .where('id', '=', row.id)
    .execute();
}

/** Deletes the announcements of a campaign whose keys are not in `keep`. */
export function deleteAnnouncementsExcept(
  db: Executor,
  campaignId: string,
  keep: readonly string[],
): Promise<unknown> {
  return db
    .deleteFrom('campaign_announcements')
    .where('campaign_id', '=', campaignId)
    .$if(keep.length > 0, (q) => q.where('key', 'not in', keep))
    .execute();
}

/** The keys of the occurrences already recorded for an announcement's version. */
export async function recordedKeys(
  db: Executor,
  announcementId: string,
  version: number,
): Promise<Set<string>> {
  const rows = await db
    .selectFrom('announcement_occurrences')
    .select('occurrence_key')
    .where('announcement_id', '=', announcementId)
    .where('version', '=', version)
    .execute();
  return new Set(rows.map((row) => row.occurrence_key));
}

/**
 * Records an occurrence unless it is recorded already (by another process: the primary key
 * decides, `ON CONFLICT DO NOTHING`). True when this call recorded it.
 */
export async function recordOccurrence(
  db: Executor,
  values: Omit<AnnouncementOccurrencesTable, 'due_at' | 'recorded_at'> & {
    due_at: Date;
    recorded_at: Date;
  },
): Promise<boolean> {
  const inserted = await db
    .insertInto('announcement_occurrences')
    .values(values)
    .onConflict((oc) => oc.columns(['announcement_id', 'occurrence_key', 'version']).doNothing())
    .returning(sql<number>`1`.as('one'))
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The recorded occurrences of a campaign due inside a range, sorted by instant. */
export function occurrenceRows(
  db: Executor,
  campaignId: string,
  range: { from: Date; to: Date },
): Promise<(OccurrenceRow & { key: string })[]> {
  return db
    .selectFrom('announcement_occurrences')
    .innerJoin(
      'campaign_announcements',
      'campaign_announcements.id',
      'announcement_occurrences.announcement_id',
    )
    .selectAll('announcement_occurrences')
    .select('campaign_announcements.key')
    .where('announcement_occurrences.campaign_id', '=', campaignId)
    .where('announcement_occurrences.due_at', '>=', range.from)
    .where('announcement_occurrences.due_at', '<', range.to)
    .orderBy('announcement_occurrences.due_at')
    .execute();
}
