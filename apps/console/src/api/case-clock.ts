import type { CaseSummary } from '@safenet/sdk';

/*
 * A case's clocks as the pages show them: which deadline counts now, how long is left (or
 * past) from a clock passed in, and how urgent that looks. Pure, so the countdown is tested
 * with any instant.
 */

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
