import { createHash } from 'node:crypto';
import type { AnnouncementInput, CampaignStatus, ProgrammeFile, SegmentQuery } from '@safenet/core';
import stringify from 'safe-stable-stringify';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import type { PartProblem, ProgrammePart, ResolvedProgramme } from '../campaigns/index.js';
import { segmentOf } from '../segments/index.js';
import { ownersRecommendation, ownersSegment } from './calendar.audience.js';
import { writeAnnouncements } from './calendar.service.js';
import { announcementRows, rowVersion, versionOf } from './calendar.store.js';
import { type AnnouncementRow, own } from './calendar.tables.js';

/** Statuses whose announcements no longer change (as `PUT …/announcements` refuses them). */
const LOCKED: ReadonlySet<CampaignStatus> = new Set(['completed', 'archived', 'cancelled']);

type FileAnnouncement = NonNullable<ProgrammeFile['announcements']>[number];

/** The name of the segment a file's audience is saved as: campaign key and the query's digest. */
const PROGRAMME_SEGMENT = /^programme:[^:]+:[0-9a-f]{12}$/;

/**
 * The saved segment a file's announcement goes to: the segment it names by `segmentId`, or the
 * one of its organisations and roles — owned by the campaign's owner, its query the
 * organisations the file names (default: the owner's subtree) and its roles, both sorted; its
 * name `programme:<campaign key>:<12 hex digits of the query's SHA-256>`. The name is a
 * function of the campaign and the audience, so a reload finds the same segment (and the
 * announcement keeps its version), the announcements of a file with one audience share one
 * segment, and a changed audience is a new segment (and a new version of the announcement: what
 * had not fired for the old audience never will). Undefined when one of its organisations did
 * not resolve (reported already).
 */
function audienceOf(
  file: ProgrammeFile,
  index: number,
  resolved: ResolvedProgramme,
): { segmentId: string } | { orgId: string; name: string; query: SegmentQuery } | undefined {
  const segment = file.announcements?.[index]?.segment;
  if (segment?.segmentId) return { segmentId: segment.segmentId };
  const orgs = (segment?.orgs ?? []).map((_, k) =>
    resolved.org(`announcements[${index}].segment.orgs[${k}]`),
  );
  if (orgs.some((org) => org === undefined)) return undefined;
  const ids = orgs.length === 0 ? [resolved.owner.id] : orgs.map((org) => org?.id as string);
  const query: SegmentQuery = {
    underOrgIds: [...new Set(ids)].sort(),
    ...(segment?.roles?.length ? { roles: [...new Set(segment.roles)].sort() } : {}),
  };
  const digest = createHash('sha256')
    .update(stringify(query) as string)
    .digest('hex')
    .slice(0, 12);
  return { orgId: resolved.owner.id, name: `programme:${file.key}:${digest}`, query };
}

/**
 * The file's announcements as the calendar stores them (a segment id for each audience),
 * `create`-ing the segments that do not exist yet; an entry is undefined where its segment
 * does not exist (and was not created) or an organisation did not resolve.
 */
async function inputsOf(
  db: ExecutorHandle,
  file: ProgrammeFile,
  resolved: ResolvedProgramme,
  create: boolean,
): Promise<(AnnouncementInput | undefined)[]> {
  const inputs: (AnnouncementInput | undefined)[] = [];
  for (const [index, announcement] of (file.announcements ?? []).entries()) {
    const audience = audienceOf(file, index, resolved);
    const segmentId =
      audience &&
      ('segmentId' in audience ? audience.segmentId : await segmentOf(db, audience, { create }));
    const { segment: _segment, ...rest }: FileAnnouncement = announcement;
    inputs.push(segmentId ? { ...rest, segmentId } : undefined);
  }
  return inputs;
}

/**
 * A stored announcement's audience as a file writes it: the organisations and roles of a
 * segment a file made (nothing for the owner's whole subtree, the default), or the saved
 * segment's id for one made otherwise (its query may filter by language, age or channel, which
 * a file's `orgs` and `roles` cannot say).
 */
async function audienceIn(
  db: ExecutorHandle,
  ownerOrgId: string,
  segmentId: string,
): Promise<FileAnnouncement['segment']> {
  const segment = await ownersSegment(db, ownerOrgId, segmentId);
  const query = (segment?.query ?? {}) as SegmentQuery;
  const onlyOrgsAndRoles = Object.keys(query).every((k) => k === 'underOrgIds' || k === 'roles');
  if (!segment || !PROGRAMME_SEGMENT.test(segment.name) || !onlyOrgsAndRoles) return { segmentId };
  const orgs = query.underOrgIds ?? [];
  const wholeSubtree = orgs.length === 1 && orgs[0] === ownerOrgId;
  if (wholeSubtree && !query.roles?.length) return undefined;
  return {
    ...(wholeSubtree ? {} : { orgs: orgs.map((id) => ({ id })) }),
    ...(query.roles?.length ? { roles: query.roles } : {}),
  };
}

/** Whether the stored announcements are the inputs, in order: nothing to write. */
function same(
  rows: readonly AnnouncementRow[],
  inputs: readonly (AnnouncementInput | undefined)[],
) {
  if (rows.length !== inputs.length) return false;
  return rows.every((row, i) => {
    const input = inputs[i];
    return (
      input !== undefined &&
      row.key === input.key &&
      stringify(row.title ?? null) === stringify(input.title ?? null) &&
      rowVersion(row) === versionOf(input)
    );
  });
}

/**
 * The `announcements` part of a programme file: broadcasts on the campaign's calendar, written
 * by key as `PUT /v1/campaigns/:id/announcements` writes them (`writeAnnouncements`: a changed
 * template, audience or schedule is a new version; a key the file no longer has is removed). A
 * file names its audience as organisations and roles; the calendar stores a saved segment, one
 * per audience, made on the first load and found again on every load after (see
 * {@link audienceOf}). A file without `announcements` leaves the stored ones alone.
 *
 * Its problems are judged on the file: the loader's parse has checked the anchors against the
 * file's own phases and plan (nothing is written yet) and the loader has resolved the
 * audience's organisations in the owner's subtree; this adds a recommendation the owner cannot
 * see (`unknown_recommendation`), and a completed, archived or cancelled campaign's
 * announcements changing (`announcements_locked`).
 */
export function announcementsProgrammePart(): ProgrammePart {
  return {
    name: 'announcements',
    sections: ['announcements'],

    async read(db, campaign) {
      const rows = await announcementRows(own(db), campaign.id);
      if (rows.length === 0) return {};
      const announcements: FileAnnouncement[] = [];
      for (const row of rows) {
        const segment = await audienceIn(db, campaign.orgId, row.segment_id);
        announcements.push({
          key: row.key,
          ...(row.title ? { title: row.title } : {}),
          content: row.content,
          ...(segment ? { segment } : {}),
          channels: row.channels,
          ...(row.fallback_after_seconds === null
            ? {}
            : { fallbackAfterSeconds: row.fallback_after_seconds }),
          ...(row.urgent ? { urgent: true } : {}),
          schedule: row.schedule,
        } as FileAnnouncement);
      }
      return { announcements };
    },

    async problems(file, resolved, db, campaign) {
      if (file.announcements === undefined) return [];
      const problems: PartProblem[] = [];
      for (const [i, { segment }] of file.announcements.entries()) {
        if (!segment?.segmentId) continue;
        if (await ownersSegment(db, resolved.owner.id, segment.segmentId)) continue;
        problems.push({
          at: ['announcements', i, 'segment', 'segmentId'],
          code: 'unknown_segment',
          message: `no segment ${segment.segmentId} of the campaign owner or beneath it: use a saved segment of that subtree, or name organisations and roles`,
        });
      }
      for (const [i, { content }] of file.announcements.entries()) {
        if (!('recommendationId' in content)) continue;
        if (await ownersRecommendation(db, resolved.owner.id, content.recommendationId)) continue;
        problems.push({
          at: ['announcements', i, 'content', 'recommendationId'],
          code: 'unknown_recommendation',
          message: `no recommendation ${content.recommendationId} of the campaign owner or above it: use one the owner can see`,
        });
      }
      if (campaign && LOCKED.has(campaign.status)) {
        const rows = await announcementRows(own(db), campaign.id);
        if (!same(rows, await inputsOf(db, file, resolved, false))) {
          problems.push({
            at: ['announcements'],
            code: 'announcements_locked',
            message: `the campaign is ${campaign.status}: its announcements no longer change; load the file with them as they are stored, or copy the campaign into a new one`,
          });
        }
      }
      return problems;
    },

    async write(handle, campaign, file, resolved) {
      if (file.announcements === undefined || LOCKED.has(campaign.status)) return false;
      const inputs = await inputsOf(handle, file, resolved, true);
      const rows = await announcementRows(own(handle), campaign.id, { forUpdate: true });
      if (same(rows, inputs)) return false;
      await writeAnnouncements(
        handle,
        campaign,
        inputs.filter((input) => input !== undefined),
        resolved.now,
      );
      return true;
    },
  };
}
