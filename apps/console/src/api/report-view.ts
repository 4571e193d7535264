import type {
  Completeness,
  FieldTotal,
  LocalizedText,
  OrganisationKind,
  OwnReportStatus,
  ReportField,
  ReportPeriod,
  ReportSchedule,
  RollUpNode,
} from '@safenet/sdk';

/*
 * The results reports as the console shows them: pure functions from the hub's answers (a
 * form's fields and schedule, a period's roll-up) to what a page draws, tested alone.
 * Types come from core as types only: nothing of core is bundled.
 */

/**
 * How complete a subtree's reporting is, in five bands: `none` when nobody is expected, then
 * under 40 %, under 75 %, under 100 % and everyone. The tree view colours by band and always
 * prints the percentage too: colour is never the only sign.
 */
export type RateBand = 'none' | 'low' | 'partial' | 'most' | 'complete';

/** The band of a reporting rate (0–1, or null when nobody is expected). */
export function rateBand(rate: number | null): RateBand {
  if (rate === null) return 'none';
  if (rate >= 1) return 'complete';
  if (rate >= 0.75) return 'most';
  if (rate >= 0.4) return 'partial';
  return 'low';
}

/** Each band's Mantine colour (a light shade behind dark text keeps the contrast). */
export const BAND_COLORS = {
  none: 'gray',
  low: 'red',
  partial: 'orange',
  most: 'yellow',
  complete: 'teal',
} as const satisfies Record<RateBand, string>;

/** One column of the roll-up table: a field, or one option of a choice field. */
export interface RollUpColumn {
  /** `assemblies`, or `format.online` for an option. */
  key: string;
  fieldKey: string;
  optionKey: string | null;
  type: ReportField['type'];
  label: LocalizedText;
  /** The option's label, for a choice field's column. */
  optionLabel: LocalizedText | null;
  /** Listed fields (dates, texts, groups) show how many answers, not a sum. */
  listed: boolean;
}

const LISTED = new Set<ReportField['type']>(['date', 'text', 'longText', 'group']);

/** The table's columns in the form's order; a choice field gives one column per option. */
export function rollUpColumns(fields: readonly ReportField[]): RollUpColumn[] {
  return fields.flatMap((field): RollUpColumn[] => {
    const base = {
      fieldKey: field.key,
      type: field.type,
      label: field.label,
      listed: LISTED.has(field.type),
    };
    if (field.type === 'choice') {
      return field.options.map((option) => ({
        ...base,
        key: `${field.key}.${option.key}`,
        optionKey: option.key,
        optionLabel: option.label,
      }));
    }
    return [{ ...base, key: field.key, optionKey: null, optionLabel: null }];
  });
}

/**
 * A cell of the roll-up table: the sum of counts and numbers, yes answers, the choosers of
 * an option, or the number of listed answers (rows of a group); null when nobody answered
 * (shown as a dash: "none answered" is not "0 done").
 */
export function cellValue(total: FieldTotal | undefined, column: RollUpColumn): number | null {
  if (!total) return null;
  switch (total.type) {
    case 'count':
    case 'number':
      return total.answered === 0 ? null : total.sum;
    case 'yesNo':
      return total.answered === 0 ? null : total.yes;
    case 'choice':
      return total.answered === 0 ? null : (total.counts[column.optionKey ?? ''] ?? 0);
    case 'group':
      return total.rows.length === 0 ? null : total.rows.length;
    default:
      return total.values.length === 0 ? null : total.values.length;
  }
}

/** A row of the roll-up table: an organisation's totals and completeness. */
export interface RollUpRow {
  orgId: string;
  name: string;
  kind: OrganisationKind;
  own: OwnReportStatus;
  /** One per column, in the columns' order. */
  cells: (number | null)[];
  completeness: Completeness;
  band: RateBand;
}

/** The table's rows, one per roll-up node, in the hub's order. */
export function rollUpRows(
  columns: readonly RollUpColumn[],
  nodes: readonly RollUpNode[],
): RollUpRow[] {
  return nodes.map((node) => ({
    orgId: node.orgId,
    name: node.name,
    kind: node.kind,
    own: node.own,
    cells: columns.map((column) => cellValue(node.totals[column.fieldKey], column)),
    completeness: node.completeness,
    band: rateBand(node.completeness.reportingRate),
  }));
}

/** A sentence of the schedule in words: an i18n key under `reports.schedule` and its values. */
export interface ScheduleWords {
  key:
    | 'once'
    | 'onceLocks'
    | 'schoolYear'
    | 'quarter'
    | 'month'
    | 'dueDays'
    | 'locksDays'
    | 'until';
  values: Record<string, string | number>;
}

/**
 * A schedule said in sentences, days written by `day` (the reader's locale): "Once, for
 * 10 Apr 2017 – 21 Apr 2017, due 25 Apr 2017; locked after 30 Apr 2017", or "Every school year
 * from …; due 15 days after each period ends; locked 45 days after".
 */
export function scheduleWords(
  schedule: ReportSchedule,
  day: (iso: string) => string,
): ScheduleWords[] {
  if (schedule.kind === 'once') {
    const values = {
      from: day(schedule.startsOn),
      to: day(schedule.endsOn),
      due: day(schedule.dueOn),
    };
    return schedule.locksOn === undefined
      ? [{ key: 'once', values }]
      : [{ key: 'onceLocks', values: { ...values, locks: day(schedule.locksOn) } }];
  }
  const words: ScheduleWords[] = [
    { key: schedule.every, values: { from: day(schedule.from) } },
    { key: 'dueDays', values: { count: schedule.dueAfterDays } },
  ];
  if (schedule.lockAfterDays !== undefined)
    words.push({ key: 'locksDays', values: { count: schedule.lockAfterDays } });
  if (schedule.until !== undefined)
    words.push({ key: 'until', values: { day: day(schedule.until) } });
  return words;
}

/**
 * The period a list shows for a form "now": the one containing `today`; else the last one
 * already begun (its report may still be coming in); else the first to come.
 */
export function currentPeriod(
  periods: readonly ReportPeriod[],
  today: string,
): ReportPeriod | undefined {
  const containing = periods.find((p) => p.startsOn <= today && today <= p.endsOn);
  if (containing) return containing;
  const begun = periods.filter((p) => p.startsOn <= today);
  return begun.at(-1) ?? periods[0];
}

/** The roll-up page's URL search: whose subtree, and the kind of organisation per row. */
export interface RollUpSearch {
  orgId?: string;
  level?: OrganisationKind;
}

const KINDS: readonly string[] = ['ministry', 'province', 'district', 'school', 'association'];

/** Reads the URL's search, dropping what the page does not offer (a link edited by hand). */
export function rollUpSearch(search: Record<string, unknown>): RollUpSearch {
  return {
    ...(typeof search.orgId === 'string' && search.orgId ? { orgId: search.orgId } : {}),
    ...(typeof search.level === 'string' && KINDS.includes(search.level)
      ? { level: search.level as OrganisationKind }
      : {}),
  };
}
