import type { OrganisationKind } from '../organisation/organisation.schema.js';
import type { ReportField } from './report-form.schema.js';
import type { FieldTotal, OwnReportStatus, RollUpNode } from './report-rollup.schema.js';
import type { ReportValues, SubmissionState } from './report-submission.schema.js';

/**
 * Rolling a form's submissions up the organisation tree. Summed fields (counts, numbers, yes
 * answers, choices per option) and the completeness counts are added bottom-up in one pass
 * over the tree, in slots of one flat array per organisation; listed fields (dates, texts,
 * group rows) and the missing list are gathered only for the organisations asked for, since a
 * ministry's node would otherwise carry every school's text.
 */

/** An organisation of the subtree rolled up. */
export interface RollUpOrg {
  id: string;
  parentId: string | null;
  kind: OrganisationKind;
  name: string;
}

/** An organisation's current submission (drafts included: they never count). */
export interface RollUpSubmission {
  orgId: string;
  state: SubmissionState;
  values: ReportValues;
  onTime: boolean | null;
}

export interface RollUpInput {
  fields: readonly ReportField[];
  /** A whole subtree: the root and everything beneath, in any order. */
  orgs: readonly RollUpOrg[];
  /** Ids of the organisations the assignment expects. */
  expected: ReadonlySet<string>;
  /** Current submissions of organisations in `orgs`. */
  submissions: readonly RollUpSubmission[];
}

/** Where each summed field keeps its numbers in an organisation's slot array. */
interface Layout {
  size: number;
  /** count and number: [sum (scaled to `scale`), answered]; yesNo: [yes, answered]; choice: [answered, …per option]. */
  fields: { field: ReportField; at: number; scale: number }[];
  expected: number;
  submitted: number;
  onTime: number;
}

function layoutOf(fields: readonly ReportField[]): Layout {
  let size = 0;
  const placed: Layout['fields'] = [];
  for (const field of fields) {
    if (field.type === 'count' || field.type === 'number' || field.type === 'yesNo') {
      // Numbers are summed as whole multiples of their smallest step: no 0.1 + 0.2 noise.
      const scale = field.type === 'number' ? 10 ** field.decimals : 1;
      placed.push({ field, at: size, scale });
      size += 2;
    } else if (field.type === 'choice') {
      placed.push({ field, at: size, scale: 1 });
      size += 1 + field.options.length;
    }
  }
  return { size: size + 3, fields: placed, expected: size, submitted: size + 1, onTime: size + 2 };
}

const counts = (state: SubmissionState | undefined): boolean =>
  state !== undefined && state !== 'draft';

/** Adds one submission's summed answers into a slot array. */
function addValues(slots: Float64Array, layout: Layout, values: ReportValues): void {
  for (const { field, at, scale } of layout.fields) {
    const value = values[field.key];
    if (field.type === 'yesNo') {
      if (typeof value !== 'boolean') continue;
      slots[at] = (slots[at] ?? 0) + (value ? 1 : 0);
      slots[at + 1] = (slots[at + 1] ?? 0) + 1;
    } else if (field.type === 'choice') {
      const chosen = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
      if (chosen.length === 0) continue;
      slots[at] = (slots[at] ?? 0) + 1;
      field.options.forEach((option, i) => {
        if (chosen.includes(option.key)) slots[at + 1 + i] = (slots[at + 1 + i] ?? 0) + 1;
      });
    } else {
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      slots[at] = (slots[at] ?? 0) + Math.round(value * scale);
      slots[at + 1] = (slots[at + 1] ?? 0) + 1;
    }
  }
}

function summedTotals(slots: Float64Array, layout: Layout): Record<string, FieldTotal> {
  const totals: Record<string, FieldTotal> = {};
  for (const { field, at, scale } of layout.fields) {
    const answered = slots[at + 1] ?? 0;
    if (field.type === 'yesNo')
      totals[field.key] = { type: 'yesNo', yes: slots[at] ?? 0, answered };
    else if (field.type === 'choice')
      totals[field.key] = {
        type: 'choice',
        answered: slots[at] ?? 0,
        counts: Object.fromEntries(field.options.map((o, i) => [o.key, slots[at + 1 + i] ?? 0])),
      };
    else if (field.type === 'count' || field.type === 'number')
      totals[field.key] = { type: field.type, sum: (slots[at] ?? 0) / scale, answered };
  }
  return totals;
}

function ownStatus(expected: boolean, submission: RollUpSubmission | undefined): OwnReportStatus {
  if (submission !== undefined) return submission.state;
  return expected ? 'missing' : 'not_expected';
}

const byName = (a: RollUpOrg, b: RollUpOrg): number =>
  a.name.localeCompare(b.name) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * The roll-up of each wanted organisation's subtree, in the order asked. Drafts never count;
 * an unexpected organisation's submission counts in the totals, not in the rates; `missing`
 * lists the expected organisations of the subtree without a counted submission, by name;
 * rates are null when nobody is expected. Throws a RangeError for a wanted id not in `orgs`.
 */
export function rollUpReports(input: RollUpInput, wanted: readonly string[]): RollUpNode[] {
  const { fields, orgs, expected } = input;
  const layout = layoutOf(fields);
  const byId = new Map(orgs.map((org) => [org.id, org]));
  const submissionOf = new Map(input.submissions.map((s) => [s.orgId, s]));
  const children = new Map<string, RollUpOrg[]>();
  const roots: RollUpOrg[] = [];
  for (const org of orgs) {
    const parent = org.parentId === null ? undefined : byId.get(org.parentId);
    if (parent === undefined) roots.push(org);
    else {
      const siblings = children.get(parent.id);
      if (siblings === undefined) children.set(parent.id, [org]);
      else siblings.push(org);
    }
  }
  for (const list of children.values()) list.sort(byName);
  roots.sort(byName);

  // Pre-order (parents before children, siblings by name): reversed, it is a bottom-up order.
  const order: RollUpOrg[] = [];
  const seen = new Set<string>();
  const stack = [...roots].reverse();
  while (stack.length > 0) {
    const org = stack.pop() as RollUpOrg;
    if (seen.has(org.id)) continue;
    seen.add(org.id);
    order.push(org);
    stack.push(...[...(children.get(org.id) ?? [])].reverse());
  }

  const position = new Map(order.map((org, i) => [org.id, i]));
  const keep = new Set(wanted);
  const slots = new Map<string, Float64Array>();
  for (let i = order.length - 1; i >= 0; i--) {
    const org = order[i] as RollUpOrg;
    const own = slots.get(org.id) ?? new Float64Array(layout.size);
    const submission = submissionOf.get(org.id);
    if (counts(submission?.state)) addValues(own, layout, submission?.values ?? {});
    if (expected.has(org.id)) {
      own[layout.expected] = (own[layout.expected] ?? 0) + 1;
      if (counts(submission?.state)) {
        own[layout.submitted] = (own[layout.submitted] ?? 0) + 1;
        if (submission?.onTime === true) own[layout.onTime] = (own[layout.onTime] ?? 0) + 1;
      }
    }
    const parentId = org.parentId;
    if (parentId !== null && byId.has(parentId)) {
      const parent = slots.get(parentId) ?? new Float64Array(layout.size);
      for (let s = 0; s < layout.size; s++) parent[s] = (parent[s] ?? 0) + (own[s] ?? 0);
      slots.set(parentId, parent);
    }
    // Only the wanted nodes' sums are kept once added into the parent's.
    if (keep.has(org.id)) slots.set(org.id, own);
    else slots.delete(org.id);
  }

  const subtree = (root: RollUpOrg): RollUpOrg[] => {
    const start = position.get(root.id) ?? order.length;
    const inside = new Set([root.id]);
    const members = [root];
    for (let i = start + 1; i < order.length; i++) {
      const org = order[i] as RollUpOrg;
      if (org.parentId === null || !inside.has(org.parentId)) break;
      inside.add(org.id);
      members.push(org);
    }
    return members;
  };

  return wanted.map((id) => {
    const org = byId.get(id);
    if (org === undefined) throw new RangeError(`the organisation ${id} is not in the roll-up`);
    const own = slots.get(id) ?? new Float64Array(layout.size);
    const members = subtree(org);
    const totals = summedTotals(own, layout);
    for (const field of fields) {
      if (field.type === 'date' || field.type === 'text' || field.type === 'longText')
        totals[field.key] = { type: field.type, values: [] };
      else if (field.type === 'group') totals[field.key] = { type: 'group', rows: [] };
    }
    const missing: RollUpOrg[] = [];
    for (const member of members) {
      const submission = submissionOf.get(member.id);
      const counted = counts(submission?.state);
      if (expected.has(member.id) && !counted) missing.push(member);
      if (!counted) continue;
      for (const field of fields) {
        const value = submission?.values[field.key];
        const total = totals[field.key];
        if (value === undefined || value === null || total === undefined) continue;
        if (total.type === 'group' && Array.isArray(value))
          for (const row of value)
            total.rows.push({ orgId: member.id, row: row as Record<string, unknown> });
        else if (total.type === 'date' || total.type === 'text' || total.type === 'longText')
          total.values.push({ orgId: member.id, value });
      }
    }
    const expectedCount = own[layout.expected] ?? 0;
    const submitted = own[layout.submitted] ?? 0;
    const onTime = own[layout.onTime] ?? 0;
    const submission = submissionOf.get(id);
    return {
      orgId: org.id,
      name: org.name,
      kind: org.kind,
      parentId: org.parentId,
      own: ownStatus(expected.has(id), submission),
      ownOnTime: counts(submission?.state) ? (submission?.onTime ?? null) : null,
      totals,
      completeness: {
        expected: expectedCount,
        submitted,
        onTime,
        reportingRate: expectedCount === 0 ? null : submitted / expectedCount,
        onTimeRate: expectedCount === 0 ? null : onTime / expectedCount,
        missing: missing.sort(byName).map((m) => m.id),
      },
    };
  });
}
