import { z } from 'zod';
import { Id, Timestamp } from '../common/common.schema.js';
import type { FieldError } from '../errors.js';
import type { PlanDeadlines } from './calendar.js';
import { type CheckProblem, formatPath, programmeProblems } from './programme.checks.js';
import { Announcement, Phase } from './shapes.schema.js';

/**
 * The campaign's calendar as the API gives it (issue 12): announcements — a broadcast template
 * plus a {@link Schedule} — and the occurrences they fire. The file's {@link Announcement} is
 * reused as it is, except its audience: the API names a saved segment (`segmentId`), the
 * broadcast's own audience, where the file names organisations and roles that its loader
 * turns into one.
 */

/**
 * One announcement as `PUT /v1/campaigns/:id/announcements` takes it.
 *
 * @example
 * { key: 'opening', content: { text: { ru: 'Кампания началась', en: 'The campaign has begun' } },
 *   segmentId, channels: ['whatsapp', 'sms'], schedule: { when: { kind: 'relative', anchor: { to: 'campaign.start' }, days: 0, time: '09:00' }, zone: 'recipient' } }
 */
export const AnnouncementInput = Announcement.omit({ segment: true })
  .extend({
    segmentId: Id.describe('The saved segment it goes to, in the campaign owner’s subtree'),
  })
  .describe('An announcement: a broadcast template with a rule for when it goes out');
export type AnnouncementInput = z.infer<typeof AnnouncementInput>;

/** The body of `PUT /v1/campaigns/:id/announcements`: the whole list, replaced by key. */
export const AnnouncementsInput = z
  .strictObject({
    announcements: z
      .array(AnnouncementInput)
      .max(200)
      .describe('Every announcement of the campaign; those left out are removed'),
  })
  .describe('The campaign’s announcements, all of them');
export type AnnouncementsInput = z.infer<typeof AnnouncementsInput>;

/** An announcement as stored: its input, its id and its version. */
export const CampaignAnnouncement = AnnouncementInput.extend({
  id: Id,
  campaignId: Id,
  version: z
    .int()
    .min(1)
    .describe(
      'Bumped whenever its template or schedule changes: an occurrence fires once per version',
    ),
  versionSince: Timestamp.describe(
    'When this version was written: occurrences due before it never applied to it',
  ),
  createdAt: Timestamp,
  updatedAt: Timestamp,
}).describe('An announcement of a campaign');
export type CampaignAnnouncement = z.infer<typeof CampaignAnnouncement>;

/** The announcements of a campaign, in the order they were given. */
export const CampaignAnnouncements = z.object({ items: z.array(CampaignAnnouncement) });
export type CampaignAnnouncements = z.infer<typeof CampaignAnnouncements>;

/**
 * The state of an occurrence: `scheduled` (computed, still to come), `fired` (its broadcast
 * was created), `missed` (the hub was down past the grace: never sent late), `cancelled` (the
 * campaign was cancelled before it came).
 */
export const OCCURRENCE_STATES = ['scheduled', 'fired', 'missed', 'cancelled'] as const;
export const OccurrenceState = z.enum(OCCURRENCE_STATES);
export type OccurrenceState = z.infer<typeof OccurrenceState>;

/** One occurrence of an announcement on the calendar. */
export const CalendarOccurrence = z
  .object({
    announcementId: Id,
    announcementKey: z.string(),
    version: z.int().describe('The announcement’s version it belongs to'),
    key: z
      .string()
      .describe('Stable key: local date and time @ zone, e.g. 2017-04-10T09:00@Asia/Almaty'),
    at: Timestamp.describe('The instant it is (or was) due'),
    zone: z.string().describe('The IANA zone its wall-clock time is read in'),
    state: OccurrenceState,
    broadcastId: Id.nullable().describe('The broadcast it created, once fired'),
  })
  .describe('An occurrence of an announcement');
export type CalendarOccurrence = z.infer<typeof CalendarOccurrence>;

/** `GET /v1/campaigns/:id/calendar`: the phases and every occurrence between `from` and `to`. */
export const CampaignCalendarView = z
  .object({
    campaignId: Id,
    timeZone: z.string(),
    from: Timestamp,
    to: Timestamp,
    phases: z.array(Phase),
    occurrences: z.array(CalendarOccurrence).describe('Sorted by instant'),
  })
  .describe('A campaign’s calendar');
export type CampaignCalendarView = z.infer<typeof CampaignCalendarView>;

/** The range a calendar is read for; default the campaign window with a month either side. */
export const CalendarQuery = z.strictObject({
  from: Timestamp.optional().describe('From this instant (included)'),
  to: Timestamp.optional().describe('Until this instant (excluded)'),
});
export type CalendarQuery = z.infer<typeof CalendarQuery>;

/** What announcements are checked against: the campaign's window, phases and plan. */
export interface AnnouncementContext {
  startsOn: string;
  endsOn: string;
  phases: readonly Phase[];
  plan: PlanDeadlines;
}

/**
 * Every cross-field problem of a list of announcements against a campaign — unknown phases and
 * items, items without a due date, RRULEs that do not parse or never fire inside the window,
 * keys given twice — each with its path from `pathPrefix` (e.g. `['body', 'announcements']`).
 * The programme file's checks (`programmeProblems`) are reused: one set of rules for both.
 */
export function announcementProblems(
  announcements: readonly unknown[],
  campaign: AnnouncementContext,
  pathPrefix: readonly (string | number)[] = ['announcements'],
): FieldError[] {
  const problems: CheckProblem[] = programmeProblems({
    startsOn: campaign.startsOn,
    endsOn: campaign.endsOn,
    phases: campaign.phases,
    plan: campaign.plan,
    announcements,
  });
  return problems
    .filter((p) => p.path[0] === 'announcements')
    .map((p) => ({
      path: formatPath([...pathPrefix, ...p.path.slice(1)]),
      code: p.code,
      message: p.message,
    }));
}
