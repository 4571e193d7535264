import type { Language, LocalizedText, ReportAssignee, ReportFormInput } from '@safenet/sdk';

/** A field as the hub takes it (defaults may be left out). */
type ReportFieldInput = ReportFormInput['fields'][number];
/** A schedule as the hub takes it. */
type ReportScheduleInput = ReportFormInput['schedule'];

/*
 * The simple form builder's state and what it sends: the hub checks the form (its schema is
 * core's ReportFormInput); the builder only leaves out what a person left empty.
 */

/** The types the builder offers: all of core's (`REPORT_FIELD_TYPES`). */
export const FIELD_TYPES = [
  'count',
  'number',
  'yesNo',
  'choice',
  'date',
  'text',
  'longText',
  'group',
] as const satisfies readonly ReportFieldInput['type'][];
export type FieldType = (typeof FIELD_TYPES)[number];

/** The scalar types a group's columns may take (anything but another group). */
export const COLUMN_TYPES = FIELD_TYPES.filter((t) => t !== 'group');

/** Text per language as typed: empty strings are "not given". */
export type TypedText = Partial<Record<Language, string>>;

/** An option of a choice field as typed. */
export interface DraftOption {
  key: string;
  label: TypedText;
}

/** A field as the builder holds it (a group's columns are fields too). */
export interface DraftField {
  type: FieldType;
  key: string;
  label: TypedText;
  required: boolean;
  /** A choice field's options. */
  options: DraftOption[];
  /** A group's columns. */
  columns: DraftField[];
}

/** The builder's schedule: once, or every school year, quarter or month. */
export type DraftSchedule =
  | { kind: 'once'; startsOn: string; endsOn: string; dueOn: string; locksOn: string }
  | {
      kind: 'recurring';
      every: 'schoolYear' | 'quarter' | 'month';
      from: string;
      dueAfterDays: number;
      lockAfterDays: number | null;
    };

/** The whole builder. */
export interface FormDraft {
  key: string;
  title: TypedText;
  fields: DraftField[];
  schedule: DraftSchedule;
}

/** A new, empty field of `type`. */
export function emptyField(type: FieldType = 'count'): DraftField {
  return { type, key: '', label: {}, required: false, options: [], columns: [] };
}

/** The text per language with the empty ones left out (trimmed). */
export function localized(text: TypedText): LocalizedText {
  const out: LocalizedText = {};
  for (const [language, value] of Object.entries(text) as [Language, string | undefined][]) {
    const trimmed = value?.trim();
    if (trimmed) out[language] = trimmed;
  }
  return out;
}

/** A drafted field as the hub takes it: options for a choice, columns for a group. */
export function fieldInput(field: DraftField): ReportFieldInput {
  const base = { key: field.key.trim(), label: localized(field.label), required: field.required };
  switch (field.type) {
    case 'choice':
      return {
        ...base,
        type: 'choice',
        options: field.options.map((o) => ({ key: o.key.trim(), label: localized(o.label) })),
      };
    case 'group':
      return {
        ...base,
        type: 'group',
        fields: field.columns.map((c) => fieldInput(c)) as Extract<
          ReportFieldInput,
          { type: 'group' }
        >['fields'],
      };
    default:
      return { ...base, type: field.type };
  }
}

/** The schedule as the hub takes it: an empty lock date or lock delay means "never locks". */
export function scheduleInput(schedule: DraftSchedule): ReportScheduleInput {
  if (schedule.kind === 'once') {
    const { startsOn, endsOn, dueOn, locksOn } = schedule;
    return { kind: 'once', startsOn, endsOn, dueOn, ...(locksOn ? { locksOn } : {}) };
  }
  const { every, from, dueAfterDays, lockAfterDays } = schedule;
  return {
    kind: 'recurring',
    every,
    from,
    dueAfterDays,
    ...(lockAfterDays === null ? {} : { lockAfterDays }),
  };
}

/** The form file's part of a form (core's `ReportFormFile`): all but the owner and campaign. */
export interface FormFileBody {
  key: string;
  title: LocalizedText;
  fields: ReportFieldInput[];
  schedule: ReportScheduleInput;
}

/** What the builder sends, before the owner and campaign are added. */
export function draftInput(draft: FormDraft): FormFileBody {
  return {
    key: draft.key.trim(),
    title: localized(draft.title),
    fields: draft.fields.map(fieldInput),
    schedule: scheduleInput(draft.schedule),
  };
}

/** An assignee as the editor holds it: one organisation, or every organisation of a kind under one. */
export type DraftAssignee =
  | { rule: 'org'; orgId: string }
  | { rule: 'allOf'; kind: Extract<ReportAssignee, { allOf: string }>['allOf']; under: string };

/** The assignees as the hub takes them. */
export function assigneesInput(assignees: readonly DraftAssignee[]): ReportAssignee[] {
  return assignees.map((a) =>
    a.rule === 'org' ? { orgId: a.orgId } : { allOf: a.kind, under: a.under },
  );
}

/** The editor's assignees from the hub's. */
export function draftAssignees(assignees: readonly ReportAssignee[]): DraftAssignee[] {
  return assignees.map((a) =>
    'orgId' in a
      ? { rule: 'org', orgId: a.orgId }
      : { rule: 'allOf', kind: a.allOf, under: a.under },
  );
}
