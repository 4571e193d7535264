import type { CaseCategory, CaseSeverity } from './case.schema.js';

/**
 * How a case moves, who may move it, how urgent it is and where it goes — plain data and pure
 * functions, so the hub, the console and the SDK read the same rules.
 */

/**
 * A case's states: `new` until a specialist triages it; then `referred` (sent to a hotline, a
 * platform, the police, a committee) or `in_action` (handled here), until `resolved`; or
 * `rejected` with a reason. Resolved and rejected cases reopen to `triaged`.
 */
export const CASE_STATES = [
  'new',
  'triaged',
  'referred',
  'in_action',
  'resolved',
  'rejected',
] as const;
export type CaseState = (typeof CASE_STATES)[number];

/** The states that count as open: a new report with the same links joins such a case. */
export const OPEN_CASE_STATES = [
  'new',
  'triaged',
  'referred',
  'in_action',
] as const satisfies readonly CaseState[];

/** What moves a case: each action names the states it leaves from and the one it reaches. */
export const CASE_TRANSITIONS = {
  triage: { from: ['new'], to: 'triaged' },
  refer: { from: ['triaged', 'in_action'], to: 'referred' },
  act: { from: ['triaged', 'referred'], to: 'in_action' },
  resolve: { from: ['triaged', 'referred', 'in_action'], to: 'resolved' },
  reject: { from: ['new', 'triaged'], to: 'rejected' },
  reopen: { from: ['resolved', 'rejected'], to: 'triaged' },
} as const satisfies Record<string, { from: readonly CaseState[]; to: CaseState }>;
export type CaseTransition = keyof typeof CASE_TRANSITIONS;
export const CASE_TRANSITION_NAMES = Object.keys(CASE_TRANSITIONS) as CaseTransition[];

/**
 * The state `transition` reaches from `state`, or null when the state machine forbids it.
 *
 * @example
 * nextCaseState('new', 'triage'); // 'triaged'
 * nextCaseState('new', 'resolve'); // null
 */
export function nextCaseState(state: CaseState, transition: CaseTransition): CaseState | null {
  const rule = CASE_TRANSITIONS[transition];
  return (rule.from as readonly CaseState[]).includes(state) ? rule.to : null;
}

/** What a reporter learns of their report: the case's state in their own terms, no more. */
export const REPORTER_STATUSES = [
  'received',
  'in_progress',
  'referred',
  'resolved',
  'rejected',
] as const;
export type ReporterStatus = (typeof REPORTER_STATUSES)[number];

const REPORTER_STATUS: Record<CaseState, ReporterStatus> = {
  new: 'received',
  triaged: 'in_progress',
  in_action: 'in_progress',
  referred: 'referred',
  resolved: 'resolved',
  rejected: 'rejected',
};

/** The status a reporter sees for a case in `state`. */
export function reporterStatusOf(state: CaseState): ReporterStatus {
  return REPORTER_STATUS[state];
}

/**
 * Everything a caller may do with cases, each checked by {@link CASE_PERMISSION_RULES}:
 * `list` sees a case's summary (state, severity, clocks — no report contents), `view` opens its
 * reports and links (an audited read), the transitions move it, `assign` hands it to
 * a specialist, `referral` records one (and its answer), `audit` reads its trail, `configure`
 * changes routing rules and response times.
 */
export const CASE_ACTIONS = [
  'list',
  'view',
  ...CASE_TRANSITION_NAMES,
  'assign',
  'referral',
  'audit',
  'configure',
] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/**
 * The facts a rule may ask, of a caller who already sees the case (it is routed to their
 * organisation or beneath it, and no conflict of interest hides it from them):
 * - `specialist`: the caller handles cases (a specialist's role, or a key's `cases` scope);
 * - `admin`: the caller administers their organisation (the `admin` scope);
 * - `assignee`: the case is assigned to the caller;
 * - `unassigned`: the case is assigned to nobody yet;
 * - `handling`: the case is routed to the caller's own organisation;
 * - `above`: the case is routed to an organisation beneath the caller's (the level that
 *   oversees it).
 */
export const CASE_CONDITIONS = [
  'specialist',
  'admin',
  'assignee',
  'unassigned',
  'handling',
  'above',
] as const;
export type CaseCondition = (typeof CASE_CONDITIONS)[number];

/**
 * Who may do what, declared (after techmatters/hrm's permission rules): for each action, a
 * list of alternatives, each a list of conditions that must all hold. The hub checks these
 * and nothing else; the console reads them to show only what a person may do.
 */
export const CASE_PERMISSION_RULES = {
  list: [['specialist'], ['admin']],
  view: [['specialist']],
  triage: [['specialist']],
  refer: [
    ['specialist', 'assignee'],
    ['specialist', 'above'],
  ],
  act: [
    ['specialist', 'assignee'],
    ['specialist', 'above'],
  ],
  resolve: [
    ['specialist', 'assignee'],
    ['specialist', 'above'],
  ],
  reject: [
    ['specialist', 'handling', 'unassigned'],
    ['specialist', 'assignee'],
    ['specialist', 'above'],
  ],
  reopen: [
    ['specialist', 'above'],
    ['specialist', 'assignee'],
  ],
  assign: [
    ['specialist', 'handling', 'unassigned'],
    ['specialist', 'assignee'],
    ['specialist', 'above'],
  ],
  referral: [
    ['specialist', 'assignee'],
    ['specialist', 'above'],
  ],
  audit: [['admin']],
  configure: [['admin']],
} as const satisfies Record<CaseAction, readonly (readonly CaseCondition[])[]>;

/** The facts of {@link CASE_CONDITIONS} for one caller and one case. */
export type CaseFacts = Record<CaseCondition, boolean>;

/**
 * True when some alternative of `action`'s rule holds entirely.
 *
 * @example
 * caseActionAllowed('resolve', { ...noFacts, specialist: true, assignee: true }); // true
 */
export function caseActionAllowed(action: CaseAction, facts: CaseFacts): boolean {
  const alternatives = CASE_PERMISSION_RULES[action] as readonly (readonly CaseCondition[])[];
  return alternatives.some((all) => all.every((condition) => facts[condition]));
}

/**
 * The actions a caller may take on a case in `state`, in {@link CASE_ACTIONS}'s order: those the
 * rules give them, less the moves the state machine forbids from `state`.
 */
export function allowedCaseActions(facts: CaseFacts, state: CaseState): CaseAction[] {
  return CASE_ACTIONS.filter(
    (action) =>
      caseActionAllowed(action, facts) &&
      (!(action in CASE_TRANSITIONS) || nextCaseState(state, action as CaseTransition) !== null),
  );
}

/**
 * How urgent a category is when its first report arrives: content that harms a child now
 * (sexual content, grooming, self-harm) is critical; violence and a staff member's conduct
 * high; the rest normal.
 */
export const CASE_CATEGORY_SEVERITY = {
  sexual_content: 'critical',
  grooming: 'critical',
  self_harm: 'critical',
  violence: 'high',
  staff_misconduct: 'high',
  bullying: 'normal',
  other: 'normal',
} as const satisfies Record<CaseCategory, CaseSeverity>;

/** Reports of one content that raise its case one severity level each time they are reached. */
export const CASE_SEVERITY_RISES_AT = [3, 10] as const;

const SEVERITY_ORDER: readonly CaseSeverity[] = ['low', 'normal', 'high', 'critical'];

/** The higher of two severities. */
export function higherSeverity(a: CaseSeverity, b: CaseSeverity): CaseSeverity {
  return SEVERITY_ORDER.indexOf(a) >= SEVERITY_ORDER.indexOf(b) ? a : b;
}

/**
 * The severity a case of `category` with `reports` reports has at least: its category's, one
 * level higher from 3 reports, two from 10 (content spreading is more urgent), never above
 * critical.
 *
 * @example
 * caseSeverityFor('bullying', 1); // 'normal'
 * caseSeverityFor('bullying', 3); // 'high'
 * caseSeverityFor('bullying', 10); // 'critical'
 */
export function caseSeverityFor(category: CaseCategory, reports: number): CaseSeverity {
  const base = SEVERITY_ORDER.indexOf(CASE_CATEGORY_SEVERITY[category]);
  const rises = CASE_SEVERITY_RISES_AT.filter((at) => reports >= at).length;
  return SEVERITY_ORDER[Math.min(base + rises, SEVERITY_ORDER.length - 1)] as CaseSeverity;
}

/** Response times of one severity, in minutes: to triage (acknowledge) and to resolve. */
export interface CaseResponseTime {
  acknowledgeMinutes: number;
  resolveMinutes: number;
}

/**
 * The response times an organisation has when neither it nor any organisation above it set
 * its own: critical — triage within 15 minutes, resolve within 24 hours; high — 1 hour and 3
 * days; normal — 1 day and 7 days; low — 3 days and 30 days.
 */
export const DEFAULT_CASE_RESPONSE_TIMES = {
  critical: { acknowledgeMinutes: 15, resolveMinutes: 24 * 60 },
  high: { acknowledgeMinutes: 60, resolveMinutes: 3 * 24 * 60 },
  normal: { acknowledgeMinutes: 24 * 60, resolveMinutes: 7 * 24 * 60 },
  low: { acknowledgeMinutes: 3 * 24 * 60, resolveMinutes: 30 * 24 * 60 },
} as const satisfies Record<CaseSeverity, CaseResponseTime>;

/** One routing rule: cases about `scopeOrgId`'s subtree (of these categories) go to `targetOrgId`. */
export interface CaseRouteRule {
  scopeOrgId: string;
  categories: readonly CaseCategory[] | null;
  targetOrgId: string;
}

/**
 * Where a case goes. The rules of the organisations on the concerned organisation's path are
 * read nearest first (a rule for Đắk Lắk wins over the ministry's); the first whose
 * categories include the case's (or that names none) names the organisation. With no concerned
 * organisation, or no rule, the intake's organisation handles it.
 *
 * Conflict of interest: a case about a staff member's conduct never goes to the concerned
 * organisation or beneath it — it goes to the level above the concerned organisation
 * (`excludedOrgId` is then the concerned one, whose subtree must never see the case).
 *
 * `path` of an organisation lists its ancestors from the root, itself last.
 */
export function routeCase(input: {
  category: CaseCategory;
  intakeOrgId: string;
  concernedPath: readonly string[] | null;
  rules: readonly CaseRouteRule[];
  pathOf: (orgId: string) => readonly string[] | undefined;
}): { handlingOrgId: string; excludedOrgId: string | null } {
  const { category, intakeOrgId, concernedPath, rules } = input;
  if (!concernedPath || concernedPath.length === 0) {
    return { handlingOrgId: intakeOrgId, excludedOrgId: null };
  }
  let target = intakeOrgId;
  for (const orgId of [...concernedPath].reverse()) {
    const rule = rules.find(
      (r) => r.scopeOrgId === orgId && (r.categories === null || r.categories.includes(category)),
    );
    if (rule) {
      target = rule.targetOrgId;
      break;
    }
  }
  if (category !== 'staff_misconduct') return { handlingOrgId: target, excludedOrgId: null };
  const concerned = concernedPath[concernedPath.length - 1] as string;
  const parent = concernedPath[concernedPath.length - 2];
  // A root has nobody above it: its own specialists handle it.
  if (parent === undefined) return { handlingOrgId: target, excludedOrgId: null };
  const targetPath = input.pathOf(target) ?? [];
  // The target sits in the concerned organisation's subtree: take the level above instead.
  const handlingOrgId = targetPath.includes(concerned) ? parent : target;
  return { handlingOrgId, excludedOrgId: concerned };
}
