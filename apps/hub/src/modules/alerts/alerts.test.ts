import type { Alert, Page, StreamEvent } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { createOrgPathCache } from '../../platform/tenancy/org-paths.js';
import { createKey, expectProblem, type TestKey } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { breakerAlerts } from '../delivery/index.js';
import { type RaiseDeps, raiseAlert, resolveAlertsOf } from './index.js';

const backends = await testBackends();

describe.each(backends)('alerts on $name', ({ database, run }) => {
  let th: TestHub;
  let clock = Date.parse('2022-06-01T00:00:00Z');
  let deps: RaiseDeps;
  let gialam: TestKey;
  let school: TestKey;
  let sibling: TestKey;
  let ids: { ministry: string; district: string; school: string; sibling: string };

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database, now: () => clock });
    const [schoolId, siblingId] = th.seed.schoolIds as [string, string];
    ids = {
      ministry: th.seed.ministryId,
      district: th.seed.districtId,
      school: schoolId,
      sibling: siblingId,
    };
    deps = { bus: th.hub.bus, now: () => clock, orgPathOf: createOrgPathCache(th.hub.db) };
    gialam = await createKey(th.hub.app, th.auth, ids.district, ['read', 'write']);
    school = await createKey(th.hub.app, th.auth, ids.school, ['read', 'write']);
    sibling = await createKey(th.hub.app, th.auth, ids.sibling, ['read', 'write']);
  });
  afterAll(() => th?.close());

  const alertEvents = async () =>
    (await th.hub.bus.replay(ids.ministry, '0'))
      .map((logged) => logged.event)
      .filter((e): e is Extract<StreamEvent, { type: 'alert' }> => e.type === 'alert');
  const stored = async () => th.hub.db.selectFrom('alerts').selectAll().orderBy('id').execute();
  const overdue = (subjectId: string, dedupeKey?: string) =>
    raiseAlert(deps, share(th.hub.db), {
      orgId: ids.district,
      code: 'plan_item_overdue',
      subjectId,
      message: `School has not done item 7, due 2022-05-31 (${subjectId})`,
      ...(dedupeKey ? { dedupeKey } : {}),
    });
  const inject = (method: 'GET' | 'POST', url: string, key: TestKey) =>
    th.hub.app.inject({ method, url, headers: key.headers });

  it.runIf(run)('stores a raised alert and publishes it with its id, once per fact', async () => {
    const before = (await alertEvents()).length;
    const alert = await overdue('c1/7/s1', 'plan_item_overdue:c1/7/s1@2022-05-31');
    expect(alert).toMatchObject({
      orgId: ids.district,
      code: 'plan_item_overdue',
      severity: 'warning',
      subject: { type: 'plan_assignment', id: 'c1/7/s1' },
      state: 'open',
      createdAt: new Date(clock).toISOString(),
      acknowledgedBy: null,
    });
    // The same fact again (another process, a later sweep): nothing stored, nothing published.
    expect(await overdue('c1/7/s1', 'plan_item_overdue:c1/7/s1@2022-05-31')).toBeNull();
    const events = (await alertEvents()).slice(before);
    expect(events).toEqual([
      {
        type: 'alert',
        orgId: ids.district,
        at: new Date(clock).toISOString(),
        data: {
          alertId: alert?.id,
          code: 'plan_item_overdue',
          severity: 'warning',
          subject: { type: 'plan_assignment', id: 'c1/7/s1' },
          message: alert?.message,
        },
      },
    ]);
    expect((await stored()).filter((row) => row.subject_id === 'c1/7/s1')).toHaveLength(1);
  });

  it.runIf(run)('raises nothing when the transaction that causes it rolls back', async () => {
    const before = { rows: (await stored()).length, events: (await alertEvents()).length };
    await expect(
      th.hub.db.transaction().execute(async (trx) => {
        await raiseAlert(deps, share(trx), {
          orgId: ids.district,
          code: 'plan_item_overdue',
          subjectId: 'c1/8/s1',
          message: 'rolled back',
        });
        throw new Error('the cause failed');
      }),
    ).rejects.toThrow('the cause failed');
    expect((await stored()).length).toBe(before.rows);
    expect((await alertEvents()).length).toBe(before.events);
  });

  it.runIf(run)('lists the alerts of a subtree, newest first, filtered', async () => {
    clock += 60_000;
    const second = await overdue('c1/9/s1');
    const page = await inject('GET', '/v1/alerts?state=open&code=plan_item_overdue', gialam);
    expect(page.statusCode, page.body).toBe(200);
    const items = page.json<Page<Alert>>().items;
    expect(items[0]?.id).toBe(second?.id);
    expect(items.every((a) => a.orgId === ids.district && a.state === 'open')).toBe(true);
    // The alert is raised for the district: a school beneath it does not see it.
    const below = await inject('GET', '/v1/alerts', school);
    expect(below.json<Page<Alert>>().items).toEqual([]);
    expectProblem(await inject('GET', `/v1/alerts/${second?.id}`, school), 404, 'not_found');
    expectProblem(await inject('GET', '/v1/alerts?state=closed', gialam), 400, 'validation_failed');
  });

  it.runIf(run)('is acknowledged and resolved by who may act, recording who', async () => {
    const alert = (await overdue('c1/10/s1')) as Alert;
    expectProblem(
      await inject('POST', `/v1/alerts/${alert.id}/acknowledge`, sibling),
      404,
      'not_found',
    );
    const acked = await inject('POST', `/v1/alerts/${alert.id}/acknowledge`, gialam);
    expect(acked.statusCode, acked.body).toBe(200);
    expect(acked.json<Alert>()).toMatchObject({
      state: 'acknowledged',
      acknowledgedAt: new Date(clock).toISOString(),
      acknowledgedBy: { kind: 'key', id: gialam.id },
    });
    // Again: no change, the first acknowledgement stands.
    clock += 1000;
    const again = await inject('POST', `/v1/alerts/${alert.id}/acknowledge`, gialam);
    expect(again.json<Alert>().acknowledgedAt).toBe(acked.json<Alert>().acknowledgedAt);
    const resolved = await inject('POST', `/v1/alerts/${alert.id}/resolve`, gialam);
    expect(resolved.json<Alert>()).toMatchObject({
      state: 'resolved',
      resolvedBy: { kind: 'key', id: gialam.id },
    });
    expectProblem(
      await inject('POST', `/v1/alerts/${alert.id}/acknowledge`, gialam),
      409,
      'alert_state_conflict',
      /resolved already/,
    );
  });

  it.runIf(run)('is resolved by the hub when its cause goes', async () => {
    const alert = (await overdue('c1/11/s1')) as Alert;
    const other = (await overdue('c1/11/s2')) as Alert;
    expect(await resolveAlertsOf(deps, share(th.hub.db), 'plan_item_overdue', 'c1/11/s1')).toBe(1);
    expect(await resolveAlertsOf(deps, share(th.hub.db), 'plan_item_overdue', 'c1/11/s1')).toBe(0);
    const read = async (id: string) =>
      (await inject('GET', `/v1/alerts/${id}`, gialam)).json<Alert>();
    expect(await read(alert.id)).toMatchObject({
      state: 'resolved',
      resolvedBy: { kind: 'system', id: null },
    });
    expect((await read(other.id)).state).toBe('open');
  });

  it.runIf(run)('stores a provider’s failing and resolves it when it answers again', async () => {
    const onTransition = breakerAlerts({
      db: th.hub.db as never,
      bus: th.hub.bus,
      channels: { routed: [] } as never,
      orgPathOf: deps.orgPathOf,
      onError: (error) => {
        throw error;
      },
    });
    const opened = Date.parse('2022-06-02T08:00:00Z');
    const key = 'sms:twilio';
    const rows = async () =>
      (await stored()).filter((row) => row.subject_id === key).map((r) => [r.code, r.state]);
    onTransition(key, { to: 'open', at: opened, failures: 9, calls: 10 });
    await expect.poll(rows).toEqual([['channel_circuit_open', 'open']]);
    onTransition(key, { to: 'closed', at: opened + 60_000, openedMs: opened });
    await expect.poll(rows).toEqual([
      ['channel_circuit_open', 'resolved'],
      ['channel_circuit_closed', 'open'],
    ]);
  });
});
