import { Counter, type Registry } from 'prom-client';

/** Options of {@link scrapeReader}. */
export interface ScrapeReaderOptions {
  /** Names the reader in `safenet_metrics_collect_failures_total`. */
  collector: string;
  /** A scrape waits this long for the read, then answers without its metrics. */
  timeoutMs: number;
}

const TIMED_OUT = Symbol('timed out');

interface Failures {
  counter: Counter<'collector'>;
  /** The reads of the scrape under way. */
  reads: Set<Promise<unknown>>;
}

const failuresByRegistry = new WeakMap<Registry, Failures>();

/** `safenet_metrics_collect_failures_total`, once per registry. */
function failuresIn(registry: Registry): Failures {
  let failures = failuresByRegistry.get(registry);
  if (!failures) {
    const reads = new Set<Promise<unknown>>();
    const counter = new Counter({
      name: 'safenet_metrics_collect_failures_total',
      help: 'Scrapes that answered without a collector’s metrics: its read failed or took longer than its timeout.',
      labelNames: ['collector'],
      registers: [registry],
      // A scrape collects every metric at once: let the others start their reads, then wait
      // for them, so a scrape that lacks some metrics also shows why.
      async collect() {
        await undefined;
        await Promise.all(reads);
      },
    });
    failures = { counter, reads };
    failuresByRegistry.set(registry, failures);
  }
  return failures;
}

/**
 * Wraps a read that metrics need at scrape time (a query to the database) so that a slow or
 * failing database never hangs or breaks a scrape: past `timeoutMs` (or on an error) the
 * scrape goes on without these metrics and `safenet_metrics_collect_failures_total` counts
 * it. The gauges of one scrape collect concurrently and share one read, so several gauges
 * filled from it cost one query; and only one read runs at a time: a scrape that comes while
 * an earlier one's read still runs (it timed out) waits for that read, not for a second one.
 *
 * @example
 * const read = scrapeReader(registry, () => readQueueDepths(db), { collector: 'queues', timeoutMs: 2000 });
 * new Gauge({ …, async collect() { const depths = await read(); … } });
 */
export function scrapeReader<T>(
  registry: Registry,
  read: () => Promise<T>,
  { collector, timeoutMs }: ScrapeReaderOptions,
): () => Promise<T | undefined> {
  const { counter: failures, reads } = failuresIn(registry);
  // Zero from the start: a rate over it works before the first failure.
  failures.inc({ collector }, 0);
  let running: Promise<T> | undefined;
  let scrape: Promise<T | undefined> | undefined;
  return () => {
    if (scrape) return scrape;
    if (!running) {
      const started = Promise.resolve().then(read);
      running = started;
      void started.then(
        () => (running = undefined),
        () => (running = undefined),
      );
    }
    const reading = running;
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<typeof TIMED_OUT>((resolve) => {
      timer = setTimeout(() => resolve(TIMED_OUT), timeoutMs);
    });
    const current = Promise.race([reading, timedOut]).then(
      (value) => {
        if (value !== TIMED_OUT) return value;
        failures.inc({ collector });
        return undefined;
      },
      () => {
        failures.inc({ collector });
        return undefined;
      },
    );
    scrape = current;
    reads.add(current);
    void current.finally(() => {
      clearTimeout(timer);
      reads.delete(current);
      scrape = undefined;
    });
    return current;
  };
}
