import { readFileSync } from 'node:fs';
import type { ChannelAdapter } from '@safenet/channels';
import { type Broadcast, SafenetError } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expandBroadcast } from './modules/broadcasts/index.js';
import { overrideAdapter } from './modules/channels/index.js';
import { applyWebhookEvents } from './modules/delivery/index.js';
import {
  drainSendQueues,
  type TestDispatchDeps,
  testDispatchDeps,
} from './testing/dispatch-deps.js';
import { seedParents } from './testing/parents-fixture.js';
import { type PrometheusScrape, parsePrometheusText } from './testing/prometheus-text.js';
import { testBackends } from './testing/test-env.js';
import { startTestHub, type TestHub } from './testing/test-hub.js';

const DOC_URL = new URL('../../../docs/reference/metrics.md', import.meta.url);
const HEADER = ['metric', 'type', 'labels', 'present', 'meaning'];

interface DocumentedMetric {
  name: string;
  type: string;
  labels: string[];
  /** `always`, `with a pool` or `Linux`. */
  present: string;
  /** Whether it is the hub's own (its table), not one of the process's default metrics. */
  hubs: boolean;
}

/** The rows of every table under `header`, with the `##` section each is in. */
function documentedMetrics(markdown: string): DocumentedMetric[] {
  const lines = markdown.split('\n').map((line) => line.trim());
  const cells = (line: string) =>
    line
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim());
  const code = (cell: string) => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
  const metrics: DocumentedMetric[] = [];
  let section = '';
  for (const [index, line] of lines.entries()) {
    if (line.startsWith('## ')) section = line;
    if (!line.startsWith('|') || JSON.stringify(cells(line)) !== JSON.stringify(HEADER)) continue;
    for (const row of lines.slice(index + 2)) {
      if (!row.startsWith('|')) break;
      const [name = '', type = '', labels = '', present = '', meaning = ''] = cells(row);
      expect(meaning, name).not.toBe('');
      metrics.push({
        name: code(name)[0] ?? name,
        type,
        labels: code(labels),
        present,
        hubs: section === "## The hub's metrics",
      });
    }
  }
  return metrics;
}

/** The label names of a sample, without the ones its type adds (`le` of a histogram bucket). */
const labelNames = (labels: Record<string, string>) =>
  Object.keys(labels)
    .filter((name) => name !== 'le' && name !== 'quantile')
    .sort();

const doc = documentedMetrics(readFileSync(DOC_URL, 'utf8'));
const backends = await testBackends();

describe.each(backends)(
  'docs/reference/metrics.md against /metrics on $name',
  ({ database, run }) => {
    let th: TestHub;
    let deps: TestDispatchDeps;
    let scrape: PrometheusScrape;

    /**
     * Served here: a metric `with a pool` only when the store has one (PostgreSQL), a `Linux`
     * one only on Linux.
     */
    const expected = () =>
      doc.filter(
        (m) =>
          m.present === 'always' ||
          (m.present === 'with a pool' && th.hub.store.pool !== undefined) ||
          (m.present === 'Linux' && process.platform === 'linux'),
      );

    beforeAll(async () => {
      if (!run) return;
      th = await startTestHub({ workers: false, database });
      deps = await testDispatchDeps(th, { throwErrors: true });
      // Something for every metric of the hub to count: a send accepted and one refused (on a
      // paced channel), the refused one's fallback, a receipt applied and one parked.
      const { orgId, segmentId } = await seedParents(th, {
        name: 'Metrics drift',
        count: 2,
        phonePrefix: '6',
        email: true,
      });
      const res = await th.hub.app.inject({
        method: 'POST',
        url: '/v1/broadcasts',
        headers: th.auth,
        payload: { orgId, segmentId, channels: ['sms', 'email'], content: { body: { en: 'Hi' } } },
      });
      expect(res.statusCode, res.body).toBe(202);
      await expandBroadcast(deps.expand, res.json<Broadcast>().id);
      let refusedOne = false;
      const sms: ChannelAdapter = {
        channel: 'sms',
        provider: 'drift-test',
        reportsDelivery: true,
        pacing: { perSecond: 1000 },
        async send(message) {
          if (!refusedOne) {
            refusedOne = true;
            throw new SafenetError('provider_rejected', 'not a mobile number', {
              reason: 'invalid_address',
            });
          }
          return { status: 'sent', providerMessageId: `drift:${message.deliveryId}` };
        },
      };
      await drainSendQueues({ ...deps, channels: overrideAdapter(deps.channels, sms) });
      const sent = await th.hub.db
        .selectFrom('deliveries')
        .select('provider_message_id')
        .where('provider_message_id', 'like', 'drift:%')
        .executeTakeFirstOrThrow();
      await applyWebhookEvents(deps, 'sms', {
        statuses: [
          {
            providerMessageId: sent.provider_message_id as string,
            status: 'delivered',
            at: new Date(),
          },
          { providerMessageId: 'drift:unknown', status: 'delivered', at: new Date() },
        ],
        inbound: [],
      });
      const answer = await th.hub.app.inject({ method: 'GET', url: '/metrics' });
      expect(answer.statusCode, answer.body).toBe(200);
      scrape = parsePrometheusText(answer.body);
    });

    afterAll(async () => {
      await deps?.progress.close();
      await th?.close();
    });

    it.runIf(run)('serves every documented metric, and no other, with the documented type', () => {
      const served = [...scrape.types].filter(([name]) => name.startsWith('safenet_'));
      const documented = expected().map((m) => [m.name, m.type] as const);
      expect(served.length).toBeGreaterThan(0);
      expect({
        undocumented: served.filter(([name]) => !documented.some(([d]) => d === name)),
        notServed: documented.filter(([name]) => !scrape.types.has(name)),
        otherType: documented.filter(([name, type]) => {
          const servedType = scrape.types.get(name);
          return servedType !== undefined && servedType !== type;
        }),
      }).toEqual({ undocumented: [], notServed: [], otherType: [] });
      expect(new Set(doc.map((m) => m.name)).size, 'a metric listed twice').toBe(doc.length);
    });

    it.runIf(run)('labels every sample with exactly the documented label names', () => {
      const wrong = scrape.samples.flatMap((sample) => {
        const documented = doc.find((m) => m.name === sample.metric);
        if (!documented) return [];
        const names = labelNames(sample.labels);
        return JSON.stringify(names) === JSON.stringify([...documented.labels].sort())
          ? []
          : [{ sample: sample.name, labels: names, documented: documented.labels }];
      });
      expect(wrong).toEqual([]);
    });

    it.runIf(run)(
      'has a sample of every metric of the hub, so none has its labels unchecked',
      () => {
        const unsampled = expected()
          .filter((m) => m.hubs && !scrape.samples.some((s) => s.metric === m.name))
          .map((m) => m.name);
        expect(unsampled).toEqual([]);
      },
    );
  },
);
