import { z } from 'zod';
import { IsoDate, Key } from '../campaign/shapes.schema.js';
import { Id, Timestamp } from '../common/common.schema.js';
import { LocalizedText } from '../locale/language.schema.js';
import { OrganisationKind } from '../organisation/organisation.schema.js';
import { ReportNudges } from './report-nudges.schema.js';

/**
 * Results reports (issue 13): a form of typed fields that organisations fill in per period,
 * assigned to the organisations that must report, rolled up the tree. The form is the
 * contract between the ministry and every school; its field keys are the columns of every
 * export and the names targets' formulas use, so they are stable keys, never labels.
 *
 * Naming: a *report form* (the columns), a *period* (the 2017 campaign; the school year
 * 2022–2023; April 2023), a *submission* (one organisation's values for one period).
 */

const label = LocalizedText.describe('The field’s label per language, as the form prints it');

const fieldBase = {
  key: Key.describe('The field’s stable key: its column in exports and its name in targets'),
  label,
  help: LocalizedText.optional().describe('A hint shown under the field, per language'),
  required: z.boolean().default(false).describe('A submission must answer it (a draft need not)'),
};

/** A whole number of things done or people reached: never negative. */
export const CountField = z
  .strictObject({
    ...fieldBase,
    type: z.literal('count'),
    max: z.int().min(0).optional().describe('The largest plausible value, if any'),
  })
  .describe('A count: a whole number, 0 or more (assemblies held, children reached)');

/** A number with an optional range and number of decimals. */
export const NumberField = z
  .strictObject({
    ...fieldBase,
    type: z.literal('number'),
    min: z.number().optional().describe('The smallest value allowed'),
    max: z.number().optional().describe('The largest value allowed'),
    decimals: z.int().min(0).max(6).default(2).describe('Decimal places kept (at most)'),
  })
  .describe('A number, e.g. a share or an amount');

export const YesNoField = z
  .strictObject({ ...fieldBase, type: z.literal('yesNo') })
  .describe('A yes/no answer; rolled up as the number of yes answers');

/** One option of a choice list. */
export const ChoiceOption = z
  .strictObject({
    key: Key.describe('The option’s stable key'),
    label: LocalizedText.describe('The option’s label per language'),
  })
  .describe('An option of a choice list');
export type ChoiceOption = z.infer<typeof ChoiceOption>;

export const ChoiceField = z
  .strictObject({
    ...fieldBase,
    type: z.literal('choice'),
    options: z.array(ChoiceOption).min(2).max(100).describe('The options, in display order'),
    multiple: z.boolean().default(false).describe('More than one option may be chosen'),
  })
  .describe('A choice list; rolled up as counts per option');

export const DateField = z
  .strictObject({ ...fieldBase, type: z.literal('date') })
  .describe('A calendar date, YYYY-MM-DD');

export const TextField = z
  .strictObject({
    ...fieldBase,
    type: z.literal('text'),
    maxLength: z.int().min(1).max(500).default(200).describe('The longest answer accepted'),
  })
  .describe('A short text: one line');

export const LongTextField = z
  .strictObject({
    ...fieldBase,
    type: z.literal('longText'),
    maxLength: z.int().min(1).max(10_000).default(4_000).describe('The longest answer accepted'),
  })
  .describe('A long text: paragraphs');

/** The fields a repeatable group's rows are made of: any field but another group. */
export const ScalarField = z.discriminatedUnion('type', [
  CountField,
  NumberField,
  YesNoField,
  ChoiceField,
  DateField,
  TextField,
  LongTextField,
]);
export type ScalarField = z.infer<typeof ScalarField>;

/** Rows of the same fields, as many as there are: media coverage (outlet, date, link). */
export const GroupField = z
  .strictObject({
    ...fieldBase,
    type: z.literal('group'),
    fields: z.array(ScalarField).min(1).max(20).describe('The columns of each row'),
    maxRows: z.int().min(1).max(1_000).default(200).describe('The most rows a submission holds'),
  })
  .describe('A repeatable group of fields; rolled up as the list of every row');

/** A field of a report form: any scalar field, or a repeatable group of them. */
export const ReportField = z.discriminatedUnion('type', [...ScalarField.options, GroupField]);
export type ReportField = z.infer<typeof ReportField>;
export type ReportFieldInput = z.input<typeof ReportField>;
export type ReportFieldType = ReportField['type'];
export const REPORT_FIELD_TYPES = [
  'count',
  'number',
  'yesNo',
  'choice',
  'date',
  'text',
  'longText',
  'group',
] as const satisfies readonly ReportFieldType[];

/** How often a form is reported: a period's key names it in every URL and export. */
export const RECURRENCES = ['schoolYear', 'quarter', 'month'] as const;
export const Recurrence = z.enum(RECURRENCES);
export type Recurrence = z.infer<typeof Recurrence>;

/**
 * When a form is reported: once (a campaign's report: the period is the campaign, key
 * `once`), or every school year (key `2022-2023`), quarter (`2023-Q2`) or month (`2023-04`).
 * Due and lock dates are calendar dates read in each reporting organisation's own time zone:
 * a submission is on time when its first submission comes before the due date has ended
 * there; after the lock date has ended nothing is submitted or changed, except by an
 * organisation given an exception.
 *
 * @example { kind: 'once', startsOn: '2017-04-10', endsOn: '2017-04-21', dueOn: '2017-04-25', locksOn: '2017-04-30' }
 * @example { kind: 'recurring', every: 'schoolYear', from: '2022-09-01', dueAfterDays: 15, lockAfterDays: 45 }
 */
export const ReportSchedule = z
  .discriminatedUnion('kind', [
    z
      .strictObject({
        kind: z.literal('once'),
        startsOn: IsoDate.describe('First day the report covers'),
        endsOn: IsoDate.describe('Last day the report covers'),
        dueOn: IsoDate.describe('The due date (inclusive), e.g. "Отчет до 25 апреля 2017 г"'),
        locksOn: IsoDate.optional().describe(
          'Last day submissions are taken or changed (inclusive); default: no lock',
        ),
      })
      .describe('One period: the campaign’s report'),
    z
      .strictObject({
        kind: z.literal('recurring'),
        every: Recurrence.describe('The length of each period'),
        from: IsoDate.describe('A day of the first period'),
        until: IsoDate.optional().describe('A day of the last period; default: open-ended'),
        schoolYearStartsInMonth: z
          .int()
          .min(1)
          .max(12)
          .default(9)
          .describe('The month a school year begins (9: September)'),
        dueAfterDays: z
          .int()
          .min(0)
          .max(366)
          .describe('Days after a period’s last day that its report is due (0: its last day)'),
        lockAfterDays: z
          .int()
          .min(0)
          .max(732)
          .optional()
          .describe('Days after a period’s last day that it locks; default: no lock'),
      })
      .describe('A period after period: school years, quarters or months'),
  ])
  .superRefine((schedule, ctx) => {
    const problem = (path: string, message: string) =>
      ctx.addIssue({
        code: 'custom',
        path: [path],
        message,
        params: { code: 'report_schedule_invalid' },
      });
    if (schedule.kind === 'once') {
      if (schedule.endsOn < schedule.startsOn)
        problem('endsOn', 'the period ends before it starts');
      if (schedule.dueOn < schedule.startsOn)
        problem(
          'dueOn',
          `the due date ${schedule.dueOn} is before the period starts (${schedule.startsOn})`,
        );
      if (schedule.locksOn !== undefined && schedule.locksOn < schedule.dueOn)
        problem(
          'locksOn',
          `the lock date ${schedule.locksOn} is before the due date ${schedule.dueOn}`,
        );
    } else {
      if (schedule.until !== undefined && schedule.until < schedule.from)
        problem('until', 'the last period is before the first');
      if (schedule.lockAfterDays !== undefined && schedule.lockAfterDays < schedule.dueAfterDays)
        problem('lockAfterDays', 'a period would lock before its report is due');
    }
  })
  .describe('When the form is reported: once, or every school year, quarter or month');
export type ReportSchedule = z.output<typeof ReportSchedule>;
export type ReportScheduleInput = z.input<typeof ReportSchedule>;

/** One period of a form, with its dates (calendar dates, read in each organisation's zone). */
export const ReportPeriod = z.object({
  key: z.string().describe('once, 2022-2023, 2023-Q2 or 2023-04'),
  startsOn: IsoDate,
  endsOn: IsoDate,
  dueOn: IsoDate,
  locksOn: IsoDate.nullable().describe('null: the period never locks'),
});
export type ReportPeriod = z.infer<typeof ReportPeriod>;

const fieldList = z
  .array(ReportField)
  .min(1, { error: 'a form needs at least one field' })
  .max(200)
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((field, index) => {
      if (seen.has(field.key))
        ctx.addIssue({
          code: 'custom',
          path: [index, 'key'],
          message: `the key "${field.key}" is used by another field`,
          params: { code: 'report_form_invalid' },
        });
      seen.add(field.key);
      if (field.type === 'choice') {
        const options = new Set(field.options.map((o) => o.key));
        if (options.size !== field.options.length)
          ctx.addIssue({
            code: 'custom',
            path: [index, 'options'],
            message: 'each option needs its own key',
            params: { code: 'report_form_invalid' },
          });
      }
      if (field.type === 'group') {
        const columns = new Set(field.fields.map((f) => f.key));
        if (columns.size !== field.fields.length)
          ctx.addIssue({
            code: 'custom',
            path: [index, 'fields'],
            message: 'each column of the group needs its own key',
            params: { code: 'report_form_invalid' },
          });
      }
      if (
        field.type === 'number' &&
        field.min !== undefined &&
        field.max !== undefined &&
        field.max < field.min
      )
        ctx.addIssue({
          code: 'custom',
          path: [index, 'max'],
          message: 'max is below min',
          params: { code: 'report_form_invalid' },
        });
    });
  })
  .describe('The form’s fields in display order; keys unique');

/**
 * The levels that approve a form's reports, lowest first (DHIS2's approval levels): kinds of
 * organisation, e.g. district, province, ministry. Empty (the default): no approval.
 */
const approvalLevelList = z
  .array(OrganisationKind)
  .max(10)
  .refine((kinds) => new Set(kinds).size === kinds.length, {
    error: 'each kind approves once: list it once',
  })
  .describe('Kinds of organisation that approve, lowest first; empty: no approval');

/**
 * A report form as the API creates it: owned by an organisation (whose subtree it may be
 * assigned to), optionally belonging to one of its campaigns.
 *
 * @example
 * { orgId: ministryId, key: 'safe-internet-2017-results', campaignId,
 *   title: { ru: 'Итоги информационной кампании «Безопасный интернет»' },
 *   fields: [{ key: 'assemblies', type: 'count', label: { ru: 'Кол-во общешкольных линеек' } }],
 *   schedule: { kind: 'once', startsOn: '2017-04-10', endsOn: '2017-04-21', dueOn: '2017-04-25', locksOn: '2017-04-30' } }
 */
export const ReportFormInput = z
  .strictObject({
    orgId: Id.describe('The owner: the form may be assigned to its subtree'),
    key: Key.describe('The form’s stable key, unique in the owner organisation'),
    campaignId: Id.nullable()
      .default(null)
      .describe('The campaign the report belongs to; null for periodic programme reporting'),
    title: LocalizedText.describe('The form’s title per language'),
    description: LocalizedText.optional().describe('What the form is for, per language'),
    fields: fieldList,
    schedule: ReportSchedule,
    approvalLevels: approvalLevelList.default([]),
    nudges: ReportNudges.nullable()
      .default(null)
      .describe('Reminders before the due date and digests after it; null (the default): none'),
  })
  .describe('A report form');
export type ReportFormInput = z.input<typeof ReportFormInput>;

/**
 * A report form as a file holds it (`examples/reports/*.yaml`): the form without its owner and
 * campaign, which the loader gives.
 *
 * @example
 * ReportFormFile.parse(parseYaml(readFileSync('examples/reports/safe-internet-2017-results.ru.yaml', 'utf8')));
 */
export const ReportFormFile = ReportFormInput.omit({ orgId: true, campaignId: true }).describe(
  'A report form as a file holds it (the loader gives its owner and campaign)',
);
export type ReportFormFile = z.input<typeof ReportFormFile>;

/** Changing a form: any of its texts, fields or schedule (the hub refuses breaking a form in use). */
export const ReportFormPatch = z
  .strictObject({
    title: LocalizedText.optional(),
    description: LocalizedText.nullable().optional().describe('null removes it'),
    fields: fieldList.optional(),
    schedule: ReportSchedule.optional(),
    approvalLevels: approvalLevelList.optional(),
    nudges: ReportNudges.nullable().optional().describe('null stops them'),
  })
  .describe('Changes to a report form');
export type ReportFormPatch = z.input<typeof ReportFormPatch>;

/** A stored report form. */
export const ReportForm = z.object({
  id: Id,
  orgId: Id,
  key: z.string(),
  campaignId: Id.nullable(),
  title: LocalizedText,
  description: LocalizedText.nullable(),
  fields: z.array(ReportField),
  schedule: ReportSchedule,
  approvalLevels: z.array(OrganisationKind).describe('Kinds that approve, lowest first'),
  nudges: ReportNudges.nullable().describe('Reminders and digests; null: none'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type ReportForm = z.infer<typeof ReportForm>;

/**
 * Who must report: one organisation, or every organisation of a kind beneath one (all
 * schools of Đắk Lắk; all provinces). Rules are kept as written and read against the tree
 * as it is: a school opened later is expected too.
 *
 * @example { allOf: 'province', under: ministryId }
 */
export const ReportAssignee = z
  .union([
    z.strictObject({ orgId: Id.describe('An organisation that must report') }),
    z.strictObject({
      allOf: OrganisationKind.describe('The kind of organisation, e.g. "school"'),
      under: Id.describe('Every organisation of that kind beneath this one must report'),
    }),
  ])
  .describe('{ orgId } or { allOf, under }');
export type ReportAssignee = z.infer<typeof ReportAssignee>;

/** The whole assignment of a form, replacing the previous one. */
export const ReportAssignmentInput = z
  .strictObject({
    assignees: z.array(ReportAssignee).max(500).describe('Who must report; empty: nobody yet'),
  })
  .describe('Who must report on a form');
export type ReportAssignmentInput = z.input<typeof ReportAssignmentInput>;
