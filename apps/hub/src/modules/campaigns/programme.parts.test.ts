import type {
  CampaignAnnouncements,
  CampaignCalendarView,
  CampaignReminders,
  Plan,
  ProgrammeLoadResult,
} from '@safenet/core';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { expectProblem } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { announcementsProgrammePart, sweepAnnouncements } from '../calendar/index.js';
import { planDeadlines, planProgrammePart } from '../plans/index.js';
import { remindersProgrammePart } from '../reminders/index.js';
import { campaignPart } from './programme.campaign-part.js';
import { createProgrammeParts, type ProgrammePart } from './programme.parts.js';
import { loadProgramme } from './programme.service.js';

const backends = await testBackends();

const ALMATY = 'Almaty Region Education Department';
const TALGAR = 'Talgar District Education Office';
const TALGAR_SCHOOL = 'Talgar Secondary School No. 1';

/**
 * A whole programme owned by the Almaty region: a phase, a plan of three items (every school of
 * Talgar; the owner; the district), an announcement on the phase and one three days before
 * item 2's deadline (an item of the file's own plan), and a reminder of every item.
 */
const fileFor = (key: string) => `version: 1
key: ${key}
owner: { path: [${ALMATY}] }
title: { en: Safe Internet }
startsOn: 2017-04-01
endsOn: 2017-04-30
timeZone: Asia/Almaty
phases:
  - key: main
    title: { en: Main }
    startsOn: 2017-04-10
    endsOn: 2017-04-21
plan:
  - key: s1
    title: { en: Section one }
    items:
      - key: "1"
        number: "1."
        title: { en: Lessons }
        completionForm: report
        deadline: { kind: window, from: 2017-04-10, to: 2017-04-21 }
        phase: main
        responsible:
          - allOf: school
            under: { path: [${TALGAR}] }
      - key: "2"
        number: "2."
        title: { en: Final report }
        completionForm: info-to-ministry
        deadline: { kind: date, by: 2017-04-28 }
        responsible:
          - org: { path: [] }
      - key: "3"
        number: "3."
        title: { en: District round table }
        completionForm: media-publications
        deadline: { kind: ongoing }
        responsible:
          - org: { path: [${TALGAR}] }
            byAgreement: true
announcements:
  - key: opening
    content: { text: { en: The campaign opens } }
    segment: { roles: [parent] }
    channels: [sms]
    schedule:
      when: { kind: relative, anchor: { to: phase.start, phase: main }, days: 0, time: "09:00" }
      zone: campaign
  - key: report-due
    content: { text: { en: Three days to the final report } }
    segment: { orgs: [{ path: [${TALGAR}] }], roles: [school_head] }
    channels: [sms]
    schedule:
      when: { kind: relative, anchor: { to: item.deadline, item: "2" }, days: -3, time: "10:00" }
      zone: campaign
reminders:
  - key: deadlines
    items: all
    daysBefore: [3, 0]
    time: "10:00"
    channels: [sms]
`;

/** Item 3 gone, the opening an hour later: what an edited file looks like. */
const edited = (text: string) =>
  text
    .replace(/ {6}- key: "3"[\s\S]*?byAgreement: true\n/, '')
    .replace('days: 0, time: "09:00"', 'days: 0, time: "10:00"');

describe.each(backends)(
  'a programme file’s plan, announcements and reminders on $name',
  ({ database, run }) => {
    let th: TestHub;
    let now = Date.parse('2017-03-01T00:00:00Z');

    beforeAll(async () => {
      if (run) th = await startTestHub({ database, workers: false, now: () => now });
    });
    afterAll(() => th?.close());

    const load = (text: string, query = '') =>
      th.hub.app.inject({
        method: 'POST',
        url: `/v1/campaigns/programme${query}`,
        headers: { ...th.auth, 'content-type': 'application/yaml' },
        payload: text,
      });
    const loaded = async (text: string, outcome: ProgrammeLoadResult['outcome']) => {
      const res = await load(text);
      expect(res.statusCode, res.body).toBe(outcome === 'created' ? 201 : 200);
      const result = res.json<ProgrammeLoadResult>();
      expect(result.outcome).toBe(outcome);
      return result.campaign;
    };
    const get = async <T>(url: string): Promise<T> => {
      const res = await th.hub.app.inject({ method: 'GET', url, headers: th.auth });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<T>();
    };
    const problems = (res: LightMyRequestResponse) =>
      (expectProblem(res, 400, 'programme_invalid').errors ?? []).map(({ path, code }) => ({
        path,
        code,
      }));

    /** Every row a load of the file `key` may write, by table. */
    async function rowsOf(key: string) {
      const db = th.hub.db;
      const campaigns = await db
        .selectFrom('campaigns')
        .selectAll()
        .where('key', '=', key)
        .execute();
      const ids = campaigns.map((c) => c.id);
      const of = async (
        table:
          | 'campaign_phases'
          | 'plan_sections'
          | 'plan_items'
          | 'plan_responsibles'
          | 'plan_assignments'
          | 'campaign_announcements'
          | 'campaign_reminders',
      ) =>
        ids.length === 0
          ? []
          : (await db.selectFrom(table).selectAll().where('campaign_id', 'in', ids).execute())
              .map((row) => JSON.stringify(row))
              .sort();
      return {
        campaigns,
        phases: await of('campaign_phases'),
        sections: await of('plan_sections'),
        items: await of('plan_items'),
        responsibles: await of('plan_responsibles'),
        assignments: await of('plan_assignments'),
        announcements: await of('campaign_announcements'),
        reminders: await of('campaign_reminders'),
        segments: await db
          .selectFrom('segments')
          .selectAll()
          .where('name', 'like', `programme:${key}:%`)
          .orderBy('id')
          .execute(),
      };
    }

    it.runIf(run)(
      'loads the whole file; loading it again answers unchanged, rows and all',
      async () => {
        const campaign = await loaded(fileFor('whole'), 'created');

        const plan = await get<Plan>(`/v1/campaigns/${campaign.id}/plan`);
        expect(
          plan.sections.flatMap((s) => s.items.map((i) => [i.key, i.assignmentCount])),
        ).toEqual([
          ['1', 1],
          ['2', 1],
          ['3', 1],
        ]);
        expect(plan.sections[0]?.items[0]?.responsible).toEqual([
          { allOf: 'school', under: th.seed.districtId, byAgreement: false, expandedTo: 1 },
        ]);
        expect(plan.sections[0]?.items[2]?.responsible).toEqual([
          { orgId: th.seed.districtId, byAgreement: true },
        ]);

        const { items } = await get<CampaignAnnouncements>(
          `/v1/campaigns/${campaign.id}/announcements`,
        );
        expect(items.map((a) => [a.key, a.version])).toEqual([
          ['opening', 1],
          ['report-due', 1],
        ]);
        const segments = await th.hub.db
          .selectFrom('segments')
          .selectAll()
          .where(
            'id',
            'in',
            items.map((a) => a.segmentId),
          )
          .execute();
        const queryOf = (id: string | undefined) => segments.find((s) => s.id === id)?.query;
        expect(queryOf(items[0]?.segmentId)).toEqual({
          underOrgIds: [th.seed.provinceIds[0]],
          roles: ['parent'],
        });
        expect(queryOf(items[1]?.segmentId)).toEqual({
          underOrgIds: [th.seed.districtId],
          roles: ['school_head'],
        });
        expect(segments.every((s) => s.org_id === th.seed.provinceIds[0])).toBe(true);
        expect(segments.every((s) => /^programme:whole:[0-9a-f]{12}$/.test(s.name))).toBe(true);

        const reminders = await get<CampaignReminders>(`/v1/campaigns/${campaign.id}/reminders`);
        expect(reminders.reminders).toEqual([
          { key: 'deadlines', items: 'all', daysBefore: [3, 0], time: '10:00', channels: ['sms'] },
        ]);

        const before = await rowsOf('whole');
        expect(before.segments).toHaveLength(2);
        now += 60_000;
        await loaded(fileFor('whole'), 'unchanged');
        expect(await rowsOf('whole')).toEqual(before);
      },
    );

    it.runIf(run)(
      'reloading an edited file updates by key: statuses kept, the same audience',
      async () => {
        const campaign = await loaded(fileFor('edited'), 'created');
        const patched = await th.hub.app.inject({
          method: 'PATCH',
          url: `/v1/campaigns/${campaign.id}/plan/items/1/assignments/${th.seed.schoolIds[0]}`,
          headers: th.auth,
          payload: { status: 'done', note: 'three lessons' },
        });
        expect(patched.statusCode, patched.body).toBe(200);
        const [opening] = (
          await get<CampaignAnnouncements>(`/v1/campaigns/${campaign.id}/announcements`)
        ).items;

        now += 60_000;
        await loaded(edited(fileFor('edited')), 'updated');
        const plan = await get<Plan>(`/v1/campaigns/${campaign.id}/plan`);
        expect(plan.sections.flatMap((s) => s.items.map((i) => i.key))).toEqual(['1', '2']);
        const pairs = await th.hub.db
          .selectFrom('plan_assignments')
          .select(['item_key', 'org_id', 'status', 'note'])
          .where('campaign_id', '=', campaign.id)
          .orderBy('item_key')
          .execute();
        expect(pairs).toEqual([
          { item_key: '1', org_id: th.seed.schoolIds[0], status: 'done', note: 'three lessons' },
          { item_key: '2', org_id: th.seed.provinceIds[0], status: 'planned', note: null },
        ]);
        const after = (
          await get<CampaignAnnouncements>(`/v1/campaigns/${campaign.id}/announcements`)
        ).items;
        expect(after.map((a) => [a.key, a.version])).toEqual([
          ['opening', 2],
          ['report-due', 1],
        ]);
        expect(after[0]?.segmentId).toBe(opening?.segmentId);
        expect(after[0]?.versionSince).toBe(new Date(now).toISOString());
        expect((await rowsOf('edited')).segments).toHaveLength(2);

        const rows = await rowsOf('edited');
        now += 60_000;
        await loaded(edited(fileFor('edited')), 'unchanged');
        expect(await rowsOf('edited')).toEqual(rows);
      },
    );

    it.runIf(run)('reports the mistakes of every section at once, each at its path', async () => {
      // The hub's own judgements: what only the tree and the stored records tell.
      const hub = fileFor('mistaken')
        .replace(
          `          - allOf: school\n            under: { path: [${TALGAR}] }`,
          `          - org: { code: no-such-code }\n          - allOf: district\n            under: { path: [${TALGAR}, ${TALGAR_SCHOOL}] }`,
        )
        .replace(
          'content: { text: { en: The campaign opens } }',
          'content: { recommendationId: 00000000-0000-7000-8000-00000000dead }',
        )
        .replace(
          `segment: { orgs: [{ path: [${TALGAR}] }], roles: [school_head] }`,
          `segment: { orgs: [{ id: ${th.seed.provinceIds[1]} }], roles: [school_head] }`,
        );
      expect(problems(await load(hub))).toEqual([
        { path: 'plan[0].items[0].responsible[0].org', code: 'unknown_org' },
        { path: 'plan[0].items[0].responsible[1]', code: 'plan_rule_matches_nothing' },
        { path: 'announcements[0].content.recommendationId', code: 'unknown_recommendation' },
        { path: 'announcements[1].segment.orgs[0]', code: 'org_outside_owner' },
      ]);

      // The file's own: references judged against the file's plan and phases, not the stored.
      const file = fileFor('mistaken')
        .replace('phase: main', 'phase: opening-week')
        .replace(
          'anchor: { to: item.deadline, item: "2" }',
          'anchor: { to: item.deadline, item: "7" }',
        )
        .replace('items: all', 'items: ["1", "9"]');
      const located = expectProblem(await load(file), 400, 'programme_invalid').errors ?? [];
      expect(located.map(({ path, code }) => ({ path, code }))).toEqual([
        { path: 'plan[0].items[0].phase', code: 'unknown_phase' },
        { path: 'announcements[1].schedule.when.anchor.item', code: 'unknown_item' },
        { path: 'reminders[0].items[1]', code: 'unknown_item' },
      ]);
      for (const problem of located) expect(problem.line).toBeGreaterThan(0);
      expect(await rowsOf('mistaken')).toMatchObject({ campaigns: [], segments: [] });
    });

    it.runIf(run)(
      'all or nothing: a mistake in the reminders leaves the plan as it was',
      async () => {
        const campaign = await loaded(fileFor('atomic'), 'created');
        const before = await rowsOf('atomic');
        now += 60_000;
        const wrong = edited(fileFor('atomic')).replace('items: all', 'items: ["1", "3"]');
        expect(problems(await load(wrong))).toEqual([
          { path: 'reminders[0].items[1]', code: 'unknown_item' },
        ]);
        expect(await rowsOf('atomic')).toEqual(before);

        // A part failing after every other wrote (a fault, not a problem): nothing stays either.
        const failing: ProgrammePart = {
          name: 'failing',
          sections: ['quietHours'],
          read: async () => ({}),
          problems: async () => [],
          write: async () => {
            throw new Error('the last part failed');
          },
        };
        const auth: AuthContext = {
          actor: { kind: 'key', apiKeyId: '00000000-0000-7000-8000-000000000000' },
          orgId: th.seed.ministryId,
          orgPath: [th.seed.ministryId],
          scopes: ['read', 'write', 'send', 'admin'],
        };
        const parts = createProgrammeParts([
          campaignPart,
          planProgrammePart(),
          announcementsProgrammePart(),
          remindersProgrammePart(),
          failing,
        ]);
        const loadAll = (text: string) =>
          loadProgramme({ db: share(th.hub.db), now: () => now }, parts, auth, {
            text,
            format: 'yaml',
            dryRun: false,
          });
        await expect(loadAll(edited(fileFor('atomic')))).rejects.toThrow('the last part failed');
        expect(await rowsOf('atomic')).toEqual(before);
        await expect(loadAll(fileFor('atomic-new'))).rejects.toThrow('the last part failed');
        expect(await rowsOf('atomic-new')).toMatchObject({ campaigns: [], segments: [] });
        expect(campaign.key).toBe('atomic');
      },
    );

    it.runIf(run)('a dry run of a whole file answers and writes nothing', async () => {
      const dry = await load(fileFor('dry-whole'), '?dryRun=true');
      expect(dry.statusCode, dry.body).toBe(200);
      expect(dry.json<ProgrammeLoadResult>()).toMatchObject({ outcome: 'created', dryRun: true });
      expect(await rowsOf('dry-whole')).toMatchObject({ campaigns: [], segments: [] });

      await loaded(fileFor('dry-whole'), 'created');
      const before = await rowsOf('dry-whole');
      now += 60_000;
      const dryEdit = await load(edited(fileFor('dry-whole')), '?dryRun=true');
      expect(dryEdit.json<ProgrammeLoadResult>()).toMatchObject({
        outcome: 'updated',
        dryRun: true,
      });
      expect(await rowsOf('dry-whole')).toEqual(before);
    });

    it.runIf(run)('a completed campaign’s plan, announcements and reminders stay', async () => {
      const campaign = await loaded(fileFor('finished'), 'created');
      const scheduled = await th.hub.app.inject({
        method: 'POST',
        url: `/v1/campaigns/${campaign.id}/schedule`,
        headers: th.auth,
      });
      expect(scheduled.statusCode, scheduled.body).toBe(200);
      const before = await rowsOf('finished');
      try {
        now = Date.parse('2017-05-02T00:00:00Z');
        await loaded(fileFor('finished'), 'unchanged');
        expect(await rowsOf('finished')).toEqual(before);
        const changed = edited(fileFor('finished')).replace('time: "10:00"\n', 'time: "11:00"\n');
        expect(problems(await load(changed))).toEqual([
          { path: 'plan', code: 'plan_edit_forbidden' },
          { path: 'announcements', code: 'announcements_locked' },
          { path: 'reminders', code: 'reminders_locked' },
        ]);
        expect(await rowsOf('finished')).toEqual(before);
      } finally {
        now = Date.parse('2017-03-01T00:00:00Z');
      }
    });

    it.runIf(run)(
      'an announcement 3 days before an item’s deadline fires at that instant (the plan wired in)',
      async () => {
        const campaign = await loaded(fileFor('anchored'), 'created');
        const scheduled = await th.hub.app.inject({
          method: 'POST',
          url: `/v1/campaigns/${campaign.id}/schedule`,
          headers: th.auth,
        });
        expect(scheduled.statusCode, scheduled.body).toBe(200);
        // Item 2 is due by 28 April: 25 April 10:00 in Almaty, UTC+6 in 2017.
        const due = '2017-04-25T04:00:00.000Z';
        const view = await get<CampaignCalendarView>(`/v1/campaigns/${campaign.id}/calendar`);
        expect(
          view.occurrences
            .filter((o) => o.announcementKey === 'report-due')
            .map((o) => [o.key, o.at, o.state]),
        ).toEqual([['2017-04-25T10:00@Asia/Almaty', due, 'scheduled']]);

        const sweep = () =>
          sweepAnnouncements({
            db: share(th.hub.db),
            boss: th.hub.boss,
            bus: th.hub.bus,
            now: () => now,
            graceMs: 15 * 60_000,
            planOf: planDeadlines,
            orgPathOf: async (orgId) =>
              (
                await th.hub.db
                  .selectFrom('organisations')
                  .select('path')
                  .where('id', '=', orgId)
                  .executeTakeFirstOrThrow()
              ).path,
          });
        const sent = () =>
          th.hub.db
            .selectFrom('broadcasts')
            .select(['send_at', 'content'])
            .where('campaign_id', '=', campaign.id)
            .orderBy('send_at')
            .execute();
        try {
          // The opening (10 April) is long past by then: fire it first, at its own instant.
          now = Date.parse('2017-04-10T03:00:00Z');
          await sweep();
          now = Date.parse(due) - 1;
          await sweep();
          expect((await sent()).map((b) => b.send_at.toISOString())).toEqual([
            '2017-04-10T03:00:00.000Z',
          ]);
          now = Date.parse(due);
          await sweep();
          const broadcasts = await sent();
          expect(broadcasts.map((b) => b.send_at.toISOString())).toEqual([
            '2017-04-10T03:00:00.000Z',
            due,
          ]);
          expect(broadcasts[1]?.content).toMatchObject({
            body: { en: 'Three days to the final report' },
          });
        } finally {
          now = Date.parse('2017-03-01T00:00:00Z');
        }
      },
    );
  },
);
