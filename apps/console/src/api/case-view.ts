import type {
  CaseAction,
  CaseCategory,
  CaseDetail,
  CaseSeverity,
  CaseState,
  CaseSummary,
  EventOf,
} from '@safenet/sdk';
import { deadlineOf } from './case-clock.js';

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

/** The moves a case page offers as buttons, in the order a case goes through them. */
export const CASE_MOVES = ['triage', 'act', 'refer', 'resolve', 'reject', 'reopen'] as const;
export type CaseMove = (typeof CASE_MOVES)[number];

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
 * The buttons of a case for the reader `userId`: the actions the hub says they may take now
 * (`allowed`: the rules, and the moves the state machine permits from the case's state), so
 * nobody is shown a button the hub would refuse.
 */
export function caseOffer(
  kase: Pick<CaseDetail, 'allowed' | 'assigneeId'>,
  userId: string,
): CaseOffer {
  const allowed = new Set<CaseAction>(kase.allowed);
  const assign = allowed.has('assign');
  return {
    moves: CASE_MOVES.filter((move) => allowed.has(move)),
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
