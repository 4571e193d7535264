/**
 * Escalation of open alerts (issue 14), on both stores, with a hand-moved clock: a critical
 * alert nobody acknowledges climbs its ladder — the school's specialists at once by SMS, the
 * province's after 15 minutes, once more, then nothing — each step an urgent broadcast that
 * quiet hours do not hold (the deliveries record the override), in each person's language;
 * acknowledging stops it; a policy is frozen when the alert opens and inherited down the tree;
 * two sweeping processes take each step once; a sweep meeting an acknowledge sends nothing.
 */
import type { ChannelAdapter, OutgoingMessage } from '@safenet/channels';
import type {
  Alert,
  AlertEscalation,
  Delivery,
  EscalationPoliciesView,
  Page,
  StreamEvent,
} from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { createOrgPathCache } from '../../platform/tenancy/org-paths.js';
import { DispatchClock } from '../../testing/dispatch-clock.js';
import {
  drainSendQueues,
  type TestDispatchDeps,
  testDispatchDeps,
} from '../../testing/dispatch-deps.js';
import { createKey, expectProblem } from '../../testing/http-helpers.js';
import { meetingPoint } from '../../testing/meeting-point.js';
import { testBackends } from '../../testing/test-env.js';
import { openSecondStore, startTestHub, type TestHub } from '../../testing/test-hub.js';
import { expandBroadcast, sendUrgentNotice } from '../broadcasts/index.js';
import { overrideAdapter } from '../channels/index.js';
import { hubDb } from '../database.js';
import {
  type EscalationDeps,
  type EscalationStepChosen,
  type RaiseDeps,
  raiseAlert,
  sweepEscalations,
} from './index.js';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const ALMATY = 'Asia/Almaty';
const CONSOLE = 'https://console.safenet.test';

/** 17:00Z a few days ahead of the machine's clock: 22:00 in Almaty, inside quiet hours. */
function eveningAhead(): number {
  const day = new Date(Date.now() + 3 * 24 * HOUR);
  return Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), 17);
}

describe.each(await testBackends())('alert escalation on $name', ({ database, run }) => {
  let th: TestHub;
  let dispatch: TestDispatchDeps;
  let deps: EscalationDeps;
  let raiseDeps: RaiseDeps;
  const clock = new DispatchClock(eveningAhead());
  const sent: OutgoingMessage[] = [];
  const adapter: ChannelAdapter = {
    channel: 'sms',
    provider: 'escalation-test',
    async send(message: OutgoingMessage) {
      sent.push(message);
      return { status: 'sent', providerMessageId: message.deliveryId };
    },
  };
  let ids: { ministry: string; province: string; school: string; other: string };

  const inject = (
    method: 'GET' | 'POST' | 'PUT',
    url: string,
    payload?: object,
    headers = th.auth,
  ) => th.hub.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
  const request = async <T>(method: 'GET' | 'POST' | 'PUT', url: string, payload?: object) => {
    const res = await inject(method, url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json<T>();
  };

  let phones = 0;
  const org = async (parentId: string, kind: 'province' | 'school', name: string) => {
    const created = await request<{ id: string }>('POST', '/v1/organisations', {
      parentId,
      kind,
      name,
      timeZone: ALMATY,
    });
    const consent = { status: 'granted', source: 'staff form', at: '2024-04-03T10:00:00Z' };
    // The on-call specialist, and a parent who must never be told.
    await request('POST', '/v1/contacts/bulk', {
      contacts: (['specialist', 'parent'] as const).map((role) => {
        phones += 1;
        return {
          orgId: created.id,
          externalRef: `${name}-${role}`,
          role,
          language: kind === 'school' ? 'ru' : 'en',
          timeZone: ALMATY,
          addresses: { phone: `+77017${String(phones).padStart(6, '0')}` },
          consents: { sms: consent },
        };
      }),
    });
    return created.id;
  };

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({
      database,
      workers: false,
      env: { SAFENET_QUIET_HOURS: '21:00-08:00' },
    });
    const base = await testDispatchDeps(th, { now: clock.now });
    dispatch = { ...base, channels: overrideAdapter(base.channels, adapter) };
    const orgPathOf = createOrgPathCache(th.hub.db);
    raiseDeps = { bus: th.hub.bus, now: clock.now, orgPathOf };
    deps = {
      db: share(th.hub.db),
      bus: th.hub.bus,
      now: clock.now,
      orgPathOf,
      publicUrl: CONSOLE,
      notify: (trx, message) => sendUrgentNotice(th.hub.boss, trx, message),
    };
    const ministry = th.seed.ministryId;
    const province = await org(ministry, 'province', 'Esc province');
    ids = {
      ministry,
      province,
      school: await org(province, 'school', 'Esc school'),
      other: await org(province, 'school', 'Esc other school'),
    };
  });
  afterAll(async () => {
    await dispatch?.progress.close();
    await th?.close();
  });

  let subjects = 0;
  const raise = (
    orgId: string,
    code: 'case_critical' | 'case_resolve_overdue' = 'case_critical',
  ) => {
    subjects += 1;
    return raiseAlert(raiseDeps, share(th.hub.db), {
      orgId,
      code,
      subjectId: `case-${subjects}`,
      message: `Case ${subjects}: a report of self-harm content came in`,
    }) as Promise<Alert>;
  };
  const escalations = async (alertId: string) =>
    (await request<{ items: AlertEscalation[] }>('GET', `/v1/alerts/${alertId}/escalations`)).items;
  const broadcastRow = (id: string) =>
    th.hub.db
      .selectFrom('broadcasts')
      .select(['org_id', 'segment_query', 'channels', 'urgent', 'content'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  const deliveriesOf = async (broadcastId: string) =>
    (await request<Page<Delivery>>('GET', `/v1/broadcasts/${broadcastId}/deliveries`)).items;
  const escalatedEvents = async () =>
    (await th.hub.bus.replay(ids.ministry, '0'))
      .map((logged) => logged.event)
      .filter(
        (e): e is Extract<StreamEvent, { type: 'alert.escalated' }> => e.type === 'alert.escalated',
      );

  it.runIf(run)(
    'climbs the default critical ladder: the school at once, the province after 15 min, once more, then stops',
    async () => {
      const opened = clock.now();
      const alert = await raise(ids.school);
      expect(await sweepEscalations(deps)).toBe(1);
      // Swept again at the same instant: the step is taken already.
      expect(await sweepEscalations(deps)).toBe(0);

      const [first] = await escalations(alert.id);
      expect(first).toMatchObject({
        step: 0,
        run: 0,
        orgId: ids.school,
        channels: ['sms', 'email'],
      });
      const broadcast = await broadcastRow(first?.broadcastId as string);
      expect(broadcast).toMatchObject({
        org_id: ids.school,
        urgent: true,
        channels: ['sms', 'email'],
        segment_query: { orgIds: [ids.school], roles: ['specialist'] },
      });
      // In every language, with the code's title, the message and the console's link.
      const body = (broadcast.content as { body: Record<string, string> }).body;
      expect(body.ru).toContain('Поступило критическое обращение о вредном контенте');
      expect(body.en).toContain('A critical harmful-content case arrived');
      for (const text of Object.values(body)) {
        expect(text).toContain(alert.message);
        expect(text).toContain(`${CONSOLE}/alerts/${alert.id}`);
      }
      // 22:00 in Almaty, inside quiet hours: the specialist is told now, the override recorded.
      await expandBroadcast(dispatch.expand, first?.broadcastId as string);
      await drainSendQueues(dispatch);
      const deliveries = await deliveriesOf(first?.broadcastId as string);
      expect(deliveries).toHaveLength(1);
      expect(deliveries[0]).toMatchObject({
        channel: 'sms',
        status: 'sent',
        deferredUntil: null,
        quietHoursOverridden: true,
      });
      const message = sent.find((m) => m.deliveryId === deliveries[0]?.id);
      expect(message?.language).toBe('ru');
      expect(message?.body).toContain('Критическое оповещение');

      clock.advanceTo(opened + 14 * MINUTE);
      expect(await sweepEscalations(deps)).toBe(0);
      clock.advanceTo(opened + 15 * MINUTE);
      expect(await sweepEscalations(deps)).toBe(1);
      clock.advanceTo(opened + 30 * MINUTE);
      expect(await sweepEscalations(deps)).toBe(1);
      clock.advanceTo(opened + 45 * MINUTE);
      expect(await sweepEscalations(deps)).toBe(1);
      clock.advanceTo(opened + 5 * HOUR);
      expect(await sweepEscalations(deps)).toBe(0);

      const taken = await escalations(alert.id);
      expect(taken.map((e) => [e.run, e.step, e.orgId, e.at])).toEqual([
        [0, 0, ids.school, new Date(opened).toISOString()],
        [0, 1, ids.province, new Date(opened + 15 * MINUTE).toISOString()],
        [1, 0, ids.school, new Date(opened + 30 * MINUTE).toISOString()],
        [1, 1, ids.province, new Date(opened + 45 * MINUTE).toISOString()],
      ]);
      expect((await broadcastRow(taken[1]?.broadcastId as string)).segment_query).toEqual({
        orgIds: [ids.province],
        roles: ['specialist'],
      });
      const events = (await escalatedEvents()).filter((e) => e.data.alertId === alert.id);
      expect(events.map((e) => [e.orgId, e.data.run, e.data.step, e.data.notifiedOrgId])).toEqual([
        [ids.school, 0, 0, ids.school],
        [ids.school, 0, 1, ids.province],
        [ids.school, 1, 0, ids.school],
        [ids.school, 1, 1, ids.province],
      ]);
    },
  );

  it.runIf(run)(
    'stops when acknowledged; a warning waits an hour; out of scope is 404',
    async () => {
      const opened = clock.now();
      const alert = await raise(ids.school);
      expect(await sweepEscalations(deps)).toBe(1);
      const acked = await inject('POST', `/v1/alerts/${alert.id}/acknowledge`);
      expect(acked.statusCode, acked.body).toBe(200);
      clock.advanceTo(opened + 2 * HOUR);
      expect(await sweepEscalations(deps)).toBe(0);
      expect(await escalations(alert.id)).toHaveLength(1);

      const warning = await raise(ids.school, 'case_resolve_overdue');
      clock.advanceTo(opened + 2 * HOUR + 59 * MINUTE);
      expect(await sweepEscalations(deps)).toBe(0);
      clock.advanceTo(opened + 3 * HOUR);
      expect(await sweepEscalations(deps)).toBe(1);
      expect((await escalations(warning.id)).map((e) => [e.step, e.orgId])).toEqual([
        [0, ids.school],
      ]);

      const other = await createKey(th.hub.app, th.auth, ids.other, ['read']);
      expectProblem(
        await inject('GET', `/v1/alerts/${alert.id}/escalations`, undefined, other.headers),
        404,
        'not_found',
      );
    },
  );

  it.runIf(run)(
    'inherits the nearest policy up the tree and freezes it when the alert opens',
    async () => {
      const policy = (afterMinutes: number) => ({
        critical: { steps: [{ afterMinutes, levelsUp: 5, channels: ['email'] }] },
        warning: null,
      });
      const put = await request<EscalationPoliciesView>(
        'PUT',
        `/v1/organisations/${ids.province}/escalation-policies`,
        policy(5),
      );
      expect(put.own.warning).toBeNull();
      const read = await request<EscalationPoliciesView>(
        'GET',
        `/v1/organisations/${ids.other}/escalation-policies`,
      );
      expect(read.own).toEqual({});
      expect(read.effective.critical).toEqual({
        policy: {
          steps: [{ afterMinutes: 5, levelsUp: 5, channels: ['email'] }],
          repeat: 0,
          repeatAfterMinutes: 15,
        },
        from: { orgId: ids.province },
      });
      expect(read.effective.warning).toEqual({ policy: null, from: { orgId: ids.province } });
      expect(read.effective.info).toEqual({ policy: null, from: 'default' });

      const opened = clock.now();
      const before = await raise(ids.other);
      const none = await raise(ids.other, 'case_resolve_overdue');
      // Changed after the first opened: it keeps 5 minutes, a new one takes 30.
      await request('PUT', `/v1/organisations/${ids.province}/escalation-policies`, policy(30));
      const after = await raise(ids.other);
      clock.advanceTo(opened + 5 * MINUTE);
      expect(await sweepEscalations(deps)).toBe(1);
      // Five levels up from a school two below the ministry stops at the root.
      expect(await escalations(before.id)).toMatchObject([
        { orgId: ids.ministry, channels: ['email'] },
      ]);
      expect(await escalations(after.id)).toEqual([]);
      clock.advanceTo(opened + 30 * MINUTE);
      expect(await sweepEscalations(deps)).toBe(1);
      expect(await escalations(after.id)).toHaveLength(1);
      clock.advanceTo(opened + 10 * HOUR);
      expect(await sweepEscalations(deps)).toBe(0);
      expect(await escalations(none.id)).toEqual([]);
      // Back to inheriting: the province's settings gone, the default applies again.
      const cleared = await request<EscalationPoliciesView>(
        'PUT',
        `/v1/organisations/${ids.province}/escalation-policies`,
        {},
      );
      expect(cleared.effective.critical.from).toBe('default');
    },
  );

  it.runIf(run)('refuses bad policies with 400 and a non-admin key with 403', async () => {
    const url = `/v1/organisations/${ids.school}/escalation-policies`;
    const step = { afterMinutes: 0, channels: ['sms'] };
    for (const critical of [
      { steps: [] },
      { steps: [{ ...step, afterMinutes: -1 }] },
      { steps: [{ ...step, channels: ['telegram'] }] },
      { steps: [{ ...step, channels: [] }] },
      { steps: [{ ...step, channels: ['sms', 'sms'] }] },
      { steps: [step], repeat: -1 },
    ]) {
      expectProblem(await inject('PUT', url, { critical }), 400, 'validation_failed');
    }
    const writer = await createKey(th.hub.app, th.auth, ids.school, ['read', 'write']);
    expectProblem(
      await inject('PUT', url, { critical: { steps: [step] } }, writer.headers),
      403,
      'insufficient_scope',
    );
    const read = await inject('GET', url, undefined, writer.headers);
    expect(read.statusCode, read.body).toBe(200);
    // Nothing was stored by the refused ones.
    expect(read.json<EscalationPoliciesView>().own).toEqual({});
    expectProblem(
      await inject(
        'GET',
        `/v1/organisations/${ids.province}/escalation-policies`,
        undefined,
        writer.headers,
      ),
      404,
      'not_found',
    );
  });

  it.runIf(run)('two processes sweeping at once, held after choosing: each step once', async () => {
    const second = await openSecondStore(th);
    try {
      const alert = await raise(ids.school);
      const { hook, seen } = meetingPoint<EscalationStepChosen>(2);
      const [a, b] = await Promise.all([
        sweepEscalations({ ...deps, beforeStep: hook }),
        sweepEscalations({ ...deps, db: share(hubDb(second)), beforeStep: hook }),
      ]);
      // Both chose the step: the race was real.
      expect(seen.filter((s) => s.alertId === alert.id)).toHaveLength(2);
      expect(a + b).toBe(1);
      const taken = await escalations(alert.id);
      expect(taken).toHaveLength(1);
      const broadcasts = await th.hub.db
        .selectFrom('broadcasts')
        .select('id')
        .where(
          'id',
          'in',
          taken.map((e) => e.broadcastId),
        )
        .execute();
      expect(broadcasts).toHaveLength(1);
      await request('POST', `/v1/alerts/${alert.id}/resolve`);
    } finally {
      await second.close();
    }
  });

  it.runIf(run)(
    'a sweep meeting an acknowledge: acknowledged first, the step is not sent',
    async () => {
      const alert = await raise(ids.school);
      let acknowledged = 0;
      const swept = await sweepEscalations({
        ...deps,
        // Chosen, not yet locked: the acknowledge commits now, from another connection.
        beforeStep: async (step) => {
          if (step.alertId !== alert.id) return;
          const res = await inject('POST', `/v1/alerts/${alert.id}/acknowledge`);
          expect(res.statusCode, res.body).toBe(200);
          acknowledged += 1;
        },
      });
      expect(acknowledged).toBe(1);
      expect(swept).toBe(0);
      expect(await escalations(alert.id)).toEqual([]);
    },
  );
});
