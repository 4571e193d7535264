import { z } from 'zod';
import { Channel, Id } from '../common/common.schema.js';
import { Role } from '../contact/contact.schema.js';
import { LocalizedText } from '../locale/language.schema.js';
import { OrganisationKind } from '../organisation/organisation.schema.js';

/**
 * The shapes of a campaign programme (issue 12), as zod schemas: the building blocks of the
 * programme file ({@link ProgrammeFile} in `programme.schema.ts`). Every object is strict, so a
 * misspelt field is an error rather than silently ignored. Rules that span fields (dates inside
 * the window, unique keys, anchors that name existing phases) live in `programme.checks.ts`.
 */

export { LocalizedText };

/** A calendar date, `YYYY-MM-DD`, read in the campaign's time zone. @example '2017-04-10' */
export const IsoDate = z.iso
  .date({ error: 'write a date as YYYY-MM-DD, e.g. 2017-04-10' })
  .describe('A calendar date, YYYY-MM-DD, read in the campaign’s time zone');
export type IsoDate = z.infer<typeof IsoDate>;

/** A time of day on the 24-hour clock, `HH:mm`. @example '09:00' */
export const LocalTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'write a time of day as HH:mm (24 h), e.g. 09:00' })
  .describe('A wall-clock time of day, HH:mm on the 24-hour clock');
export type LocalTime = z.infer<typeof LocalTime>;

/**
 * A stable identifier given in the file, so loading it again updates instead of duplicating.
 * @example '12a'
 */
export const Key = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, {
    error:
      'a key is 1–64 characters of a–z, 0–9, ".", "_" or "-", starting with a letter or digit, e.g. "item-7"',
  })
  .describe('A stable key of the file (a–z, 0–9, ".", "_", "-"; at most 64 characters)');
export type Key = z.infer<typeof Key>;

/** An RFC 5545 RRULE value without DTSTART; checked for sense in `programme.checks.ts`. */
const RRuleValue = z
  .string()
  .min(1)
  .max(500)
  .describe(
    'An RFC 5545 RRULE value without DTSTART, e.g. "FREQ=MONTHLY;BYMONTHDAY=25"; bounded by the campaign window',
  );

const text = (description: string) => LocalizedText.describe(description);

/** A stage of the campaign with its own dates inside the window. */
export const Phase = z
  .strictObject({
    key: Key.describe('The phase’s stable key, e.g. "main"'),
    title: text('The phase’s name per language'),
    startsOn: IsoDate.describe('First day of the phase (inside the campaign window)'),
    endsOn: IsoDate.describe('Last day of the phase (inside the campaign window)'),
  })
  .describe('A phase of the campaign (e.g. preparatory, main, results)');
export type Phase = z.infer<typeof Phase>;

/** A message for a wrong discriminator only; other issues (a missing object) keep zod's. */
const oneOf = (field: string, values: string) => ({
  error: (issue: { code: string }) =>
    issue.code === 'invalid_union' ? `"${field}" must be one of ${values}` : undefined,
});

/**
 * A deadline as programme documents give them: a window ("10 – 21 апреля"), a date ("до 30
 * апреля"), ongoing ("постоянно", "thường xuyên") or recurring (an RRULE whose occurrences are
 * the due dates, cut to the campaign window).
 *
 * @example { kind: 'window', from: '2017-04-10', to: '2017-04-21' }
 */
export const Deadline = z
  .discriminatedUnion(
    'kind',
    [
      z
        .strictObject({
          kind: z.literal('window'),
          from: IsoDate.describe('First day of the window'),
          to: IsoDate.describe('Last day of the window: the due date'),
        })
        .describe('A date window, e.g. "10 – 21 апреля"'),
      z
        .strictObject({
          kind: z.literal('date'),
          by: IsoDate.describe('The due date (inclusive)'),
        })
        .describe('A due date, e.g. "до 30 апреля"'),
      z
        .strictObject({ kind: z.literal('ongoing') })
        .describe('Ongoing throughout the campaign: "постоянно", "thường xuyên"; never overdue'),
      z
        .strictObject({
          kind: z.literal('recurring'),
          rrule: RRuleValue.describe(
            'RRULE whose occurrences are the due dates, e.g. "FREQ=YEARLY;BYMONTH=5;BYMONTHDAY=31"; no DTSTART',
          ),
        })
        .describe('A recurring deadline: every occurrence inside the campaign window is due'),
    ],
    oneOf('kind', 'window, date, ongoing, recurring'),
  )
  .describe('When a plan item is due');
export type Deadline = z.infer<typeof Deadline>;

/**
 * An organisation named in a file: by Safenet id, by the code (external id) the ministry
 * uses, or by names. A `path` is read from the campaign owner down (`[]` is the owner itself);
 * the owner's own path is read from the organisation that loads the file.
 *
 * @example { path: ['Đắk Lắk Department of Education and Training', 'Gia Lâm District Education Office'] }
 */
export const OrgRef = z
  .union([
    z.strictObject({ id: Id.describe('The organisation’s Safenet id') }),
    z.strictObject({
      code: z
        .string()
        .trim()
        .min(1)
        .max(100)
        .describe('The code or external id the ministry uses for the organisation'),
    }),
    z.strictObject({
      path: z
        .array(z.string().trim().min(1).max(200))
        .max(10)
        .describe(
          'Organisation names from the campaign owner down ([] is the owner; for `owner`, from the loading organisation)',
        ),
    }),
  ])
  .describe('An organisation: { id }, { code } or { path: [names…] }');
export type OrgRef = z.infer<typeof OrgRef>;

const byAgreement = z
  .boolean()
  .describe('Takes part "by agreement" ("по согласованию"): not under the owner’s authority');

/**
 * Who is responsible for a plan item: one organisation, or every organisation of a kind
 * beneath one ("all schools of Gia Lâm") — an assignment rule that expands when loaded.
 *
 * @example { allOf: 'province', under: { path: [] } }
 */
export const Responsible = z
  .union([
    z
      .strictObject({
        org: OrgRef.describe('The responsible organisation'),
        byAgreement: byAgreement.optional(),
      })
      .describe('One responsible organisation'),
    z
      .strictObject({
        allOf: OrganisationKind.describe('The kind of organisation, e.g. "school"'),
        under: OrgRef.describe('Every organisation of that kind beneath this one is responsible'),
        byAgreement: byAgreement.optional(),
      })
      .describe('An assignment rule: every organisation of a kind beneath one'),
  ])
  .describe('A responsible executor of a plan item');
export type Responsible = z.infer<typeof Responsible>;

/** An organiser of the campaign, an organisation of the tree. */
export const Organiser = z
  .strictObject({
    org: OrgRef.describe('The organising organisation'),
    byAgreement: byAgreement.optional(),
  })
  .describe('An organiser of the campaign');
export type Organiser = z.infer<typeof Organiser>;

/** One numbered activity of the plan. */
export const PlanItem = z
  .strictObject({
    key: Key.describe('Stable key of the item, unique across the whole plan, e.g. "1", "12a"'),
    number: z
      .string()
      .trim()
      .min(1)
      .max(20)
      .describe('The number as the document writes it, e.g. "12."'),
    title: text('The activity’s name per language'),
    completionForm: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe(
        'How completion is shown; free vocabulary, defaults: info-to-ministry, media-publications, info-to-minister',
      ),
    deadline: Deadline,
    responsible: z
      .array(Responsible)
      .min(1, { error: 'name at least one responsible executor' })
      .max(50)
      .describe('The responsible executors (at least one)'),
    phase: Key.optional().describe('Key of the phase the item belongs to'),
  })
  .describe('An activity of the plan');
export type PlanItem = z.infer<typeof PlanItem>;

/** A section of the plan grouping items, e.g. "Пропаганда ответственного родительства". */
export const PlanSection = z
  .strictObject({
    key: Key.describe('The section’s stable key'),
    title: text('The section’s heading per language'),
    items: z.array(PlanItem).max(500).describe('The section’s items in document order'),
  })
  .describe('A section of the activity plan');
export type PlanSection = z.infer<typeof PlanSection>;

/** What a relative schedule counts from. `item.deadline` is the deadline's last day. */
export const Anchor = z
  .discriminatedUnion(
    'to',
    [
      z.strictObject({
        to: z
          .literal(['campaign.start', 'campaign.end'])
          .describe('The campaign’s first or last day'),
      }),
      z.strictObject({
        to: z.literal(['phase.start', 'phase.end']).describe('A phase’s first or last day'),
        phase: Key.describe('Key of the phase'),
      }),
      z.strictObject({
        to: z
          .literal('item.deadline')
          .describe('A plan item’s due date (window.to, date.by, each recurring date)'),
        item: Key.describe('Key of the plan item'),
      }),
    ],
    {
      error:
        '"to" must be one of campaign.start, campaign.end, phase.start, phase.end, item.deadline',
    },
  )
  .describe('The day a relative schedule counts from');
export type Anchor = z.infer<typeof Anchor>;

/** When something goes out: at a date, relative to an anchor, or on a recurrence. */
export const When = z
  .discriminatedUnion(
    'kind',
    [
      z
        .strictObject({
          kind: z.literal('at'),
          date: IsoDate.describe('The day'),
          time: LocalTime.describe('The wall-clock time'),
        })
        .describe('At a date and time, e.g. 10 April 2017, 09:00'),
      z
        .strictObject({
          kind: z.literal('relative'),
          anchor: Anchor,
          days: z
            .int()
            .min(-366)
            .max(366)
            .describe('Days after the anchor; negative is before: -3 = "3 days before"'),
          time: LocalTime.describe('The wall-clock time'),
        })
        .describe('Relative to the campaign, a phase or an item’s deadline'),
      z
        .strictObject({
          kind: z.literal('recurring'),
          rrule: RRuleValue,
          time: LocalTime.describe('The wall-clock time of each occurrence'),
        })
        .describe('Recurring, e.g. every Monday 09:00 = FREQ=WEEKLY;BYDAY=MO'),
    ],
    oneOf('kind', 'at, relative, recurring'),
  )
  .describe('When it goes out; wall-clock rules are evaluated from the IANA zone at fire time');
export type When = z.infer<typeof When>;

/** A rule for when an announcement goes out, and in whose zone. */
export const Schedule = z
  .strictObject({
    when: When,
    zone: z
      .enum(['campaign', 'recipient'])
      .describe('"campaign": the campaign’s time zone; "recipient": each recipient’s own zone'),
  })
  .describe('When an announcement goes out');
export type Schedule = z.infer<typeof Schedule>;

const channels = z
  .array(Channel)
  .min(1, { error: 'name at least one channel, e.g. ["whatsapp", "sms"]' })
  .max(5)
  .refine((list) => new Set(list).size === list.length, {
    error: 'name each channel once',
    params: { code: 'duplicate_channel' },
  })
  .describe('Channels in fallback order');

/** A broadcast scheduled on the campaign's calendar. */
export const Announcement = z
  .strictObject({
    key: Key.describe('The announcement’s stable key'),
    title: text('A title for the calendar').optional(),
    content: z
      .union([
        z.strictObject({ recommendationId: Id.describe('A recommendation to broadcast') }),
        z.strictObject({ text: text('The message per language') }),
      ])
      .describe('The content: { recommendationId } or { text }'),
    segment: z
      .strictObject({
        orgs: z
          .array(OrgRef)
          .max(100)
          .optional()
          .describe('Organisations whose subtrees receive it'),
        roles: z.array(Role).max(20).optional().describe('Contact roles, e.g. "parent"'),
        segmentId: Id.optional().describe(
          'A saved segment of the owner’s subtree instead of orgs and roles (an export names the segments it cannot write as orgs and roles this way)',
        ),
      })
      .refine((s) => s.segmentId === undefined || (s.orgs === undefined && s.roles === undefined), {
        error: 'name the audience either by segmentId or by orgs and roles, not both',
        params: { code: 'segment_ambiguous' },
      })
      .optional()
      .describe('The audience; default: the campaign owner’s subtree'),
    channels,
    fallbackAfterSeconds: z
      .int()
      .min(1)
      .max(7 * 24 * 3600)
      .optional()
      .describe('Seconds before falling back to the next channel'),
    urgent: z.boolean().optional().describe('Overrides quiet hours'),
    schedule: Schedule,
  })
  .describe('An announcement: a broadcast with a rule for when it goes out');
export type Announcement = z.infer<typeof Announcement>;

/** Reminders of plan items' deadlines to the responsible organisations' contacts. */
export const Reminder = z
  .strictObject({
    key: Key.describe('The reminder’s stable key'),
    items: z
      .union([
        z.literal('all'),
        z.array(Key).min(1).max(500).describe('Keys of the plan items it reminds about'),
      ])
      .describe('"all" or the keys of plan items'),
    daysBefore: z
      .array(z.int().min(0).max(366))
      .min(1)
      .max(10)
      .refine((days) => new Set(days).size === days.length, {
        error: 'give each day once',
        params: { code: 'duplicate_day' },
      })
      .describe('Days before the deadline day, e.g. [3, 0]: 3 days before and on the day'),
    time: LocalTime.describe('Wall-clock time in each responsible organisation’s zone'),
    roles: z.array(Role).max(20).optional().describe('Contact roles to remind, e.g. "school_head"'),
    channels,
    digest: z
      .boolean()
      .optional()
      .describe('One message per organisation listing all its items due'),
  })
  .describe('A reminder of plan items’ deadlines');
export type Reminder = z.infer<typeof Reminder>;

/** Hours when messages wait; `from > to` crosses midnight. Default 21:00–08:00. */
export const QuietHours = z
  .strictObject({
    from: LocalTime.describe('Start of quiet hours'),
    to: LocalTime.describe('End of quiet hours (before `from`: the window crosses midnight)'),
  })
  .describe('Quiet hours in the recipient’s zone; default 21:00–08:00');
export type QuietHours = z.infer<typeof QuietHours>;
