/**
 * Runs `work` with a signal that aborts after `ms` — with a `TimeoutError`, as
 * `AbortSignal.timeout` does — and clears the timer as soon as `work` settles.
 * `AbortSignal.timeout` keeps its timer, its signal and a finalization cell until the time is
 * up, however early the work ended: with a 30 s send timeout and ~600 SMS a second per worker,
 * 18,000 of each alive at any time in every worker, for sends long answered.
 */
export async function withTimeout<T>(
  ms: number,
  work: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new DOMException('The operation timed out', 'TimeoutError')),
    ms,
  );
  // Like AbortSignal.timeout's: a send still waiting does not keep a stopping process alive.
  timer.unref();
  try {
    return await work(controller.signal);
  } finally {
    clearTimeout(timer);
  }
}
