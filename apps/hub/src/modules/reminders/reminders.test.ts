import {
  type Alert,
  type Campaign,
  FOLLOW_UP_ROLES,
  type Page,
  type SegmentQuery,
} from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { createOrgPathCache } from '../../platform/tenancy/org-paths.js';
import { expectProblem } from '../../testing/http-helpers.js';
import { meetingPoint } from '../../testing/meeting-point.js';
import { testBackends } from '../../testing/test-env.js';
import { openSecondStore, startTestHub, type TestHub } from '../../testing/test-hub.js';
import { hubDb } from '../database.js';
import { type FollowUpStep, type RemindersDeps, sweepFollowUps } from './index.js';

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
  const broadcasts = async (campaignId = campaign.id) =>
    (
      await th.hub.db
        .selectFrom('broadcasts')
        .select(['id', 'segment_id', 'segment_query', 'content', 'channels'])
        .where('campaign_id', '=', campaignId)
        .orderBy('id')
        .execute()
    ).map((b) => ({
      segmentId: b.segment_id,
      query: b.segment_query as SegmentQuery,
      body: (b.content as { body: Record<string, string> }).body,
      channels: b.channels,
    }));
  const markDone = async (orgId: string, campaignId = campaign.id, itemKey = '7') => {
    const res = await inject(
      'PATCH',
      `/v1/campaigns/${campaignId}/plan/items/${itemKey}/assignments/${orgId}`,
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
    // The province's people, not the rule's roles (school heads, teachers: a school's).
    expect(escalation[0]?.query.roles).toEqual([...FOLLOW_UP_ROLES]);
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

  /** A campaign of `year` (April, Almaty), scheduled, with one section of `items`. */
  async function plannedCampaign(
    year: number,
    items: { key: string; title: string; by: string; orgIds: string[] }[],
  ): Promise<string> {
    clock = Date.parse(`${year}-03-01T00:00:00Z`);
    const created = await inject('POST', '/v1/campaigns', {
      orgId: ids.ministry,
      title: { en: `Safe Internet ${year}` },
      startsOn: `${year}-04-01`,
      endsOn: `${year}-04-30`,
      timeZone: 'Asia/Almaty',
    });
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json<Campaign>().id;
    expect((await inject('POST', `/v1/campaigns/${id}/schedule`)).statusCode).toBe(200);
    const plan = await inject('PUT', `/v1/campaigns/${id}/plan`, {
      sections: [
        {
          key: 'schools',
          title: { en: 'Schools' },
          items: items.map((item) => ({
            key: item.key,
            number: `${item.key}.`,
            title: { en: item.title },
            completionForm: 'info-to-ministry',
            deadline: { kind: 'date', by: item.by },
            responsible: item.orgIds.map((orgId) => ({ orgId })),
          })),
        },
      ],
    });
    expect(plan.statusCode, plan.body).toBe(200);
    return id;
  }
  const putRules = async (campaignId: string, reminders: object[]) => {
    const res = await inject('PUT', `/v1/campaigns/${campaignId}/reminders`, { reminders });
    expect(res.statusCode, res.body).toBe(200);
  };
  const broadcastIds = async (campaignId: string) =>
    (
      await th.hub.db
        .selectFrom('broadcasts')
        .select('id')
        .where('campaign_id', '=', campaignId)
        .orderBy('id')
        .execute()
    ).map((b) => b.id);
  const firings = (campaignId: string) =>
    th.hub.db
      .selectFrom('reminder_firings')
      .select(['item_key', 'org_id', 'broadcast_id'])
      .where('campaign_id', '=', campaignId)
      .execute();

  it.runIf(run)(
    'a digest: one message per organisation’s set of items due at once, not one per item',
    async () => {
      const talgar2 = await inject('POST', '/v1/organisations', {
        parentId: th.seed.districtId,
        kind: 'school',
        name: 'Talgar Secondary School No. 2',
        timeZone: 'Asia/Almaty',
      });
      expect(talgar2.statusCode, talgar2.body).toBe(201);
      const secondAlmatySchool = talgar2.json<{ id: string }>().id;
      const schools = [ids.almatySchool, secondAlmatySchool, ids.hcmSchool];
      const id = await plannedCampaign(2026, [
        { key: '1', title: 'Class hour', by: '2026-04-20', orgIds: schools },
        { key: '2', title: 'Parent meeting', by: '2026-04-20', orgIds: schools },
        { key: '3', title: 'Report to the ministry', by: '2026-04-20', orgIds: schools },
      ]);
      await putRules(id, [
        {
          key: 'due-today',
          items: 'all',
          daysBefore: [0],
          time: '10:00',
          channels: ['sms'],
          digest: true,
        },
      ]);
      // Ho Chi Minh City's school has reported item 3 already.
      await markDone(ids.hcmSchool, id, '3');

      expect(await sweep(hcm10('2026-04-20'))).toEqual({ reminders: 1, escalated: 0 });
      expect(await sweep(almaty10('2026-04-20'))).toEqual({ reminders: 1, escalated: 0 });
      expect(await sweep(almaty10('2026-04-20') + 60_000)).toEqual({
        reminders: 0,
        escalated: 0,
      });

      const [hcm, almaty] = await broadcasts(id);
      expect(await broadcasts(id)).toHaveLength(2);
      // The school in Ho Chi Minh City: one message naming its two items left.
      expect(hcm?.query.orgIds).toEqual([ids.hcmSchool]);
      expect(hcm?.body.en).toContain('2 items of the plan are due');
      expect(hcm?.body.en).toContain('item 1 “Class hour” is due today');
      expect(hcm?.body.en).toContain('item 2 “Parent meeting” is due today');
      expect(hcm?.body.en).not.toContain('item 3');
      // Both Almaty schools have the same three due: one message reaches both.
      expect(almaty?.query.orgIds?.toSorted()).toEqual(
        [ids.almatySchool, secondAlmatySchool].toSorted(),
      );
      expect(almaty?.body.en).toContain('3 items of the plan are due');
      for (const line of ['item 1 “Class hour”', 'item 2 “Parent meeting”', 'item 3 “Report'])
        expect(almaty?.body.en).toContain(line);
      // Each (item, school) is recorded once, pointing at the message that carried it.
      const recorded = await firings(id);
      expect(recorded).toHaveLength(2 + 3 * 2);
      const hcmIds = await broadcastIds(id);
      for (const row of recorded) {
        expect(row.broadcast_id).toBe(row.org_id === ids.hcmSchool ? hcmIds[0] : hcmIds[1]);
      }
    },
  );

  it.runIf(run)(
    'two processes sweeping at once, held after choosing and before recording: one reminder and one escalation per pair',
    async () => {
      const id = await plannedCampaign(2027, [
        {
          key: '5',
          title: 'Class hour',
          by: '2027-04-20',
          orgIds: [ids.almatySchool, ids.hcmSchool],
        },
      ]);
      await putRules(id, [
        { key: 'on-the-day', items: 'all', daysBefore: [0], time: '10:00', channels: ['sms'] },
      ]);
      const second = await openSecondStore(th);
      /** Both sweeps at once, each held at every step until the other has chosen it too. */
      const bothSweep = async (at: number) => {
        clock = at;
        const { hook, seen } = meetingPoint<FollowUpStep>(2);
        // Hours of grace: at 10:00 in Almaty, 10:00 in Ho Chi Minh City is still due.
        const common = { ...deps, graceMs: 3 * 3_600_000, beforeRecord: hook };
        const [a, b] = await Promise.all([
          sweepFollowUps(common),
          sweepFollowUps({ ...common, db: share(hubDb(second)) }),
        ]);
        return { a, b, seen };
      };
      try {
        // 10:00 in Almaty (05:00Z), 12:00 in Ho Chi Minh City: both schools' reminders due.
        const reminded = await bothSweep(almaty10('2027-04-20'));
        // Each process chose both reminders: the race was real.
        expect(reminded.seen.map((s) => [s.kind, s.zone]).toSorted()).toEqual([
          ['reminder', 'Asia/Almaty'],
          ['reminder', 'Asia/Almaty'],
          ['reminder', 'Asia/Ho_Chi_Minh'],
          ['reminder', 'Asia/Ho_Chi_Minh'],
        ]);
        expect(reminded.a.reminders + reminded.b.reminders).toBe(2);
        expect((await broadcasts(id)).map((b) => b.query.orgIds).toSorted()).toEqual(
          [[ids.almatySchool], [ids.hcmSchool]].toSorted(),
        );
        expect(await firings(id)).toHaveLength(2);

        // Midnight in Almaty: 20 April has ended for both schools, neither is done.
        const escalated = await bothSweep(Date.parse('2027-04-20T19:00:00Z'));
        expect(escalated.seen.map((s) => [s.kind, s.zone]).toSorted()).toEqual([
          ['escalation', 'Asia/Almaty'],
          ['escalation', 'Asia/Almaty'],
          ['escalation', 'Asia/Ho_Chi_Minh'],
          ['escalation', 'Asia/Ho_Chi_Minh'],
        ]);
        expect(escalated.a.escalated + escalated.b.escalated).toBe(2);
        expect(escalated.a.reminders + escalated.b.reminders).toBe(0);
      } finally {
        await second.close();
      }
      const alerts = (await inject('GET', '/v1/alerts?code=plan_item_overdue&limit=100')).json<
        Page<Alert>
      >();
      expect(
        alerts.items
          .filter((a) => a.subject.id.startsWith(`${id}/`))
          .map((a) => a.subject.id)
          .toSorted(),
      ).toEqual([`${id}/5/${ids.almatySchool}`, `${id}/5/${ids.hcmSchool}`].toSorted());
      // Two reminders, then one word to each school's parent: Talgar's district, Đắk Lắk.
      const parents = await th.hub.db
        .selectFrom('organisations')
        .select('parent_id')
        .where('id', 'in', [ids.almatySchool, ids.hcmSchool])
        .execute();
      const sent = (await broadcasts(id)).map((b) => b.query.orgIds);
      expect(sent).toHaveLength(4);
      expect(sent.slice(2).toSorted()).toEqual(parents.map((p) => [p.parent_id]).toSorted());
      expect(await sweep(clock + 60_000)).toEqual({ reminders: 0, escalated: 0 });
    },
  );

  it.runIf(run)(
    'after downtime: a reminder missed by up to the grace goes once, one missed by more is not sent late',
    async () => {
      const id = await plannedCampaign(2028, [
        { key: '9', title: 'Class hour', by: '2028-04-20', orgIds: [ids.almatySchool] },
      ]);
      await putRules(id, [
        { key: 'before', items: 'all', daysBefore: [1, 0], time: '10:00', channels: ['sms'] },
      ]);
      const grace = deps.graceMs;
      // Down over 10:00 on 19 April; back exactly the grace later: the reminder goes, once.
      expect(await sweep(almaty10('2028-04-19') + grace)).toEqual({ reminders: 1, escalated: 0 });
      expect(await sweep(almaty10('2028-04-19') + grace + 60_000)).toEqual({
        reminders: 0,
        escalated: 0,
      });
      // Down over 10:00 on 20 April, back a millisecond past the grace: not sent, then or later.
      expect(await sweep(almaty10('2028-04-20') + grace + 1)).toEqual({
        reminders: 0,
        escalated: 0,
      });
      expect(await sweep(almaty10('2028-04-20') + 2 * grace)).toEqual({
        reminders: 0,
        escalated: 0,
      });
      expect((await broadcasts(id)).map((b) => b.body.en)).toEqual([
        expect.stringContaining('is due in 1 day'),
      ]);
    },
  );
});
