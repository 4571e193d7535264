import type { Alert, Campaign, Page, SegmentQuery } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { createOrgPathCache } from '../../platform/tenancy/org-paths.js';
import { expectProblem } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { type RemindersDeps, sweepFollowUps } from './index.js';

const backends = await testBackends();

/** 10:00 on a day in Ho Chi Minh City (UTC+7) and in Almaty (UTC+5 since March 2024). */
const hcm10 = (day: string) => Date.parse(`${day}T03:00:00Z`);
const almaty10 = (day: string) => Date.parse(`${day}T05:00:00Z`);

describe.each(backends)('plan follow-ups on $name', ({ database, run }) => {
  let th: TestHub;
  let clock = Date.parse('2025-03-01T00:00:00Z');
  let deps: RemindersDeps;
  let campaign: Campaign;
  let ids: { ministry: string; almatySchool: string; hcmSchool: string };

  const inject = (method: 'GET' | 'POST' | 'PUT' | 'PATCH', url: string, payload?: object) =>
    th.hub.app.inject({ method, url, headers: th.auth, ...(payload ? { payload } : {}) });
  const sweep = (at: number) => {
    clock = at;
    return sweepFollowUps(deps);
  };
  const broadcasts = async () =>
    (
      await th.hub.db
        .selectFrom('broadcasts')
        .select(['id', 'segment_id', 'segment_query', 'content', 'channels'])
        .where('campaign_id', '=', campaign.id)
        .orderBy('id')
        .execute()
    ).map((b) => ({
      segmentId: b.segment_id,
      query: b.segment_query as SegmentQuery,
      body: (b.content as { body: Record<string, string> }).body,
      channels: b.channels,
    }));
  const markDone = async (orgId: string) => {
    const res = await inject(
      'PATCH',
      `/v1/campaigns/${campaign.id}/plan/items/7/assignments/${orgId}`,
      { status: 'done', note: 'Held on 24 April' },
    );
    expect(res.statusCode, res.body).toBe(200);
  };

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database, now: () => clock });
    const [almatySchool, hcmSchool] = th.seed.schoolIds;
    ids = { ministry: th.seed.ministryId, almatySchool, hcmSchool };
    deps = {
      db: share(th.hub.db),
      bus: th.hub.bus,
      boss: th.hub.boss,
      now: () => clock,
      orgPathOf: createOrgPathCache(th.hub.db),
      graceMs: 15 * 60_000,
    };
    const created = await inject('POST', '/v1/campaigns', {
      orgId: ids.ministry,
      title: { ru: 'Безопасный интернет', vi: 'Internet an toàn', en: 'Safe Internet' },
      startsOn: '2025-04-01',
      endsOn: '2025-04-30',
      timeZone: 'Asia/Almaty',
    });
    expect(created.statusCode, created.body).toBe(201);
    campaign = created.json<Campaign>();
    expect((await inject('POST', `/v1/campaigns/${campaign.id}/schedule`)).statusCode).toBe(200);
    const plan = await inject('PUT', `/v1/campaigns/${campaign.id}/plan`, {
      sections: [
        {
          key: 'schools',
          title: { en: 'Schools' },
          items: [
            {
              key: '7',
              number: '7.',
              title: { ru: 'Классный час', vi: 'Sinh hoạt lớp', en: 'Class hour' },
              completionForm: 'info-to-ministry',
              deadline: { kind: 'date', by: '2025-04-25' },
              responsible: [{ orgId: ids.almatySchool }, { orgId: ids.hcmSchool }],
            },
          ],
        },
      ],
    });
    expect(plan.statusCode, plan.body).toBe(200);
  });
  afterAll(() => th?.close());

  it.runIf(run)('refuses rules naming items the plan does not have, writing nothing', async () => {
    const res = await inject('PUT', `/v1/campaigns/${campaign.id}/reminders`, {
      reminders: [
        { key: 'r', items: ['7', '99'], daysBefore: [3], time: '10:00', channels: ['sms'] },
        { key: 'r', items: 'all', daysBefore: [0], time: '10:00', channels: ['sms'] },
      ],
    });
    const problem = expectProblem(res, 400, 'reminders_invalid');
    expect(problem.errors?.map((e) => [e.path, e.code])).toEqual([
      ['reminders[0].items[1]', 'unknown_item'],
      ['reminders[1].key', 'duplicate_key'],
    ]);
    const stored = await inject('GET', `/v1/campaigns/${campaign.id}/reminders`);
    expect(stored.json()).toEqual({ campaignId: campaign.id, reminders: [] });
  });

  it.runIf(run)(
    'reminds each school at 10:00 in its own zone, once, and not once done',
    async () => {
      const rules = await inject('PUT', `/v1/campaigns/${campaign.id}/reminders`, {
        reminders: [
          {
            key: 'deadlines',
            items: 'all',
            daysBefore: [3, 0],
            time: '10:00',
            roles: ['school_head', 'teacher'],
            channels: ['sms', 'email'],
          },
        ],
      });
      expect(rules.statusCode, rules.body).toBe(200);

      expect(await sweep(hcm10('2025-04-22') - 60_000)).toEqual({ reminders: 0, escalated: 0 });
      // 10:00 in Ho Chi Minh City: its school only; Almaty's 10:00 is two hours later.
      expect(await sweep(hcm10('2025-04-22'))).toEqual({ reminders: 1, escalated: 0 });
      expect(await sweep(hcm10('2025-04-22') + 60_000)).toEqual({ reminders: 0, escalated: 0 });
      const [first] = await broadcasts();
      expect(first).toMatchObject({
        segmentId: null,
        query: { orgIds: [ids.hcmSchool], roles: ['school_head', 'teacher'] },
        channels: ['sms', 'email'],
      });
      expect(first?.body.vi).toContain('mục 7 «Sinh hoạt lớp» — còn 3 ngày');
      expect(first?.body.ru).toContain('пункт 7 «Классный час» — срок через 3 дня');

      // Almaty's school reports done before its 10:00: it is not reminded.
      await markDone(ids.almatySchool);
      expect(await sweep(almaty10('2025-04-22'))).toEqual({ reminders: 0, escalated: 0 });
      expect(await sweep(hcm10('2025-04-25'))).toEqual({ reminders: 1, escalated: 0 });
      expect((await broadcasts()).map((b) => b.query.orgIds)).toEqual([
        [ids.hcmSchool],
        [ids.hcmSchool],
      ]);
      expect((await broadcasts())[1]?.body.en).toContain('is due today, 25 April 2025');
    },
  );

  it.runIf(run)('escalates a missed deadline once, and stops when it is done', async () => {
    const before = (await broadcasts()).length;
    // Midnight in Ho Chi Minh City: 25 April has ended there.
    const midnight = Date.parse('2025-04-25T17:00:00Z');
    expect(await sweep(midnight - 60_000)).toEqual({ reminders: 0, escalated: 0 });
    expect(await sweep(midnight)).toEqual({ reminders: 0, escalated: 1 });
    expect(await sweep(midnight + 60_000)).toEqual({ reminders: 0, escalated: 0 });

    const alerts = await inject('GET', '/v1/alerts?code=plan_item_overdue&state=open');
    const [alert] = alerts.json<Page<Alert>>().items;
    expect(alert).toMatchObject({
      orgId: ids.ministry,
      subject: { type: 'plan_assignment', id: `${campaign.id}/7/${ids.hcmSchool}` },
    });
    expect(alerts.json<Page<Alert>>().items).toHaveLength(1);
    const parent = await th.hub.db
      .selectFrom('organisations')
      .select(['parent_id', 'name'])
      .where('id', '=', ids.hcmSchool)
      .executeTakeFirstOrThrow();
    const escalation = (await broadcasts()).slice(before);
    expect(escalation).toHaveLength(1);
    expect(escalation[0]?.query.orgIds).toEqual([parent.parent_id]);
    expect(escalation[0]?.body.en).toContain(`1 of your organisations has not done item 7`);
    expect(escalation[0]?.body.en).toContain(parent.name);

    await markDone(ids.hcmSchool);
    const resolved = await inject('GET', `/v1/alerts/${alert?.id}`);
    expect(resolved.json<Alert>()).toMatchObject({
      state: 'resolved',
      resolvedBy: { kind: 'system', id: null },
    });
    expect(await sweep(midnight + 86_400_000)).toEqual({ reminders: 0, escalated: 0 });
  });
});
