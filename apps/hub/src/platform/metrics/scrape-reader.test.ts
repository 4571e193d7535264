import { Gauge, Registry } from 'prom-client';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parsePrometheusText, sampleValue } from '../../testing/prometheus-text.js';
import { scrapeReader } from './scrape-reader.js';

/** A read the test answers by hand. */
function handRead() {
  const pending: { resolve(value: number): void; reject(error: unknown): void }[] = [];
  const read = vi.fn(
    () => new Promise<number>((resolve, reject) => pending.push({ resolve, reject })),
  );
  return { read, pending };
}

/**
 * A registry with two gauges filled from one reader, labelled as the queue gauges are (a
 * gauge without labels always shows a value, 0 after a reset).
 */
function twoGauges(read: () => Promise<number>) {
  const registry = new Registry();
  const value = scrapeReader(registry, read, { collector: 'test', timeoutMs: 2_000 });
  for (const name of ['test_a', 'test_b']) {
    new Gauge({
      name,
      help: name,
      labelNames: ['queue'],
      registers: [registry],
      async collect() {
        const read = await value();
        this.reset();
        if (read !== undefined) this.set({ queue: 'q' }, read);
      },
    });
  }
  const scrape = async () => parsePrometheusText(await registry.metrics());
  return { registry, scrape };
}

describe('a reader of what a scrape needs from the database', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads once per scrape for all the gauges it fills', async () => {
    const { read, pending } = handRead();
    const { scrape } = twoGauges(read);
    const first = scrape();
    await vi.advanceTimersByTimeAsync(0);
    expect(read).toHaveBeenCalledTimes(1);
    pending[0]?.resolve(7);
    const text = await first;
    expect(sampleValue(text, 'test_a')).toBe(7);
    expect(sampleValue(text, 'test_b')).toBe(7);
    expect(sampleValue(text, 'safenet_metrics_collect_failures_total')).toBe(0);
    // The next scrape reads again: nothing is served stale.
    const second = scrape();
    await vi.advanceTimersByTimeAsync(0);
    expect(read).toHaveBeenCalledTimes(2);
    pending[1]?.resolve(8);
    expect(sampleValue(await second, 'test_a')).toBe(8);
  });

  it('answers without the gauges after the timeout, counts it, and never starts a second read while one hangs', async () => {
    const { read, pending } = handRead();
    const { scrape } = twoGauges(read);
    const slow = scrape();
    let answered = false;
    void slow.then(() => {
      answered = true;
    });
    await vi.advanceTimersByTimeAsync(1_999);
    expect(answered).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    const timedOut = await slow;
    expect(timedOut.samples.filter((s) => s.name.startsWith('test_'))).toEqual([]);
    expect(
      sampleValue(timedOut, 'safenet_metrics_collect_failures_total', { collector: 'test' }),
    ).toBe(1);

    // The database still has the first read: the next scrape waits for it, not a new one.
    const next = scrape();
    await vi.advanceTimersByTimeAsync(0);
    expect(read).toHaveBeenCalledTimes(1);
    pending[0]?.resolve(3);
    const text = await next;
    expect(sampleValue(text, 'test_a')).toBe(3);
    expect(sampleValue(text, 'safenet_metrics_collect_failures_total')).toBe(1);
  });

  it('answers without the gauges when the read fails, and counts it once per scrape', async () => {
    const { read, pending } = handRead();
    const { scrape } = twoGauges(read);
    const failing = scrape();
    await vi.advanceTimersByTimeAsync(0);
    pending[0]?.reject(new Error('connection terminated'));
    const text = await failing;
    expect(text.samples.filter((s) => s.name.startsWith('test_'))).toEqual([]);
    expect(sampleValue(text, 'safenet_metrics_collect_failures_total')).toBe(1);
  });
});
