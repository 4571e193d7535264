/**
 * Runs `task` every `everyMs` milliseconds, never two at once: a run still going when the
 * next is due makes that one skip. Failures go to `onError`; the next run comes as usual.
 * The timer does not keep the process alive. Returns the function that stops it.
 *
 * @example
 * const stop = repeat(2_000, () => sweepOverdueReceipts(deps), (e) => log.warn(e));
 */
export function repeat(
  everyMs: number,
  task: () => Promise<unknown>,
  onError: (error: unknown) => void,
): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    task()
      .catch(onError)
      .finally(() => {
        running = false;
      });
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
