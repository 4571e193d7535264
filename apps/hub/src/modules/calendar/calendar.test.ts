import type {
  AnnouncementInput,
  CampaignAnnouncements,
  CampaignCalendarView,
  CampaignInput,
  PlanSection,
  StreamEvent,
} from '@safenet/core';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../platform/database/open-store.js';
import {
  type DatabaseHandle,
  type ExecutorHandle,
  platformDb,
  share,
} from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { eventually } from '../../testing/eventually.js';
import { expectProblem } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { openSecondStore, startTestHub, type TestHub } from '../../testing/test-hub.js';
import { audiencePage } from '../contacts/index.js';
import { hubDb } from '../database.js';
import type { CalendarDeps, FireCandidate } from './calendar.deps.js';
import { putAnnouncements } from './calendar.service.js';
import { fireOccurrence, sweepAnnouncements } from './index.js';

const backends = await testBackends();
const MINUTE = 60_000;
const GRACE = 15 * MINUTE;

type Occurrence = CampaignCalendarView['occurrences'][number];

describe.each(backends)('the campaign calendar on $name', ({ database, run }) => {
  let th: TestHub;
  let clock = Date.parse('2024-01-01T00:00:00Z');
  let segmentId: string;
  let ministryId: string;
  let plan: PlanSection[] = [];

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database, now: () => clock });
    segmentId = th.seed.segmentIds.allParents;
    ministryId = th.seed.ministryId;
  });
  afterAll(() => th?.close());

  /** The sweep's deps on a database handle (the hub's, or a second process's). */
  const deps = (db: DatabaseHandle = share(th.hub.db), extra: Partial<CalendarDeps> = {}) => ({
    db,
    boss: th.hub.boss,
    bus: th.hub.bus,
    now: () => clock,
    graceMs: GRACE,
    planOf: async () => plan,
    orgPathOf: async (orgId: string) =>
      (
        await th.hub.db
          .selectFrom('organisations')
          .select('path')
          .where('id', '=', orgId)
          .executeTakeFirstOrThrow()
      ).path,
    ...extra,
  });
  const sweep = (extra: Partial<CalendarDeps> = {}) => sweepAnnouncements(deps(undefined, extra));

  const inject = (method: 'GET' | 'POST' | 'PATCH' | 'PUT', url: string, payload?: object) =>
    th.hub.app.inject({ method, url, headers: th.auth, ...(payload ? { payload } : {}) });

  async function campaign(input: Partial<CampaignInput> = {}): Promise<string> {
    const res = await inject('POST', '/v1/campaigns', {
      orgId: ministryId,
      title: { en: 'Safe Internet' },
      startsOn: '2024-04-10',
      endsOn: '2024-04-21',
      timeZone: 'Asia/Almaty',
      ...input,
    });
    expect(res.statusCode, res.body).toBe(201);
    const id = res.json<{ id: string }>().id;
    const scheduled = await inject('POST', `/v1/campaigns/${id}/schedule`);
    expect(scheduled.statusCode, scheduled.body).toBe(200);
    return id;
  }
  const announcement = (
    key: string,
    when: AnnouncementInput['schedule']['when'],
    zone: 'campaign' | 'recipient' = 'campaign',
  ): AnnouncementInput => ({
    key,
    content: { text: { en: `Announcement ${key}`, ru: `Объявление ${key}` } },
    segmentId,
    channels: ['sms'],
    schedule: { when, zone },
  });
  async function put(id: string, list: AnnouncementInput[]): Promise<CampaignAnnouncements> {
    const res = await inject('PUT', `/v1/campaigns/${id}/announcements`, { announcements: list });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CampaignAnnouncements>();
  }
  async function calendar(id: string, query = ''): Promise<CampaignCalendarView> {
    const res = await inject('GET', `/v1/campaigns/${id}/calendar${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<CampaignCalendarView>();
  }
  const brief = (o: Occurrence) => ({ key: o.key, at: o.at, state: o.state });
  const broadcastsOf = (campaignId: string) =>
    th.hub.db
      .selectFrom('broadcasts')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .orderBy('send_at')
      .execute();
  const occurrenceEvents = async (campaignId: string) =>
    (await th.hub.bus.replay(ministryId, '0'))
      .map((logged) => logged.event)
      .filter(
        (e): e is Extract<StreamEvent, { type: 'calendar.occurrence' }> =>
          e.type === 'calendar.occurrence' && e.data.campaignId === campaignId,
      );

  it.runIf(run)(
    'fires at 09:00 on each recipient’s own clock: Almaty (UTC+5) and Ho Chi Minh City (UTC+7)',
    async () => {
      clock = Date.parse('2024-04-01T00:00:00Z');
      const id = await campaign();
      const [opening] = (
        await put(id, [
          announcement(
            'opening',
            { kind: 'relative', anchor: { to: 'campaign.start' }, days: 0, time: '09:00' },
            'recipient',
          ),
        ])
      ).items;
      expect(opening).toMatchObject({ key: 'opening', version: 1 });

      // One occurrence per zone of the audience, each at its own 09:00.
      expect((await calendar(id)).occurrences.map(brief)).toEqual([
        {
          key: '2024-04-10T09:00@Asia/Ho_Chi_Minh',
          at: '2024-04-10T02:00:00.000Z',
          state: 'scheduled',
        },
        { key: '2024-04-10T09:00@Asia/Almaty', at: '2024-04-10T04:00:00.000Z', state: 'scheduled' },
      ]);

      clock = Date.parse('2024-04-10T02:00:00Z') - 1;
      expect(await sweep()).toEqual({ fired: 0, missed: 0 });
      clock = Date.parse('2024-04-10T02:00:00Z');
      expect(await sweep()).toEqual({ fired: 1, missed: 0 });
      expect(await sweep()).toEqual({ fired: 0, missed: 0 });
      clock = Date.parse('2024-04-10T04:00:00Z');
      expect(await sweep()).toEqual({ fired: 1, missed: 0 });

      const broadcasts = await broadcastsOf(id);
      expect(
        broadcasts.map((b) => (b.segment_query as { timeZones?: string[] }).timeZones),
      ).toEqual([['Asia/Ho_Chi_Minh'], ['Asia/Almaty']]);
      expect(broadcasts.map((b) => b.send_at.toISOString())).toEqual([
        '2024-04-10T02:00:00.000Z',
        '2024-04-10T04:00:00.000Z',
      ]);
      expect(broadcasts[0]).toMatchObject({
        status: 'queued',
        channels: ['sms'],
        content: { body: { en: 'Announcement opening', ru: 'Объявление opening' } },
      });
      // Each broadcast reaches its zone's parents only, and all of them between the two.
      const zonesReached = [];
      for (const b of broadcasts) {
        const page = await audiencePage(
          share(th.hub.db),
          b.org_id,
          b.segment_query as never,
          null,
          1000,
        );
        const zones = await th.hub.db
          .selectFrom('contacts')
          .select('time_zone')
          .distinct()
          .where(
            'id',
            'in',
            page.map((c) => c.id),
          )
          .execute();
        zonesReached.push(zones.map((z) => z.time_zone));
        expect(page.length).toBeGreaterThan(0);
      }
      expect(zonesReached).toEqual([['Asia/Ho_Chi_Minh'], ['Asia/Almaty']]);

      const view = await calendar(id);
      expect(view.occurrences.map((o) => [o.state, o.broadcastId])).toEqual([
        ['fired', broadcasts[0]?.id],
        ['fired', broadcasts[1]?.id],
      ]);
      expect((await occurrenceEvents(id)).map((e) => [e.data.key, e.data.state])).toEqual([
        ['2024-04-10T09:00@Asia/Ho_Chi_Minh', 'fired'],
        ['2024-04-10T09:00@Asia/Almaty', 'fired'],
      ]);
    },
  );

  it.runIf(run)(
    'a weekly rule fires at 09:00 in Almaty on both sides of 1 March 2024 (UTC+6 → UTC+5)',
    async () => {
      clock = Date.parse('2024-02-01T00:00:00Z');
      const id = await campaign({ startsOn: '2024-02-19', endsOn: '2024-03-10' });
      await put(id, [
        announcement('monday', { kind: 'recurring', rrule: 'FREQ=WEEKLY;BYDAY=MO', time: '09:00' }),
      ]);
      const expected = [
        '2024-02-19T03:00:00.000Z',
        '2024-02-26T03:00:00.000Z',
        '2024-03-04T04:00:00.000Z',
      ];
      expect((await calendar(id)).occurrences.map((o) => o.at)).toEqual(expected);

      for (const at of expected.slice(0, 2)) {
        clock = Date.parse(at);
        expect(await sweep()).toEqual({ fired: 1, missed: 0 });
      }
      // At the old offset's 09:00 on 4 March, nothing: it is 08:00 in Almaty now.
      clock = Date.parse('2024-03-04T03:00:00Z');
      expect(await sweep()).toEqual({ fired: 0, missed: 0 });
      clock = Date.parse('2024-03-04T04:00:00Z');
      expect(await sweep()).toEqual({ fired: 1, missed: 0 });
      expect((await broadcastsOf(id)).map((b) => b.send_at.toISOString())).toEqual(expected);
      expect((await calendar(id)).occurrences.map((o) => o.key)).toEqual([
        '2024-02-19T09:00@Asia/Almaty',
        '2024-02-26T09:00@Asia/Almaty',
        '2024-03-04T09:00@Asia/Almaty',
      ]);
    },
  );

  it.runIf(run)(
    'two hub processes inside the fire step at once: one broadcast, one record, one event',
    async () => {
      clock = Date.parse('2024-04-01T00:00:00Z');
      const id = await campaign();
      await put(id, [announcement('opening', { kind: 'at', date: '2024-04-10', time: '09:00' })]);
      clock = Date.parse('2024-04-10T04:00:00Z');
      // A barrier: neither records before both have re-read and are about to.
      let arrived = 0;
      let release: () => void = () => {};
      const bothThere = new Promise<void>((resolve) => {
        release = resolve;
      });
      const seen: FireCandidate[] = [];
      const beforeRecord = async (candidate: FireCandidate) => {
        seen.push(candidate);
        arrived += 1;
        if (arrived === 2) release();
        await Promise.race([
          bothThere,
          new Promise((_, reject) =>
            setTimeout(() => reject(new Error('the other process never came')), 10_000),
          ),
        ]);
      };
      const second: Store = await openSecondStore(th);
      try {
        const [a, b] = await Promise.all([
          sweepAnnouncements(deps(share(th.hub.db), { beforeRecord })),
          sweepAnnouncements(deps(share(hubDb(second)), { beforeRecord })),
        ]);
        expect(seen).toHaveLength(2);
        expect(seen[0]).toEqual(seen[1]);
        expect(a.fired + b.fired).toBe(1);
        expect(a.missed + b.missed).toBe(0);
      } finally {
        await second.close();
      }
      expect(await broadcastsOf(id)).toHaveLength(1);
      expect((await occurrenceEvents(id)).map((e) => e.data.state)).toEqual(['fired']);
      expect(await sweep()).toEqual({ fired: 0, missed: 0 });
    },
  );

  it.runIf(run)(
    'after downtime: inside the grace it fires once, outside it is missed, never sent late',
    async () => {
      clock = Date.parse('2024-04-01T00:00:00Z');
      const id = await campaign();
      await put(id, [
        announcement('nine', { kind: 'at', date: '2024-04-10', time: '09:00' }),
        announcement('ten', { kind: 'at', date: '2024-04-10', time: '10:00' }),
      ]);
      // The hub was down from before 09:00 until 10:10 Almaty time (05:10 UTC).
      clock = Date.parse('2024-04-10T05:10:00Z');
      expect(await sweep()).toEqual({ fired: 1, missed: 1 });
      expect(await sweep()).toEqual({ fired: 0, missed: 0 });
      const broadcasts = await broadcastsOf(id);
      expect(broadcasts).toHaveLength(1);
      expect((await calendar(id)).occurrences.map((o) => [o.key, o.state, o.broadcastId])).toEqual([
        ['2024-04-10T09:00@Asia/Almaty', 'missed', null],
        ['2024-04-10T10:00@Asia/Almaty', 'fired', broadcasts[0]?.id],
      ]);
      expect((await occurrenceEvents(id)).map((e) => [e.data.key, e.data.state])).toEqual([
        ['2024-04-10T09:00@Asia/Almaty', 'missed'],
        ['2024-04-10T10:00@Asia/Almaty', 'fired'],
      ]);

      // An announcement written after its day had passed: it never applied, so not missed.
      await put(id, [
        announcement('nine', { kind: 'at', date: '2024-04-10', time: '09:00' }),
        announcement('ten', { kind: 'at', date: '2024-04-10', time: '10:00' }),
        announcement('late', { kind: 'at', date: '2024-04-10', time: '08:00' }),
      ]);
      expect(await sweep()).toEqual({ fired: 0, missed: 0 });
      expect((await calendar(id)).occurrences.map((o) => o.key)).not.toContain(
        '2024-04-10T08:00@Asia/Almaty',
      );
    },
  );

  it.runIf(run)(
    'a process that comes back up: missed by exactly the grace it fires once, by a millisecond more it is missed',
    async () => {
      clock = Date.parse('2024-04-01T00:00:00Z');
      const id = await campaign();
      await put(id, [
        announcement('first', { kind: 'at', date: '2024-04-10', time: '09:15' }),
        announcement('second', { kind: 'at', date: '2024-04-11', time: '09:15' }),
      ]);
      // Every hub was down over both 09:15s (04:15Z). What comes back is another process: a
      // pool of its own on the same database, with nothing of the first in memory.
      const restarted: Store = await openSecondStore(th);
      try {
        const sweepAfterRestart = () => sweepAnnouncements(deps(share(hubDb(restarted))));
        clock = Date.parse('2024-04-10T04:15:00Z') + GRACE;
        expect(await sweepAfterRestart()).toEqual({ fired: 1, missed: 0 });
        clock = Date.parse('2024-04-11T04:15:00Z') + GRACE + 1;
        expect(await sweepAfterRestart()).toEqual({ fired: 0, missed: 1 });
        expect(await sweepAfterRestart()).toEqual({ fired: 0, missed: 0 });
      } finally {
        await restarted.close();
      }
      // The first process, sweeping again, finds nothing left to do.
      expect(await sweep()).toEqual({ fired: 0, missed: 0 });
      const broadcasts = await broadcastsOf(id);
      expect(broadcasts.map((b) => b.send_at.toISOString())).toEqual([
        new Date(Date.parse('2024-04-10T04:15:00Z') + GRACE).toISOString(),
      ]);
      expect((await calendar(id)).occurrences.map((o) => [o.key, o.state, o.broadcastId])).toEqual([
        ['2024-04-10T09:15@Asia/Almaty', 'fired', broadcasts[0]?.id],
        ['2024-04-11T09:15@Asia/Almaty', 'missed', null],
      ]);
    },
  );

  it.runIf(run)(
    'an edit before firing — the rule, the campaign’s dates, a phase — sends nothing stale',
    async () => {
      clock = Date.parse('2024-04-01T00:00:00Z');
      const id = await campaign({
        phases: [
          { key: 'main', title: { en: 'Main' }, startsOn: '2024-04-12', endsOn: '2024-04-19' },
        ],
      });
      const rule = announcement('rule', { kind: 'at', date: '2024-04-10', time: '09:00' });
      const start = announcement('start', {
        kind: 'relative',
        anchor: { to: 'campaign.start' },
        days: 0,
        time: '12:00',
      });
      const phase = announcement('phase', {
        kind: 'relative',
        anchor: { to: 'phase.start', phase: 'main' },
        days: 0,
        time: '09:00',
      });
      const [v1] = (await put(id, [rule, start, phase])).items;
      // What a sweep read before the edits: each occurrence as it was then.
      const stale = (announcementId: string, version: number, key: string) =>
        fireOccurrence(deps(), {
          campaignId: id,
          announcementId,
          version,
          key,
          zone: 'Asia/Almaty',
        });
      const ids = Object.fromEntries(
        (await put(id, [rule, start, phase])).items.map((a) => [a.key, a]),
      );
      expect(ids.rule?.version).toBe(1);

      // The rule moves to 11:00: a new version; the old one's 09:00 no longer fires.
      const moved = (
        await put(id, [
          {
            ...rule,
            schedule: { ...rule.schedule, when: { kind: 'at', date: '2024-04-10', time: '11:00' } },
          },
          start,
          phase,
        ])
      ).items;
      expect(moved[0]).toMatchObject({ key: 'rule', version: 2 });
      // The campaign moves a day later, the phase two days later.
      const patched = await inject('PATCH', `/v1/campaigns/${id}`, {
        startsOn: '2024-04-11',
        phases: [
          { key: 'main', title: { en: 'Main' }, startsOn: '2024-04-14', endsOn: '2024-04-19' },
        ],
      });
      expect(patched.statusCode, patched.body).toBe(200);

      // Each old occurrence at its old instant, as a sweep that read it before the edits
      // would fire it: nothing of them goes out; today's occurrences fire at theirs.
      clock = Date.parse('2024-04-10T04:00:00Z');
      expect(await stale(v1?.id as string, 1, '2024-04-10T09:00@Asia/Almaty')).toBe('skipped');
      expect(await sweep()).toEqual({ fired: 0, missed: 0 });
      clock = Date.parse('2024-04-10T06:00:00Z');
      expect(await sweep()).toEqual({ fired: 1, missed: 0 });
      clock = Date.parse('2024-04-10T07:00:00Z');
      expect(await stale(ids.start?.id as string, 1, '2024-04-10T12:00@Asia/Almaty')).toBe(
        'skipped',
      );
      expect(await sweep()).toEqual({ fired: 0, missed: 0 });
      clock = Date.parse('2024-04-11T07:00:00Z');
      expect(await sweep()).toEqual({ fired: 1, missed: 0 });
      clock = Date.parse('2024-04-12T04:00:00Z');
      expect(await stale(ids.phase?.id as string, 1, '2024-04-12T09:00@Asia/Almaty')).toBe(
        'skipped',
      );
      expect(await sweep()).toEqual({ fired: 0, missed: 0 });
      clock = Date.parse('2024-04-14T04:00:00Z');
      expect(await sweep()).toEqual({ fired: 1, missed: 0 });
      expect((await calendar(id)).occurrences.map((o) => [o.key, o.version, o.state])).toEqual([
        ['2024-04-10T11:00@Asia/Almaty', 2, 'fired'],
        ['2024-04-11T12:00@Asia/Almaty', 1, 'fired'],
        ['2024-04-14T09:00@Asia/Almaty', 1, 'fired'],
      ]);
      expect(await broadcastsOf(id)).toHaveLength(3);
    },
  );

  it.runIf(run)(
    'an edit while the fire step holds the announcement waits for it: the old version fires once, the new one later',
    async () => {
      clock = Date.parse('2024-04-01T00:00:00Z');
      const id = await campaign();
      const nine = announcement('nine', { kind: 'at', date: '2024-04-10', time: '09:00' });
      await put(id, [nine]);
      clock = Date.parse('2024-04-10T04:00:00Z');
      let edit: Promise<LightMyRequestResponse> | undefined;
      let editSettled = false;
      const beforeRecord = async (_: FireCandidate, trx: ExecutorHandle) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(
          platformDb(trx),
        );
        const pid = rows[0]?.pid as number;
        // The edit moves the announcement to 11:00, while this transaction holds it.
        edit = inject('PUT', `/v1/campaigns/${id}/announcements`, {
          announcements: [
            {
              ...nine,
              schedule: {
                ...nine.schedule,
                when: { kind: 'at', date: '2024-04-10', time: '11:00' },
              },
            },
          ],
        }).finally(() => {
          editSettled = true;
        });
        // Held until the edit is seen waiting on this transaction's locks.
        await eventually(
          async () =>
            (
              await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
                where ${pid}::int = any(pg_blocking_pids(pid))`.execute(th.hub.db)
            ).rows[0]?.n ?? 0,
          (n) => n > 0,
          'the edit waits for the fire step',
          10_000,
        );
        expect(editSettled).toBe(false);
      };
      expect(await sweep({ beforeRecord })).toEqual({ fired: 1, missed: 0 });
      const edited = await (edit as Promise<LightMyRequestResponse>);
      expect(edited.statusCode, edited.body).toBe(200);
      expect(edited.json<CampaignAnnouncements>().items[0]?.version).toBe(2);
      clock = Date.parse('2024-04-10T06:00:00Z');
      expect(await sweep()).toEqual({ fired: 1, missed: 0 });
      expect((await calendar(id)).occurrences.map((o) => [o.key, o.version, o.state])).toEqual([
        ['2024-04-10T09:00@Asia/Almaty', 1, 'fired'],
        ['2024-04-10T11:00@Asia/Almaty', 2, 'fired'],
      ]);
      expect(await broadcastsOf(id)).toHaveLength(2);
    },
  );

  it.runIf(run)('cancelling the campaign cancels what had not fired', async () => {
    clock = Date.parse('2024-04-01T00:00:00Z');
    const id = await campaign();
    await put(id, [
      announcement('daily', { kind: 'recurring', rrule: 'FREQ=DAILY;COUNT=3', time: '09:00' }),
    ]);
    clock = Date.parse('2024-04-10T04:00:00Z');
    expect(await sweep()).toEqual({ fired: 1, missed: 0 });
    const cancelled = await inject('POST', `/v1/campaigns/${id}/cancel`);
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    clock = Date.parse('2024-04-11T04:00:00Z');
    expect(await sweep()).toEqual({ fired: 0, missed: 0 });
    expect((await calendar(id)).occurrences.map((o) => [o.key, o.state])).toEqual([
      ['2024-04-10T09:00@Asia/Almaty', 'fired'],
      ['2024-04-11T09:00@Asia/Almaty', 'cancelled'],
      ['2024-04-12T09:00@Asia/Almaty', 'cancelled'],
    ]);
    expect(await broadcastsOf(id)).toHaveLength(1);
    expectProblem(
      await inject('PUT', `/v1/campaigns/${id}/announcements`, { announcements: [] }),
      409,
      'announcements_locked',
    );
  });

  it.runIf(run)('an item’s deadline anchors on the plan the plans module gives', async () => {
    clock = Date.parse('2024-04-01T00:00:00Z');
    const id = await campaign();
    const reminder = announcement('item-7', {
      kind: 'relative',
      anchor: { to: 'item.deadline', item: '7' },
      days: -1,
      time: '10:00',
    });
    // Without a plan (this branch's default) the item is unknown.
    const refused = expectProblem(
      await inject('PUT', `/v1/campaigns/${id}/announcements`, { announcements: [reminder] }),
      400,
      'announcement_invalid',
    );
    expect(refused.errors).toEqual([
      expect.objectContaining({
        path: 'body.announcements[0].schedule.when.anchor.item',
        code: 'unknown_item',
      }),
    ]);
    plan = [
      {
        key: 's1',
        title: { en: 'Section' },
        items: [
          {
            key: '7',
            number: '7.',
            title: { en: 'Item seven' },
            completionForm: 'info-to-ministry',
            deadline: { kind: 'date', by: '2024-04-15' },
            responsible: [{ org: { path: [] } }],
          },
        ],
      },
    ];
    try {
      const auth = { orgId: ministryId } as AuthContext;
      await putAnnouncements(deps(), auth, id, { announcements: [reminder] });
      clock = Date.parse('2024-04-14T05:00:00Z');
      expect(await sweep()).toEqual({ fired: 1, missed: 0 });
      expect((await calendar(id)).occurrences.map((o) => o.key)).toEqual([
        '2024-04-14T10:00@Asia/Almaty',
      ]);
    } finally {
      plan = [];
    }
  });

  it.runIf(run)('bad announcements: every problem with its path, nothing written', async () => {
    clock = Date.parse('2024-04-01T00:00:00Z');
    const id = await campaign({
      phases: [
        { key: 'main', title: { en: 'Main' }, startsOn: '2024-04-12', endsOn: '2024-04-19' },
      ],
    });
    const good = announcement('good', { kind: 'at', date: '2024-04-10', time: '09:00' });
    await put(id, [good]);
    const res = await inject('PUT', `/v1/campaigns/${id}/announcements`, {
      announcements: [
        announcement('a', { kind: 'recurring', rrule: 'FREQ=YEARLY;BYMONTH=12', time: '09:00' }),
        announcement('b', {
          kind: 'relative',
          anchor: { to: 'phase.start', phase: 'preparatory' },
          days: 0,
          time: '09:00',
        }),
        announcement('c', { kind: 'recurring', rrule: 'FREQ=WEEKLY;BYDAYS=MO', time: '09:00' }),
        announcement('a', { kind: 'at', date: '2024-04-10', time: '09:00' }),
        { ...good, key: 'd', segmentId: '00000000-0000-7000-8000-000000000000' },
      ],
    });
    const problem = expectProblem(res, 400, 'announcement_invalid');
    expect(problem.errors?.map((e) => [e.path, e.code])).toEqual(
      expect.arrayContaining([
        ['body.announcements[0].schedule.when.rrule', 'never_fires'],
        ['body.announcements[1].schedule.when.anchor.phase', 'unknown_phase'],
        ['body.announcements[2].schedule.when.rrule', 'invalid_rrule'],
        ['body.announcements[3].key', 'duplicate_key'],
        ['body.announcements[4].segmentId', 'unknown_segment'],
      ]),
    );
    expect(problem.errors).toHaveLength(5);
    // Nothing written: the one good announcement stands as it was.
    const listed = await inject('GET', `/v1/campaigns/${id}/announcements`);
    expect(listed.json<CampaignAnnouncements>().items.map((a) => [a.key, a.version])).toEqual([
      ['good', 1],
    ]);

    // A shape zod refuses (a zone that is neither the campaign's nor the recipient's).
    expectProblem(
      await inject('PUT', `/v1/campaigns/${id}/announcements`, {
        announcements: [{ ...good, schedule: { ...good.schedule, zone: 'Asia/Almaty' } }],
      }),
      400,
      'validation_failed',
    );
    // Unchanged, it stays at its version; a changed channel list is a new version.
    expect((await put(id, [good])).items[0]?.version).toBe(1);
    expect((await put(id, [{ ...good, channels: ['sms', 'email'] }])).items[0]?.version).toBe(2);
    expectProblem(
      await inject('GET', '/v1/campaigns/00000000-0000-7000-8000-000000000000/calendar'),
      404,
      'not_found',
    );
    const inverted = expectProblem(
      await inject(
        'GET',
        `/v1/campaigns/${id}/calendar?from=2024-04-20T00:00:00Z&to=2024-04-10T00:00:00Z`,
      ),
      400,
      'validation_failed',
    );
    expect(inverted.errors?.map((e) => e.code)).toEqual(['range_inverted']);
  });
});
