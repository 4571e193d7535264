import { DateTime } from 'luxon';
import stringify from 'safe-stable-stringify';
import { z } from 'zod';
import type { ReportField, ScalarField } from './report-form.schema.js';
import type { ReportValues } from './report-submission.schema.js';

/**
 * Checking an organisation's answers against its form. One schema per form, built here, so
 * the API, the link form and the SDK's callers all read the same rules. A missing or null
 * answer is unanswered (a draft may leave anything unanswered; a submission must answer the
 * required fields); text is trimmed and an empty text is unanswered. The parsed values keep
 * only the answered fields, normalised (trimmed text, rows without their unanswered cells).
 */

type Path = (string | number)[];
type Problem = (path: Path, message: string) => void;
/** What a value reads as: `unanswered`, or the normalised answer. */
const UNANSWERED = Symbol('unanswered');
/** A value refused (its problem already reported): neither an answer nor a missing one. */
const INVALID = Symbol('invalid');
type Reading = unknown;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function shown(value: unknown): string {
  if (typeof value === 'string')
    return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'an object';
  return String(value);
}

/** Decimal places of a number as JavaScript writes it shortest (1e-7 has 7). */
function decimalsOf(value: number): number {
  const [mantissa = '', exponent = '0'] = String(Math.abs(value)).split('e');
  const places = mantissa.split('.')[1]?.length ?? 0;
  return Math.max(0, places - Number(exponent));
}

function isRealDate(value: string): boolean {
  return DATE.test(value) && DateTime.fromISO(value, { zone: 'utc' }).isValid;
}

/** One scalar answer: its normalised value, unanswered, or a problem reported. */
function readScalar(field: ScalarField, value: unknown, path: Path, problem: Problem): Reading {
  if (value === undefined || value === null) return UNANSWERED;
  const name = path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${part}`))
    .join('')
    .slice(1);
  const fail = (message: string): Reading => {
    problem(path, `${name}: ${message}, got ${shown(value)}`);
    return INVALID;
  };
  switch (field.type) {
    case 'count': {
      if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0)
        return fail('a count is a whole number 0 or more');
      if (field.max !== undefined && value > field.max)
        return fail(`a count here is at most ${field.max}`);
      return value;
    }
    case 'number': {
      if (typeof value !== 'number' || !Number.isFinite(value)) return fail('write a number');
      if (field.min !== undefined && value < field.min)
        return fail(`the smallest value is ${field.min}`);
      if (field.max !== undefined && value > field.max)
        return fail(`the largest value is ${field.max}`);
      if (decimalsOf(value) > field.decimals)
        return fail(
          field.decimals === 0
            ? 'write a whole number'
            : `write at most ${field.decimals} decimal place${field.decimals === 1 ? '' : 's'}`,
        );
      return value;
    }
    case 'yesNo':
      return typeof value === 'boolean' ? value : fail('answer yes or no (true or false)');
    case 'choice': {
      const keys = new Set(field.options.map((o) => o.key));
      const listed = field.options.map((o) => o.key).join(', ');
      if (!field.multiple)
        return typeof value === 'string' && keys.has(value)
          ? value
          : fail(`choose one of ${listed}`);
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string' || !keys.has(v)))
        return fail(`choose a list of options among ${listed}`);
      if (new Set(value).size !== value.length) return fail('choose each option at most once');
      return value.length === 0 ? UNANSWERED : value;
    }
    case 'date':
      return typeof value === 'string' && isRealDate(value)
        ? value
        : fail('write a real date as YYYY-MM-DD, e.g. 2017-04-12');
    case 'text':
    case 'longText': {
      if (typeof value !== 'string') return fail('write a text');
      const text = value.trim();
      const length = [...text].length;
      if (length > field.maxLength)
        return fail(`write at most ${field.maxLength} characters (this has ${length})`);
      return text === '' ? UNANSWERED : text;
    }
  }
}

function readField(field: ReportField, value: unknown, draft: boolean, problem: Problem): Reading {
  if (field.type !== 'group') return readScalar(field, value, [field.key], problem);
  if (value === undefined || value === null) return UNANSWERED;
  if (!Array.isArray(value)) {
    problem([field.key], `${field.key}: write a list of rows, got ${shown(value)}`);
    return INVALID;
  }
  if (value.length > field.maxRows) {
    problem([field.key], `${field.key}: at most ${field.maxRows} rows, got ${value.length}`);
    return INVALID;
  }
  const columns = new Map(field.fields.map((f) => [f.key, f]));
  const rows: Record<string, unknown>[] = [];
  let invalid = false;
  const rowProblem: Problem = (path, message) => {
    invalid = true;
    problem(path, message);
  };
  value.forEach((raw, index) => {
    const at = `${field.key}[${index}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      problem(
        [field.key, index],
        `${at}: a row is an object of ${[...columns.keys()].join(', ')}, got ${shown(raw)}`,
      );
      invalid = true;
      return;
    }
    const cells = raw as Record<string, unknown>;
    for (const key of Object.keys(cells))
      if (!columns.has(key))
        rowProblem(
          [field.key, index, key],
          `${at}: "${key}" is not a column of ${field.key}; the columns are ${[...columns.keys()].join(', ')}`,
        );
    const row: Record<string, unknown> = {};
    const empty: string[] = [];
    for (const column of field.fields) {
      const cell = readScalar(
        column,
        cells[column.key],
        [field.key, index, column.key],
        rowProblem,
      );
      if (cell === UNANSWERED) empty.push(column.key);
      else if (cell !== INVALID) row[column.key] = cell;
    }
    // A row left wholly empty (the web form's spare row) is no answer, not a problem.
    if (empty.length === field.fields.length) return;
    if (!draft)
      for (const column of field.fields)
        if (column.required && empty.includes(column.key))
          rowProblem([field.key, index, column.key], `${at}.${column.key}: required in every row`);
    rows.push(row);
  });
  if (invalid) return INVALID;
  return rows.length === 0 ? UNANSWERED : rows;
}

/**
 * The zod schema of a form's answers. Each issue carries `params.code` `report_values_invalid`
 * and the field's path (`['assemblies']`, `['media', 2, 'date']`), with a message that says what
 * to fix. Unknown keys are refused; `required` is enforced unless `{ draft: true }`.
 *
 * @example
 * reportValuesSchema(form.fields).safeParse({ assemblies: -3 });
 * // issue: path ['assemblies'], "assemblies: a count is a whole number 0 or more, got -3"
 */
export function reportValuesSchema(
  fields: readonly ReportField[],
  options: { draft?: boolean } = {},
): z.ZodType<ReportValues> {
  const draft = options.draft === true;
  const known = new Set(fields.map((f) => f.key));
  return z.unknown().transform((input, ctx): ReportValues => {
    const problem: Problem = (path, message) =>
      ctx.addIssue({ code: 'custom', path, message, params: { code: 'report_values_invalid' } });
    if (input === null || typeof input !== 'object' || Array.isArray(input)) {
      problem([], `the answers are an object of field keys, got ${shown(input)}`);
      return z.NEVER;
    }
    const raw = input as Record<string, unknown>;
    for (const key of Object.keys(raw))
      if (!known.has(key))
        problem(
          [key],
          `"${key}" is not a field of this form; its fields are ${[...known].join(', ')}`,
        );
    const values: ReportValues = {};
    for (const field of fields) {
      const reading = readField(field, raw[field.key], draft, problem);
      if (reading !== UNANSWERED && reading !== INVALID) values[field.key] = reading;
      else if (reading === UNANSWERED && field.required && !draft)
        problem([field.key], `${field.key}: required (a draft may leave it empty)`);
    }
    return values;
  });
}

/** Canonical JSON of an answer; unanswered (missing or null) reads as nothing. */
function canonical(value: unknown): string | undefined {
  return value === null || value === undefined ? undefined : stringify(value);
}

/**
 * Keys of the fields whose answer differs between two versions (compared as canonical JSON, so
 * key order inside a row does not count), sorted. A missing and a null answer are the same.
 */
export function changedFields(before: ReportValues, after: ReportValues): string[] {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys].filter((key) => canonical(before[key]) !== canonical(after[key])).sort();
}

/**
 * What submissions answer, as `breakingFieldChanges` reads it: each answered field's key, each
 * answered group column as `group.column`, and each chosen option as `field.option` (in a group,
 * `group.column.option`).
 */
export function answeredKeys(
  fields: readonly ReportField[],
  submissions: Iterable<ReportValues>,
): Set<string> {
  const answered = new Set<string>();
  const note = (field: ScalarField, value: unknown, prefix: string) => {
    if (value === null || value === undefined) return;
    answered.add(`${prefix}${field.key}`);
    if (field.type === 'choice')
      for (const option of Array.isArray(value) ? value : [value])
        answered.add(`${prefix}${field.key}.${String(option)}`);
  };
  for (const values of submissions)
    for (const field of fields) {
      const value = values[field.key];
      if (field.type !== 'group') note(field, value, '');
      else if (Array.isArray(value) && value.length > 0) {
        answered.add(field.key);
        for (const row of value as Record<string, unknown>[])
          for (const column of field.fields) note(column, row?.[column.key], `${field.key}.`);
      }
    }
  return answered;
}

/** The shape an answer of a field has: changing it makes stored answers unreadable. */
function shapeOf(field: ScalarField | ReportField): string {
  return field.type === 'choice' ? `choice:${field.multiple ? 'many' : 'one'}` : field.type;
}

function scalarBreaks(
  before: ScalarField,
  after: ScalarField | undefined,
  path: string,
  answered: ReadonlySet<string>,
): string[] {
  if (!answered.has(path)) return [];
  if (after === undefined || shapeOf(before) !== shapeOf(after)) return [path];
  if (before.type === 'choice' && after.type === 'choice') {
    const kept = new Set(after.options.map((o) => o.key));
    const dropped = before.options.some(
      (o) => !kept.has(o.key) && answered.has(`${path}.${o.key}`),
    );
    if (dropped) return [path];
  }
  return [];
}

/**
 * Which answered fields a new field list would drop or retype (a group's columns as
 * `media.date`), or whose answered choice options it would remove: the hub refuses such a
 * change with `report_form_in_use`. Relabelling, reordering, new fields and new options are
 * fine. `answered` is what `answeredKeys` gives for the form's submissions; a choice whose
 * options are not listed in it loses no answered option.
 */
export function breakingFieldChanges(
  before: readonly ReportField[],
  after: readonly ReportField[],
  answered: ReadonlySet<string>,
): string[] {
  const next = new Map(after.map((f) => [f.key, f]));
  const breaks: string[] = [];
  for (const field of before) {
    const changed = next.get(field.key);
    if (field.type !== 'group') {
      breaks.push(
        ...scalarBreaks(
          field,
          changed?.type === 'group' ? undefined : changed,
          field.key,
          answered,
        ),
      );
      continue;
    }
    if (!answered.has(field.key)) continue;
    if (changed === undefined || changed.type !== 'group') {
      breaks.push(field.key);
      continue;
    }
    const columns = new Map(changed.fields.map((f) => [f.key, f]));
    for (const column of field.fields)
      breaks.push(
        ...scalarBreaks(column, columns.get(column.key), `${field.key}.${column.key}`, answered),
      );
  }
  return breaks;
}
