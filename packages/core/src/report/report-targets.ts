import type { Target, TargetCondition, TargetFormula } from '../campaign/target.schema.js';
import type { ReportField } from './report-form.schema.js';
import { type RollUpInput, rollUpReports } from './report-rollup.js';
import type { ReportValues } from './report-submission.schema.js';
import type {
  TargetCompleteness,
  TargetMeasure,
  UnmeasurableCode,
} from './report-targets.schema.js';

/**
 * Measuring a campaign's targets from a form's submissions. A share is over the EXPECTED set:
 * an expected organisation that has not reported counts as not meeting it, so a share is
 * never above the reporting rate it is shown with; a ratio and a total read the subtree's
 * sums as the roll-up adds them (drafts never count). A formula that does not fit the form —
 * a field gone, retyped, an option removed — measures as `unmeasurable` with the reason.
 */

/** Where a measure was read from, for the record. */
export interface TargetSource {
  formId: string | null;
  periodKey: string | null;
}

const NO_SOURCE: TargetSource = { formId: null, periodKey: null };

/** Why a formula could not be measured. */
export interface Unmeasurable {
  code: UnmeasurableCode;
  message: string;
}

/**
 * A target listed without a value: without a formula (`reason` undefined), or with one that
 * could not be measured (`reason` given).
 */
export function targetNotMeasured(
  target: Target,
  reason?: Unmeasurable,
  source: TargetSource = NO_SOURCE,
  completeness: TargetCompleteness | null = null,
): TargetMeasure {
  return {
    key: target.key,
    title: target.title,
    formula: target.formula ?? null,
    measured: false,
    unmeasurable: target.formula === undefined ? null : (reason ?? null),
    ...source,
    value: null,
    goal: goalOf(target),
    met: null,
    completeness,
  };
}

/** share and ratio: measure.percent as a share (0–1); total: goal. */
function goalOf(target: Target): number | null {
  if (target.formula?.kind === 'total') return target.goal ?? null;
  return target.measure === undefined ? null : target.measure.percent / 100;
}

const NUMERIC = new Set(['count', 'number']);

/** Whether `formula` fits the form's `fields`; the first problem otherwise. */
export function formulaProblem(
  formula: TargetFormula,
  fields: readonly ReportField[],
): Unmeasurable | undefined {
  const byKey = new Map(fields.map((f) => [f.key, f]));
  const numeric = (key: string): Unmeasurable | undefined => {
    const field = byKey.get(key);
    if (field === undefined) return unknownField(formula.form, key);
    if (!NUMERIC.has(field.type)) return wrongType(key, field.type, 'a count or number field');
    return undefined;
  };
  if (formula.kind === 'total') return numeric(formula.field);
  if (formula.kind === 'ratio') return numeric(formula.numerator) ?? numeric(formula.denominator);
  const field = byKey.get(formula.field);
  if (field === undefined) return unknownField(formula.form, formula.field);
  const { when } = formula;
  if ('atLeast' in when)
    return NUMERIC.has(field.type)
      ? undefined
      : wrongType(field.key, field.type, '{ atLeast } reads a count or number field');
  if ('is' in when)
    return field.type === 'yesNo'
      ? undefined
      : wrongType(field.key, field.type, '{ is } reads a yes/no field');
  if (field.type !== 'choice')
    return wrongType(field.key, field.type, '{ oneOf } reads a choice field');
  const options = new Set(field.options.map((o) => o.key));
  const unknown = when.oneOf.find((key) => !options.has(key));
  if (unknown === undefined) return undefined;
  return {
    code: 'unknown_option',
    message: `the field "${field.key}" has no option "${unknown}": use one of ${[...options].map((o) => `"${o}"`).join(', ')}`,
  };
}

const unknownField = (form: string, key: string): Unmeasurable => ({
  code: 'unknown_field',
  message: `the form "${form}" has no field "${key}"`,
});

const wrongType = (key: string, type: string, wanted: string): Unmeasurable => ({
  code: 'wrong_field_type',
  message: `the field "${key}" is a ${type} field; ${wanted}`,
});

/** Whether one answer meets a share's condition. */
function meets(when: TargetCondition, value: unknown): boolean {
  if ('atLeast' in when)
    return typeof value === 'number' && Number.isFinite(value) && value >= when.atLeast;
  if ('is' in when) return value === when.is;
  const chosen = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  return when.oneOf.some((key) => chosen.includes(key));
}

/** The ids of `orgId` and everything beneath it in `input.orgs`; RangeError when absent. */
function subtreeIds(input: RollUpInput, orgId: string): string[] {
  if (!input.orgs.some((o) => o.id === orgId))
    throw new RangeError(`the organisation ${orgId} is not in the input`);
  const children = new Map<string, string[]>();
  for (const org of input.orgs) {
    if (org.parentId === null) continue;
    const list = children.get(org.parentId);
    if (list === undefined) children.set(org.parentId, [org.id]);
    else list.push(org.id);
  }
  const ids = [orgId];
  const seen = new Set(ids);
  for (let i = 0; i < ids.length; i++)
    for (const child of children.get(ids[i] as string) ?? [])
      if (!seen.has(child)) {
        seen.add(child);
        ids.push(child);
      }
  return ids;
}

const rate = (submitted: number, expected: number) =>
  expected === 0 ? null : submitted / expected;

/**
 * Measures `targets` — whose formulas all read the form of `input` — over `orgId`'s subtree.
 * Targets without a formula are listed with `measured: false`. Throws a RangeError when
 * `orgId` is not in `input.orgs`.
 *
 * @example
 * measureTargets([target], { fields, orgs, expected, submissions }, provinceId)
 * // [{ key: 'schools-run-programmes', value: 0.5, goal: 1, met: false,
 * //    completeness: { expected: 4, submitted: 3, reportingRate: 0.75 }, … }]
 */
export function measureTargets(
  targets: readonly Target[],
  input: RollUpInput,
  orgId: string,
  source: TargetSource = NO_SOURCE,
): TargetMeasure[] {
  const members = subtreeIds(input, orgId);
  let node: ReturnType<typeof rollUpReports>[number] | undefined;
  const rolledUp = () => {
    node ??= rollUpReports(input, [orgId])[0];
    return node as NonNullable<typeof node>;
  };
  return targets.map((target) => {
    const formula = target.formula;
    if (formula === undefined) return targetNotMeasured(target);
    const problem = formulaProblem(formula, input.fields);
    if (problem !== undefined) return targetNotMeasured(target, problem, source);
    if (formula.kind === 'share') return measureShare(target, formula, input, members, source);

    const { completeness: c, totals } = rolledUp();
    const completeness = {
      expected: c.expected,
      submitted: c.submitted,
      reportingRate: c.reportingRate,
    };
    const sum = (key: string) => {
      const total = totals[key];
      return total?.type === 'count' || total?.type === 'number' ? total.sum : 0;
    };
    const goal = goalOf(target);
    if (formula.kind === 'total') {
      const value = sum(formula.field);
      return measured(
        target,
        source,
        value,
        goal,
        goal === null ? null : value >= goal,
        completeness,
      );
    }
    const numerator = sum(formula.numerator);
    const denominator = sum(formula.denominator);
    if (denominator === 0)
      return targetNotMeasured(
        target,
        {
          code: 'zero_denominator',
          message: `no submission of the subtree gives "${formula.denominator}" above 0`,
        },
        source,
        completeness,
      );
    // Compared as numerator ≥ percent × denominator ÷ 100: no rounding of the share decides it.
    const met =
      target.measure === undefined ? null : numerator * 100 >= target.measure.percent * denominator;
    return measured(target, source, numerator / denominator, goal, met, completeness);
  });
}

function measureShare(
  target: Target,
  formula: Extract<TargetFormula, { kind: 'share' }>,
  input: RollUpInput,
  members: readonly string[],
  source: TargetSource,
): TargetMeasure {
  const kind = target.measure?.of;
  const kindOf = new Map(input.orgs.map((o) => [o.id, o.kind]));
  const valuesOf = new Map<string, ReportValues>();
  for (const s of input.submissions) if (s.state !== 'draft') valuesOf.set(s.orgId, s.values);
  let expected = 0;
  let submitted = 0;
  let meeting = 0;
  for (const id of members) {
    if (!input.expected.has(id) || (kind !== undefined && kindOf.get(id) !== kind)) continue;
    expected++;
    const values = valuesOf.get(id);
    if (values === undefined) continue; // not reported: does not meet it
    submitted++;
    if (meets(formula.when, values[formula.field])) meeting++;
  }
  const completeness = { expected, submitted, reportingRate: rate(submitted, expected) };
  if (expected === 0)
    return targetNotMeasured(
      target,
      {
        code: 'nobody_expected',
        message: `no organisation${kind === undefined ? '' : ` of kind "${kind}"`} of the subtree is expected to report on "${formula.form}"`,
      },
      source,
      completeness,
    );
  const met =
    target.measure === undefined ? null : meeting * 100 >= target.measure.percent * expected;
  return measured(target, source, meeting / expected, goalOf(target), met, completeness);
}

function measured(
  target: Target,
  source: TargetSource,
  value: number,
  goal: number | null,
  met: boolean | null,
  completeness: TargetCompleteness,
): TargetMeasure {
  return {
    key: target.key,
    title: target.title,
    formula: target.formula ?? null,
    measured: true,
    unmeasurable: null,
    ...source,
    value,
    goal,
    met,
    completeness,
  };
}
