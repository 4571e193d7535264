/**
 * A meeting point for `parties` concurrent sweeps: each waits in the hook until all of them
 * have chosen the same step (steps compare as JSON), so they record it at the same time — the
 * deterministic interleaving of two processes that would both act once. `seen` is every step
 * each one chose. A party that waits 10 s for the others fails, naming the step.
 *
 * @example
 * const { hook, seen } = meetingPoint<FollowUpStep>(2);
 * await Promise.all([sweep({ ...deps, beforeRecord: hook }), sweep({ ...deps, beforeRecord: hook })]);
 */
export function meetingPoint<Step>(parties: number): {
  hook: (step: Step) => Promise<void>;
  seen: Step[];
} {
  const points = new Map<string, { arrived: number; all: Promise<void>; release(): void }>();
  const seen: Step[] = [];
  const hook = async (step: Step) => {
    seen.push(step);
    const key = JSON.stringify(step);
    let point = points.get(key);
    if (!point) {
      let release = () => {};
      const all = new Promise<void>((resolve) => {
        release = resolve;
      });
      point = { arrived: 0, all, release };
      points.set(key, point);
    }
    point.arrived += 1;
    if (point.arrived === parties) point.release();
    await Promise.race([
      point.all,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`the other sweep never chose ${key}`)), 10_000),
      ),
    ]);
  };
  return { hook, seen };
}
