import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendQueue } from '../../modules/delivery/index.js';
import { parsePrometheusText, sampleValue } from '../../testing/prometheus-text.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

const backends = await testBackends();

describe.each(backends)('queue gauges on $name', ({ database, run }) => {
  let th: TestHub;

  beforeAll(async () => {
    if (!run) return;
    // No workers: jobs stay where they are put.
    th = await startTestHub({ workers: false, database });
  });
  afterAll(() => th?.close());

  const scrape = async () => {
    const res = await th.hub.app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode, res.body).toBe(200);
    return parsePrometheusText(res.body);
  };

  it.runIf(run)(
    'count ready, deferred and active jobs per queue, and the oldest ready one’s age',
    async () => {
      const queue = sendQueue('telegram');
      const other = sendQueue('websocket');
      const before = await scrape();
      expect(sampleValue(before, 'safenet_queue_jobs', { queue })).toBe(0);
      expect(sampleValue(before, 'safenet_queue_oldest_ready_age_seconds', { queue })).toBe(0);

      const tenMinutesAgo = new Date(Date.now() - 600_000);
      const inAnHour = new Date(Date.now() + 3_600_000);
      await th.hub.boss.insert(queue, [
        { data: { deliveryId: 'a' }, startAfter: tenMinutesAgo },
        { data: { deliveryId: 'b' } },
        { data: { deliveryId: 'c' } },
        { data: { deliveryId: 'd' }, startAfter: inAnHour },
      ]);
      await th.hub.boss.insert(other, [{ data: { deliveryId: 'e' }, startAfter: inAnHour }]);
      const [claimed] = await th.hub.boss.fetch(queue, { batchSize: 1 });
      expect(claimed?.data).toEqual({ deliveryId: 'a' });

      const after = await scrape();
      const jobs = (q: string, state: string) =>
        sampleValue(after, 'safenet_queue_jobs', { queue: q, state });
      expect([jobs(queue, 'ready'), jobs(queue, 'deferred'), jobs(queue, 'active')]).toEqual([
        2, 1, 1,
      ]);
      expect([jobs(other, 'ready'), jobs(other, 'deferred'), jobs(other, 'active')]).toEqual([
        0, 1, 0,
      ]);
      // 'a' (due ten minutes ago) is claimed: the oldest ready jobs came due just now.
      const age = sampleValue(after, 'safenet_queue_oldest_ready_age_seconds', { queue });
      expect(age).toBeGreaterThanOrEqual(0);
      expect(age).toBeLessThan(600);
      expect(sampleValue(after, 'safenet_queue_oldest_ready_age_seconds', { queue: other })).toBe(
        0,
      );

      await th.hub.boss.complete(queue, claimed?.id as string);
      await th.hub.boss.insert(queue, [{ data: { deliveryId: 'f' }, startAfter: tenMinutesAgo }]);
      const late = await scrape();
      const lateAge = sampleValue(late, 'safenet_queue_oldest_ready_age_seconds', { queue });
      expect(lateAge).toBeGreaterThanOrEqual(600);
      expect(lateAge).toBeLessThan(600 + 300);
      expect(sampleValue(late, 'safenet_metrics_collect_failures_total')).toBe(0);
    },
  );
});
