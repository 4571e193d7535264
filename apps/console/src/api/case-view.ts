import type {
  CaseAction,
  CaseCategory,
  CaseDetail,
  CaseResponseTimesInForce,
  CaseRoutingInput,
  CaseRoutingRule,
  CaseSeverity,
  CaseState,
  CaseSummary,
  EventOf,
} from '@safenet/sdk';

/*
 * What the cases pages show, as pure functions of the hub's records and a clock passed in:
 * the board's columns, the clock counting down, the buttons a case offers. Core's lists
 * (`CASE_STATES`, …) are repeated here as `domain.ts` does, kept in step by `satisfies`.
 */

export const CASE_STATES = [
  'new',
  'triaged',
  'in_action',
  'referred',
  'resolved',
  'rejected',
] as const satisfies readonly CaseState[];

/** The board's columns: the open states, in the order a case moves through them. */
export const OPEN_CASE_STATES = [
  'new',
  'triaged',
  'in_action',
  'referred',
] as const satisfies readonly CaseState[];

/** The states a closed case is in; the board shows them behind its state filter. */
export const CLOSED_CASE_STATES = ['resolved', 'rejected'] as const satisfies readonly CaseState[];

export const CASE_SEVERITIES = [
  'critical',
  'high',
  'normal',
  'low',
] as const satisfies readonly CaseSeverity[];

export const CASE_CATEGORIES = [
  'violence',
  'bullying',
  'staff_misconduct',
  'grooming',
  'self_harm',
  'sexual_content',
  'other',
] as const satisfies readonly CaseCategory[];

export const REFERRAL_TARGETS = [
  'hotline',
  'platform',
  'police',
  'committee',
  'other',
] as const satisfies readonly CaseDetail['referrals'][number]['target'][];

/** A severity's badge colour; the badge always says the severity in words too. */
export const SEVERITY_COLORS: Record<CaseSeverity, string> = {
  critical: 'red',
  high: 'orange',
  normal: 'blue',
  low: 'gray',
};

/** The board's filters, as the URL holds them. */
export interface CaseBoardFilters {
  /** An open state, a closed one, or `open` (every open state: the default, left out). */
  state?: CaseState | 'open';
  severity?: CaseSeverity;
  /** `me`: assigned to the reader; `none`: to nobody. */
  assignee?: 'me' | 'none';
}

/** Reads the board's filters from the URL's search, dropping what is not one of ours. */
export function caseBoardSearch(search: Record<string, unknown>): CaseBoardFilters {
  const filters: CaseBoardFilters = {};
  const { state, severity, assignee } = search;
  if (typeof state === 'string' && (CASE_STATES as readonly string[]).includes(state)) {
    filters.state = state as CaseState;
  }
  if (typeof severity === 'string' && (CASE_SEVERITIES as readonly string[]).includes(severity)) {
    filters.severity = severity as CaseSeverity;
  }
  if (assignee === 'me' || assignee === 'none') filters.assignee = assignee;
  return filters;
}

/** One column of the board: a state and its cases, most urgent first. */
export interface CaseColumn {
  state: CaseState;
  cases: CaseSummary[];
}

const SEVERITY_RANK: Record<CaseSeverity, number> = { critical: 0, high: 1, normal: 2, low: 3 };

/**
 * The cases in columns by state: every open state (empty ones too, so the board keeps its
 * shape) when the filter is `open`, else the one state filtered. Within a column, the most
 * severe first, then the nearest deadline.
 */
export function caseColumns(
  cases: readonly CaseSummary[],
  state: CaseBoardFilters['state'] = 'open',
): CaseColumn[] {
  const states: readonly CaseState[] = state === 'open' ? OPEN_CASE_STATES : [state];
  return states.map((s) => ({
    state: s,
    cases: cases
      .filter((c) => c.state === s)
      .sort(
        (a, b) =>
          SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
          Date.parse(deadlineOf(a)?.at ?? a.createdAt) -
            Date.parse(deadlineOf(b)?.at ?? b.createdAt),
      ),
  }));
}

/** Which clock a case runs against: triage by `acknowledgeBy`, then resolve by `resolveBy`. */
export interface CaseDeadline {
  kind: 'acknowledge' | 'resolve';
  at: string;
}

/** The clock that counts for a case now, or null once it is closed. */
export function deadlineOf(
  kase: Pick<CaseSummary, 'state' | 'acknowledgedAt' | 'acknowledgeBy' | 'resolveBy'>,
): CaseDeadline | null {
  if (kase.state === 'resolved' || kase.state === 'rejected') return null;
  if (kase.state === 'new' && kase.acknowledgedAt === null) {
    return { kind: 'acknowledge', at: kase.acknowledgeBy };
  }
  return { kind: 'resolve', at: kase.resolveBy };
}

export type TimeUnit = 'd' | 'h' | 'min' | 's';

/** Time left (or past) as its two largest units: 2 d 4 h, 3 h 20 min, 14 min 5 s, 40 s. */
export interface Remaining {
  overdue: boolean;
  parts: { unit: TimeUnit; n: number }[];
}

const UNIT_MS: [TimeUnit, number][] = [
  ['d', 86_400_000],
  ['h', 3_600_000],
  ['min', 60_000],
  ['s', 1_000],
];

/**
 * How long until `deadline` from `now` (milliseconds since the epoch), or how long since it
 * passed; whole seconds, the two largest units that are not zero before the first one.
 *
 * @example
 * remaining('2026-12-06T10:15:00Z', Date.parse('2026-12-06T10:00:30Z'));
 * // { overdue: false, parts: [{ unit: 'min', n: 14 }, { unit: 's', n: 30 }] }
 */
export function remaining(deadline: string, now: number): Remaining {
  const delta = Date.parse(deadline) - now;
  const overdue = delta < 0;
  let rest = Math.floor(Math.abs(delta) / 1000) * 1000;
  const all = UNIT_MS.map(([unit, ms]) => {
    const n = Math.floor(rest / ms);
    rest -= n * ms;
    return { unit, n };
  });
  const first = all.findIndex((part) => part.n > 0);
  if (first === -1) return { overdue, parts: [{ unit: 's', n: 0 }] };
  const parts = all.slice(first, first + 2);
  // "3 h 0 min" says no more than "3 h".
  return { overdue, parts: parts.length === 2 && parts[1]?.n === 0 ? parts.slice(0, 1) : parts };
}

/**
 * The remaining time in words: each part through `unit` (the reader's language), joined by a
 * space, e.g. "14 min 30 s".
 */
export function formatRemaining(
  left: Remaining,
  unit: (unit: TimeUnit, n: number) => string,
): string {
  return left.parts.map((part) => unit(part.unit, part.n)).join(' ');
}

/** How urgent a clock looks: overdue, under a fifth of its span left, or fine. */
export function clockTone(
  kase: Pick<CaseSummary, 'createdAt'>,
  deadline: CaseDeadline,
  now: number,
): 'overdue' | 'soon' | 'ok' {
  const end = Date.parse(deadline.at);
  if (end <= now) return 'overdue';
  const span = end - Date.parse(kase.createdAt);
  return span > 0 && end - now < span / 5 ? 'soon' : 'ok';
}

/** The moves a case page offers as buttons, in the order a case goes through them. */
export const CASE_MOVES = ['triage', 'act', 'refer', 'resolve', 'reject', 'reopen'] as const;
export type CaseMove = (typeof CASE_MOVES)[number];

/**
 * The states each move leaves from: core's `CASE_TRANSITIONS` (the hub's `allowed` says what
 * the rules let the reader do, whatever the state; the state machine narrows it).
 */
export const CASE_MOVE_FROM = {
  triage: ['new'],
  refer: ['triaged', 'in_action'],
  act: ['triaged', 'referred'],
  resolve: ['triaged', 'referred', 'in_action'],
  reject: ['new', 'triaged'],
  reopen: ['resolved', 'rejected'],
} as const satisfies Record<CaseMove, readonly CaseState[]>;

/** What the case page offers the reader: the hub's `allowed`, as buttons. */
export interface CaseOffer {
  moves: CaseMove[];
  /** Take the case (it is someone else's or nobody's). */
  take: boolean;
  /** Hand it back to nobody. */
  release: boolean;
  /** Record a referral and its answer. */
  referral: boolean;
  audit: boolean;
}

/**
 * The buttons of a case for the reader `userId`: the actions the hub says the rules give them
 * (`allowed`) that the state machine permits from the case's state, so nobody is shown a
 * button the hub would refuse.
 */
export function caseOffer(
  kase: Pick<CaseDetail, 'allowed' | 'assigneeId' | 'state'>,
  userId: string,
): CaseOffer {
  const allowed = new Set<CaseAction>(kase.allowed);
  const assign = allowed.has('assign');
  return {
    moves: CASE_MOVES.filter(
      (move) =>
        allowed.has(move) && (CASE_MOVE_FROM[move] as readonly CaseState[]).includes(kase.state),
    ),
    take: assign && kase.assigneeId !== userId,
    release: assign && kase.assigneeId !== null,
    referral: allowed.has('referral'),
    audit: allowed.has('audit'),
  };
}

/** The case an alert is about, when it is about one (`case_critical`, the overdue clocks). */
export function caseOfAlert(alert: Pick<EventOf<'alert'>['data'], 'subject'>): string | null {
  return alert.subject.type === 'case' ? alert.subject.id : null;
}

/** Where an organisation's response times come from: its own, one above it, or the defaults. */
export function timesOrigin(
  times: Pick<CaseResponseTimesInForce, 'orgId' | 'definedBy'>,
): 'own' | 'inherited' | 'defaults' {
  if (times.definedBy === null) return 'defaults';
  return times.definedBy === times.orgId ? 'own' : 'inherited';
}

/** A routing rule as the settings form edits it: no id until the hub saves it. */
export interface RuleDraft {
  scopeOrgId: string;
  categories: CaseCategory[] | null;
  targetOrgId: string;
}

/** The rules the hub answered, as the form's drafts (an empty category list means all). */
export function ruleDrafts(rules: readonly CaseRoutingRule[]): RuleDraft[] {
  return rules.map(({ scopeOrgId, categories, targetOrgId }) => ({
    scopeOrgId,
    categories: categories && categories.length > 0 ? [...categories] : null,
    targetOrgId,
  }));
}

/** What `PUT …/case-routing` takes from the form: a rule with no category chosen covers all. */
export function routingInput(drafts: readonly RuleDraft[]): CaseRoutingInput {
  return {
    rules: drafts.map(({ scopeOrgId, categories, targetOrgId }) => ({
      scopeOrgId,
      categories: categories && categories.length > 0 ? categories : null,
      targetOrgId,
    })),
  };
}

/** Who has a case, as the board and the case page say it. */
export type AssigneeLabel =
  | { kind: 'you' | 'nobody' | 'someone' }
  | { kind: 'named'; name: string };

/**
 * The case's assignee for the reader `userId`: "you", "nobody", a name from the people the
 * reader sees (their subtree), or "another specialist" for someone above them.
 */
export function assigneeLabel(
  assigneeId: string | null,
  userId: string,
  names: ReadonlyMap<string, string>,
): AssigneeLabel {
  if (assigneeId === null) return { kind: 'nobody' };
  if (assigneeId === userId) return { kind: 'you' };
  const name = names.get(assigneeId);
  return name ? { kind: 'named', name } : { kind: 'someone' };
}
