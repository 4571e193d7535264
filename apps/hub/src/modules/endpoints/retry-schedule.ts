const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * How long a message waits after each failed try before the next: the first try goes at
 * once, then 5 s, 5 min, 30 min, 2 h, 5 h, 10 h and 10 h later (Svix's schedule) — eight
 * tries over about 27 hours and a half, so a receiver that is down for a night still gets
 * everything. No jitter: messages of one endpoint fail and retry together anyway, and tests
 * (and people reading the attempt history) can tell the schedule was kept.
 */
export const RETRY_DELAYS_MS = [
  5 * SECOND,
  5 * MINUTE,
  30 * MINUTE,
  2 * HOUR,
  5 * HOUR,
  10 * HOUR,
  10 * HOUR,
] as const;

/** Tries of one message before it is `dead`: the first, and one after each delay. */
export const MAX_ATTEMPTS = RETRY_DELAYS_MS.length + 1;

/**
 * When a message that has now failed `attempts` tries goes next, counted from `failedAt`
 * (epoch ms); undefined when it has had its last try.
 */
export function nextAttemptAt(attempts: number, failedAt: number): number | undefined {
  const delay = RETRY_DELAYS_MS[attempts - 1];
  return delay === undefined ? undefined : failedAt + delay;
}
