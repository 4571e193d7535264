/**
 * The rules of a channel's circuit breaker, as pure functions over its state: what the send
 * worker may do now ({@link admitRule}), and what the outcomes of provider calls change
 * ({@link recordRule}). The state lives in the database (`circuit-breakers.ts`), shared by
 * every hub process; times are epoch milliseconds of an injectable clock.
 *
 * - **closed**: everything goes. Outcomes are counted in a sliding window (the current fixed
 *   window plus the previous one, weighted by how much of it still overlaps); once the window
 *   holds at least `minCalls` calls of which `failureRatio` or more failed for the provider's
 *   own reasons, the breaker **opens**.
 * - **open**: nothing goes, and nobody spends an attempt: messages wait in later jobs. After
 *   `openForMs` the next asker gets a few **probes**, and the breaker is half-open.
 * - **half-open**: only the probes go. One call answered closes the breaker; a probe failing
 *   opens it again for twice as long (at most `maxOpenMs`). Probes that never answer count as
 *   lost after the open time, and new probes go.
 */

/** When a breaker opens, and how it probes. */
export interface BreakerPolicy {
  /** Length of the counting window. */
  windowMs: number;
  /** Fewest calls in the window before its failure ratio means anything. */
  minCalls: number;
  /** Share of the window's calls that failed for the provider (0–1] that opens the breaker. */
  failureRatio: number;
  /** How long it stays open before the first probes. */
  openMs: number;
  /** The longest it stays open between probes, however often they failed. */
  maxOpenMs: number;
  /** How many sends probe a half-open breaker. */
  probes: number;
}

export type BreakerState = 'closed' | 'open' | 'half_open';

/** The persisted state of one breaker. */
export interface Breaker {
  state: BreakerState;
  windowStartedMs: number;
  calls: number;
  failures: number;
  previousCalls: number;
  previousFailures: number;
  /** When the current outage began; null while closed. */
  openedMs: number | null;
  openForMs: number;
  /** Open: when probes may go. Half-open: when unanswered probes count as lost. */
  probeAtMs: number | null;
}

/**
 * What the send worker may do with a group of messages: send them all, send only `probes`
 * of them (half-open), or send none; those that do not go look again after `afterMs`.
 */
export type Admission =
  | { kind: 'all' }
  | { kind: 'probe'; probes: number; afterMs: number }
  | { kind: 'none'; afterMs: number };

/** Outcomes of provider calls: answered (whatever the verdict) or failed for the provider. */
export interface Tally {
  answered: number;
  failed: number;
}

/** A change worth telling operators about. */
export type Transition =
  | { to: 'open'; at: number; calls: number; failures: number }
  | { to: 'closed'; at: number; openedMs: number };

/**
 * While half-open, messages that are not probes look again this soon: probes answer in
 * milliseconds when the provider is back, and the backlog should follow them promptly.
 */
const HALF_OPEN_RECHECK_MS = 1_000;

/** A closed breaker whose window starts at `now`. */
export function closedBreaker(now: number): Breaker {
  return {
    state: 'closed',
    windowStartedMs: now,
    calls: 0,
    failures: 0,
    previousCalls: 0,
    previousFailures: 0,
    openedMs: null,
    openForMs: 0,
    probeAtMs: null,
  };
}

/** Decides a group of `wanted` messages; returns the admission and the state after it. */
export function admitRule(
  breaker: Breaker,
  wanted: number,
  policy: BreakerPolicy,
  now: number,
): { admission: Admission; next: Breaker } {
  if (breaker.state === 'closed') return { admission: { kind: 'all' }, next: breaker };
  const probeAt = breaker.probeAtMs ?? now;
  if (now >= probeAt && wanted > 0) {
    // Open long enough, or the last probes were lost: a few messages find out.
    return {
      admission: {
        kind: 'probe',
        probes: Math.min(wanted, policy.probes),
        afterMs: HALF_OPEN_RECHECK_MS,
      },
      next: { ...breaker, state: 'half_open', probeAtMs: now + breaker.openForMs },
    };
  }
  const wait = Math.max(0, probeAt - now);
  const afterMs = breaker.state === 'half_open' ? Math.min(wait, HALF_OPEN_RECHECK_MS) : wait;
  return { admission: { kind: 'none', afterMs }, next: breaker };
}

/** Counts outcomes; returns the state after them and the transition they caused, if any. */
export function recordRule(
  breaker: Breaker,
  tally: Tally,
  policy: BreakerPolicy,
  now: number,
): { next: Breaker; transition?: Transition } {
  if (breaker.state === 'half_open') {
    if (tally.answered > 0) {
      return {
        next: closedBreaker(now),
        transition: { to: 'closed', at: now, openedMs: breaker.openedMs ?? now },
      };
    }
    if (tally.failed > 0) {
      const openForMs = Math.min(policy.maxOpenMs, breaker.openForMs * 2);
      return { next: { ...breaker, state: 'open', openForMs, probeAtMs: now + openForMs } };
    }
    return { next: breaker };
  }
  // Open: these are calls that left before it opened; the probes will tell.
  if (breaker.state === 'open') return { next: breaker };

  const rolled = roll(breaker, policy.windowMs, now);
  const next: Breaker = {
    ...rolled,
    calls: rolled.calls + tally.answered + tally.failed,
    failures: rolled.failures + tally.failed,
  };
  const { calls, failures } = windowCounts(next, policy.windowMs, now);
  if (tally.failed > 0 && calls >= policy.minCalls && failures >= policy.failureRatio * calls) {
    return {
      next: {
        ...next,
        state: 'open',
        openedMs: now,
        openForMs: policy.openMs,
        probeAtMs: now + policy.openMs,
      },
      transition: { to: 'open', at: now, calls: Math.round(calls), failures: Math.round(failures) },
    };
  }
  return { next };
}

/** Moves the fixed window forward to the one `now` is in, keeping the one before it. */
function roll(breaker: Breaker, windowMs: number, now: number): Breaker {
  const elapsed = now - breaker.windowStartedMs;
  if (elapsed < windowMs) return breaker;
  const adjacent = elapsed < 2 * windowMs;
  return {
    ...breaker,
    windowStartedMs: now - (elapsed % windowMs),
    previousCalls: adjacent ? breaker.calls : 0,
    previousFailures: adjacent ? breaker.failures : 0,
    calls: 0,
    failures: 0,
  };
}

/**
 * Calls and failures over the last `windowMs`: the current window's plus the share of the
 * previous one that still overlaps it (assuming its calls were spread evenly).
 */
export function windowCounts(
  breaker: Breaker,
  windowMs: number,
  now: number,
): { calls: number; failures: number } {
  const overlap = Math.max(0, 1 - (now - breaker.windowStartedMs) / windowMs);
  return {
    calls: breaker.calls + breaker.previousCalls * overlap,
    failures: breaker.failures + breaker.previousFailures * overlap,
  };
}
