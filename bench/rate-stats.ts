/**
 * Rates from arrival times at a local provider: what a sender achieved, and its worst
 * second — the figure a provider's per-second limit is judged by.
 */

/** Achieved rate and the busiest 1-second window of a run. */
export interface RateStats {
  /** Units (messages or segments) that arrived. */
  units: number;
  /** From the first arrival to the last, in seconds. */
  seconds: number;
  /** `units / seconds` (over the arrivals' span: start-up before the first is not counted). */
  perSecond: number;
  /** The most units within any 1,000 ms: over a provider's limit means it refused some. */
  worstWindow: number;
}

/**
 * Computes {@link RateStats} from `performance.now()` arrival times in order, each weighing
 * `weights[i]` units (default 1: counting messages).
 */
export function rateStats(arrivals: readonly number[], weights?: readonly number[]): RateStats {
  const weight = (i: number) => weights?.[i] ?? 1;
  let units = 0;
  let inWindow = 0;
  let worstWindow = 0;
  let start = 0;
  for (let end = 0; end < arrivals.length; end += 1) {
    const at = arrivals[end] ?? 0;
    units += weight(end);
    inWindow += weight(end);
    while ((arrivals[start] ?? at) <= at - 1000) {
      inWindow -= weight(start);
      start += 1;
    }
    worstWindow = Math.max(worstWindow, inWindow);
  }
  const first = arrivals[0] ?? 0;
  const last = arrivals.at(-1) ?? first;
  const seconds = (last - first) / 1000;
  return { units, seconds, perSecond: seconds > 0 ? units / seconds : 0, worstWindow };
}
