import type { Broadcast, ReportForm } from '@safenet/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { share } from '../../platform/database/schema.js';
import { purgeExpired, type RetentionClass } from '../../platform/privacy.js';
import {
  drainSendQueues,
  type TestDispatchDeps,
  testDispatchDeps,
} from '../../testing/dispatch-deps.js';
import { seedParents } from '../../testing/parents-fixture.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { expandBroadcast } from '../broadcasts/index.js';

// Retention (issue 14): the hub's clock moves, the sweep runs, and what is older than each
// class's days is gone while what is younger stays — captured messages (`delivery`, 180 days)
// and the results reports' audit log (`audit`, 1,826 days), on both stores.

const backends = await testBackends();
const DAY = 86_400_000;

describe.each(backends)('retention on $name', ({ database, run }) => {
  let th: TestHub;
  let deps: TestDispatchDeps;
  let clock = Date.now();
  let orgId: string;
  let segmentId: string;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database, now: () => clock });
    deps = await testDispatchDeps(th, { throwErrors: true });
    ({ orgId, segmentId } = await seedParents(th, {
      name: 'Retention association',
      count: 2,
      phonePrefix: '9',
      email: true,
    }));
  });

  afterAll(async () => {
    await deps?.progress.close();
    await th?.close();
  });

  const inject = (method: 'POST' | 'PUT', url: string, payload: object) =>
    th.hub.app.inject({ method, url, headers: th.auth, payload });

  /** A broadcast by email to the association's parents, sent; its deliveries' ids. */
  async function sendOne(text: string): Promise<string[]> {
    const res = await inject('POST', '/v1/broadcasts', {
      orgId,
      segmentId,
      channels: ['email'],
      content: { body: { en: text } },
    });
    expect(res.statusCode, res.body).toBe(202);
    const broadcast = res.json<Broadcast>();
    await expandBroadcast(deps.expand, broadcast.id);
    await drainSendQueues(deps);
    const rows = await th.hub.db
      .selectFrom('deliveries')
      .select('id')
      .where('broadcast_id', '=', broadcast.id)
      .execute();
    return rows.map((r) => r.id);
  }

  const outboxOf = async (deliveryIds: string[]) =>
    (
      await th.hub.db
        .selectFrom('outbox_messages')
        .select('delivery_id')
        .where('delivery_id', 'in', deliveryIds)
        .execute()
    ).length;

  it.runIf(run)(
    'purges captured messages older than 180 days and keeps younger ones and every delivery',
    async () => {
      clock = Date.now();
      const old = await sendOne('Parent meeting on Friday');
      const young = await sendOne('Open lesson on Monday');
      expect(old).toHaveLength(2);
      // The first broadcast's copies were captured 181 days before the clock; the second's
      // 179 days before once the clock moves on.
      await th.hub.db
        .updateTable('outbox_messages')
        .set({ created_at: new Date(clock - 181 * DAY) })
        .where('delivery_id', 'in', old)
        .execute();
      clock += 179 * DAY;

      const runs = await th.hub.purgeExpired();
      const delivery = runs.find((r) => r.name === 'delivery');
      expect(delivery?.cutoff).toEqual(new Date(clock - 180 * DAY));
      expect(delivery?.purged).toBeGreaterThanOrEqual(2);
      expect(await outboxOf(old)).toBe(0);
      expect(await outboxOf(young)).toBe(2);
      // Deliveries hold no address: all four stay, and with them the broadcasts' counts.
      const kept = await th.hub.db
        .selectFrom('deliveries')
        .select('id')
        .where('id', 'in', [...old, ...young])
        .execute();
      expect(kept).toHaveLength(4);

      // Two days later the second broadcast's copies are past their 180 days too.
      clock += 2 * DAY;
      await th.hub.purgeExpired();
      expect(await outboxOf(young)).toBe(0);
    },
  );

  it.runIf(run)(
    'purges audit entries older than 1,826 days and nothing else can delete from the log',
    async () => {
      const t0 = Date.now();
      // The form was written six years ago; its assignment changed a year ago.
      clock = t0 - 6 * 365 * DAY;
      const created = await inject('POST', '/v1/report-forms', {
        orgId: th.seed.ministryId,
        key: `retention-${database}`,
        title: { en: 'Results' },
        fields: [{ key: 'sessions_held', type: 'count', label: { en: 'Sessions' } }],
        schedule: {
          kind: 'once',
          startsOn: '2023-04-01',
          endsOn: '2023-04-15',
          dueOn: '2023-04-25',
          locksOn: '2023-04-30',
        },
      });
      expect(created.statusCode, created.body).toBe(201);
      const form = created.json<ReportForm>();
      clock = t0 - 365 * DAY;
      const assigned = await inject('PUT', `/v1/report-forms/${form.id}/assignment`, {
        assignees: [{ allOf: 'school', under: th.seed.ministryId }],
      });
      expect(assigned.statusCode, assigned.body).toBe(200);
      const actions = async () =>
        (
          await sql<{ action: string }>`select action from report_audit
            where form_id = ${form.id} order by at`.execute(th.hub.db)
        ).rows.map((r) => r.action);
      expect(await actions()).toEqual(['form_changed', 'assignment_changed']);

      // Outside the purge the log stays append-only, the old entry too.
      await expect(
        sql`delete from report_audit where form_id = ${form.id}`.execute(th.hub.db),
      ).rejects.toThrow(/append-only/);

      clock = t0;
      const runs = await th.hub.purgeExpired();
      expect(runs.find((r) => r.name === 'audit')).toMatchObject({
        cutoff: new Date(t0 - 1_826 * DAY),
        purged: 1,
      });
      expect(await actions()).toEqual(['assignment_changed']);

      // Even with the purge's setting, an entry younger than the cutoff it names is refused.
      await expect(
        th.hub.db.transaction().execute(async (trx) => {
          await sql`select set_config('safenet.audit_purge_before', ${new Date(t0 - 1_826 * DAY).toISOString()}, true)`.execute(
            trx,
          );
          await sql`delete from report_audit where form_id = ${form.id}`.execute(trx);
        }),
      ).rejects.toThrow(/append-only/);
      expect(await actions()).toEqual(['assignment_changed']);
    },
  );

  it.runIf(run)(
    'reads each class’s days from the configuration; 0 keeps a class for ever',
    async () => {
      const config = loadConfig({
        SAFENET_RETENTION_DELIVERY_DAYS: '30',
        SAFENET_RETENTION_AUDIT_DAYS: '0',
      });
      expect(config.retention.days('delivery')).toBe(30);
      expect(config.retention.days('audit')).toBe(0);
      expect(config.retention.days('case_report')).toBeUndefined();
      expect(() => loadConfig({ SAFENET_RETENTION_DELIVERY_DAYS: '-1' })).toThrow(
        /SAFENET_RETENTION_DELIVERY_DAYS/,
      );
      // A class the cases module will register: its own default unless configured.
      const cutoffs: Date[] = [];
      const reporter: RetentionClass = {
        name: 'reporter',
        defaultDays: 90,
        async purge(_trx, cutoff) {
          cutoffs.push(cutoff);
          return 0;
        },
      };
      const now = Date.UTC(2026, 11, 6);
      const runs = await purgeExpired(
        share(th.hub.db),
        [reporter, { ...reporter, name: 'audit' }],
        config.retention.days,
        now,
      );
      expect(runs).toEqual([
        { name: 'reporter', cutoff: new Date(now - 90 * DAY), purged: 0 },
        { name: 'audit', cutoff: null, purged: 0 },
      ]);
      expect(cutoffs).toEqual([new Date(now - 90 * DAY)]);
    },
  );
});
