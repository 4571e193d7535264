/**
 * docs/guides/run-a-campaign.md, performed: the 2017 "Safe Internet" example from the file to
 * the grid, against a test hub whose clock is hand-moved through April 2017 (no waiting). Each
 * step makes the guide's request and keeps the hub's answer under the step's name; then every
 * answer block of the guide (`<!-- answer: step -->`, see ./guide-answers.ts) is compared with
 * the answer of its step. A failure names the step and the first difference. Comments name
 * the guide's sections (§).
 *
 * `WRITE_GUIDE_ANSWERS=<file>` also writes every step's answer (with placeholders) to that file:
 * what to copy into the guide when an answer changes.
 */
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import {
  drainSendQueues,
  eventually,
  expandBroadcast,
  holdSendJobs,
  promoteDueSendJobs,
  releaseSendJobs,
  runCampaignSweeps,
  sweepExpiredJobs,
  testBackends,
  testDispatchDeps,
} from '@safenet/hub/testing';
import { SafenetClient, type StreamEvent } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoTree } from '../../examples/campaigns/demo-tree.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { guideProblems } from './guide-answers.js';

const GUIDE = new URL('../../docs/guides/run-a-campaign.md', import.meta.url);
const FILE = new URL('../../examples/campaigns/safe-internet-2017.ru.yaml', import.meta.url);
/** Timestamps from here on are the database's or the seed's clock, not the test's. */
const YAML = { 'content-type': 'application/yaml' };

describe.each(await testBackends())(
  'docs/guides/run-a-campaign.md on $name',
  ({ database, run }) => {
    let th: TestHub;
    let client: SafenetClient;
    /** The hub's clock: 27 March 2017, 09:00 in Almaty (UTC+6 in 2017), until a step moves it. */
    let clock = Date.parse('2017-03-27T03:00:00Z');
    const now = () => clock;
    /** The guide's answers, by step. */
    const answers: Record<string, unknown> = {};
    /** Ids by the placeholder the guide shows for them. */
    const names = new Map<string, string>();

    beforeAll(async () => {
      if (!run) return;
      // Quiet hours as `npm start` has them (the test hub turns them off by default).
      th = await startTestHub({
        database,
        workers: false,
        now,
        env: { SAFENET_QUIET_HOURS: '21:00-08:00' },
      });
      await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = th.hub.app.server.address() as AddressInfo;
      client = new SafenetClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: th.adminKey });
    });
    afterAll(() => th?.close());

    /** A request as the guide's curl makes it; answers the status and the body. */
    const call = async (
      method: 'GET' | 'POST' | 'PATCH',
      url: string,
      payload?: string | object,
      headers: Record<string, string> = {},
    ) => {
      const res = await th.hub.app.inject({
        method,
        url,
        headers: { ...th.auth, ...headers },
        ...(payload === undefined ? {} : { payload }),
      });
      const json = /json/.test(String(res.headers['content-type']));
      return { status: res.statusCode, body: json ? (res.json() as unknown) : res.body };
    };
    /** Calls, expects `status`, and keeps the body as the answer of `step`. */
    const answer = async <T = unknown>(
      step: string,
      status: number,
      ...request: Parameters<typeof call>
    ): Promise<T> => {
      const { status: actual, body } = await call(...request);
      expect(actual, `${step}: ${JSON.stringify(body)}`).toBe(status);
      answers[step] = body;
      return body as T;
    };

    it.runIf(run)('every answer the guide shows is the hub’s', { timeout: 120_000 }, async () => {
      const file = await readFile(FILE, 'utf8');
      const seed = th.seed;
      const [almatyRegion, dakLak] = seed.provinceIds;
      // §0 The demo tree the files name.
      const tree = await buildDemoTree(client, seed.ministryId);
      for (const [id, name] of [
        [seed.ministryId, '<ministry id>'],
        [almatyRegion, '<Almaty Region id>'],
        [dakLak, '<Đắk Lắk id>'],
        [seed.associationId, '<National Parents’ Association id>'],
        [tree['demo-kz-parents'], '<parents’ association id>'],
        [tree['demo-vn-nbk-youth-union'], '<Youth Union id>'],
      ] as const) {
        names.set(id as string, name);
      }

      // §1 Check the file, then a file with two mistakes.
      await answer('dry-run', 200, 'POST', '/v1/campaigns/programme?dryRun=true', file, YAML);
      const broken = file
        .replace('timeZone: Asia/Almaty', 'timeZone: Asia/Alma-Ata')
        .replace('endsOn: 2017-04-21', 'endsOn: 2017-04-31');
      expect(broken).not.toBe(file);
      await answer('mistake', 400, 'POST', '/v1/campaigns/programme', broken, YAML);

      // §2 Load it.
      const loaded = await answer<Loaded>(
        'load',
        200,
        'POST',
        '/v1/campaigns/programme',
        file,
        YAML,
      );
      const id = loaded.campaign.id;
      names.set(id, '<campaign id>');
      const campaign = `/v1/campaigns/${id}`;

      // §3–4 Scheduled on the real day (today), it has ended; on 27 March 2017 it is scheduled.
      clock = Date.now();
      await answer('schedule-today', 409, 'POST', `${campaign}/schedule`);
      clock = Date.parse('2017-03-27T03:00:00Z');
      await answer('officials', 200, 'POST', '/v1/contacts/bulk', {
        contacts: [
          official(
            almatyRegion,
            'official-almaty-region',
            'ru',
            'Asia/Almaty',
            'almaty.example.kz',
          ),
          official(dakLak, 'official-dak-lak', 'vi', 'Asia/Ho_Chi_Minh', 'daklak.example.vn'),
          official(seed.ministryId, 'official-committee', 'ru', 'Asia/Almaty', 'edu.example.kz'),
        ],
      });
      await answer('schedule', 200, 'POST', `${campaign}/schedule`);

      // §5 The plan, the calendar, the reminders.
      await answer('plan', 200, 'GET', `${campaign}/plan`);
      await answer('calendar', 200, 'GET', `${campaign}/calendar`);
      await answer('reminders', 200, 'GET', `${campaign}/reminders`);

      // The workers' rounds at `instant`: the sweeps, then planning and sending.
      const dispatch = await testDispatchDeps(th, { now });
      const schema = th.env.SAFENET_DB_SCHEMA as string;
      const step = async (instant: string) => {
        clock = Date.parse(instant);
        const swept = await runCampaignSweeps(th, now);
        const unplanned = await th.hub.db
          .selectFrom('broadcasts')
          .select('id')
          .where('expanded', '=', false)
          .execute();
        for (const broadcast of unplanned) await expandBroadcast(dispatch.expand, broadcast.id);
        // The queue runs on the database's clock, years ahead of this one: what waits for a
        // later instant of this clock (a morning) is held until the clock gets there.
        await releaseSendJobs(th.hub.db, schema, clock);
        await promoteDueSendJobs(th.hub.db, schema, clock);
        for (let pass = 0; pass < 20; pass++) {
          const sent = await drainSendQueues(dispatch, { passes: 1 });
          // pg-boss's maintenance at its worst moment: nothing queued for later may be lost.
          expect(await sweepExpiredJobs(th.hub.db, schema)).toBe(0);
          await holdSendJobs(th.hub.db, schema, clock);
          if (sent.length === 0) break;
        }
        expect(dispatch.errors).toEqual([]);
        return swept;
      };
      const emails = async () =>
        ((await call('GET', '/v1/outbox?channel=email&limit=100')).body as { items: Email[] })
          .items;

      // §5 1 April 00:00 in Almaty the campaign is active; 10 April 09:00 in each zone it opens.
      expect((await step('2017-03-31T18:00:00Z')).moved).toBe(1);
      expect((await step('2017-04-10T02:00:00Z')).announcements.fired).toBe(1);
      expect((await step('2017-04-10T03:00:00Z')).announcements.fired).toBe(1);
      await answer('calendar-fired', 200, 'GET', `${campaign}/calendar`);

      // §6 18 April, 10:00 in Ho Chi Minh City then in Almaty: 3 days before the 21 April deadline.
      expect(await emails()).toEqual([]);
      expect((await step('2017-04-18T02:59:00Z')).followUps.reminders).toBe(0);
      expect((await step('2017-04-18T03:00:00Z')).followUps.reminders).toBe(2);
      expect((await step('2017-04-18T04:00:00Z')).followUps.reminders).toBe(3);
      await answer('reminders-sent', 200, 'GET', '/v1/outbox?channel=email');

      // §7 Almaty Region reports item 5 done, with its evidence.
      clock = Date.parse('2017-04-19T05:00:00Z');
      await answer(
        'mark-done',
        200,
        'PATCH',
        `${campaign}/plan/items/5/assignments/${almatyRegion}`,
        {
          status: 'done',
          note: 'Memos handed out in 212 schools',
          evidenceUrl: 'https://almaty.example.kz/news/safe-internet-memos',
        },
      );
      const sentBefore = (await emails()).length;
      expect((await step('2017-04-21T03:00:00Z')).followUps.reminders).toBe(2);
      expect((await step('2017-04-21T04:00:00Z')).followUps.reminders).toBe(3);
      const onTheDay = (await emails())
        .slice(sentBefore)
        .filter((m) => m.to === 'official@almaty.example.kz');
      expect(onTheDay).toHaveLength(1);
      answers['reminder-on-the-day'] = onTheDay[0];

      // §8 Midnight in Ho Chi Minh City (17:00Z), then in Almaty (18:00Z): overdue. The alerts on
      // the stream; the word to the ministry waits for 08:00 in Almaty (02:00Z).
      const streamed: StreamEvent[] = [];
      let open: () => void = () => undefined;
      const opened = new Promise<void>((resolve) => {
        open = resolve;
      });
      const subscription = client.stream.subscribe({
        types: ['alert'],
        onOpen: () => open(),
        onEvent: (event) => {
          streamed.push(event);
        },
      });
      await opened;
      const before = (await emails()).length;
      expect((await step('2017-04-21T17:00:00Z')).followUps.escalated).toBeGreaterThan(0);
      expect((await step('2017-04-21T18:00:00Z')).followUps.escalated).toBeGreaterThan(0);
      expect((await step('2017-04-22T01:59:00Z')).followUps.escalated).toBe(0);
      // Nobody was woken: nothing reached the ministry in the night; its messages wait.
      expect((await emails()).length).toBe(before);
      const night = await th.hub.db
        .selectFrom('broadcasts')
        .select('id')
        .where('campaign_id', '=', id)
        .where('created_at', '>=', new Date('2017-04-21T17:00:00Z'))
        .execute();
      expect(night.length).toBeGreaterThan(0);
      const waiting = [];
      for (const broadcast of night) {
        const page = await call('GET', `/v1/broadcasts/${broadcast.id}/deliveries`);
        waiting.push(...(page.body as { items: object[] }).items);
      }
      expect(waiting.length).toBeGreaterThan(0);
      for (const delivery of waiting) {
        expect(delivery).toMatchObject({
          status: 'queued',
          deferredUntil: '2017-04-22T02:00:00.000Z',
          deferredReason: 'quiet_hours',
        });
      }
      await answer('alerts', 200, 'GET', '/v1/alerts?code=plan_item_overdue&state=open&limit=2');
      await eventually(
        async () => streamed.length,
        (count) => count > 0,
        'alerts on the stream',
      );
      subscription.close();
      answers['stream-alert'] = streamed[0];
      await step('2017-04-22T02:00:00Z');
      const morning = (await emails()).slice(before);
      expect(morning.length).toBeGreaterThan(0);
      for (const message of morning)
        expect(message).toMatchObject({ to: 'committee@edu.example.kz' });
      // One of them (they go in the same second, in no fixed order): Almaty Region's item 7.
      answers['escalation-message'] = morning.find(({ body }) =>
        /пункт 7 .*Almaty Region/s.test(body),
      );

      // §9 The grid, for the ministry's dashboard.
      await answer('grid', 200, 'GET', `${campaign}/grid`);
      await answer('grid-overdue', 200, 'GET', `${campaign}/grid?status=overdue&orgId=${dakLak}`);

      // §10 Late, Đắk Lắk reports item 10 done: its alert resolves itself.
      const overdue = (await call('GET', '/v1/alerts?code=plan_item_overdue&state=open&limit=100'))
        .body as { items: { id: string; subject: { id: string } }[] };
      const late = overdue.items.find((a) => a.subject.id === `${id}/10/${dakLak}`);
      if (!late) throw new Error('no open alert for item 10 of Đắk Lắk');
      names.set(late.id, '<alert id>');
      clock = Date.parse('2017-04-24T04:00:00Z');
      await answer('late-done', 200, 'PATCH', `${campaign}/plan/items/10/assignments/${dakLak}`, {
        status: 'done',
        evidenceUrl: 'https://daklak.example.vn/tin-tuc/internet-an-toan',
      });
      await answer('alert-resolved', 200, 'GET', `/v1/alerts/${late.id}`);

      // §11 Export, and copy into 2018.
      await answer('export', 200, 'GET', `${campaign}/programme?format=yaml`);
      const copy = await answer<Loaded>('copy', 201, 'POST', `${campaign}/copy`, {
        key: 'safe-internet-2018',
        shift: { years: 1 },
      });
      names.set(copy.campaign.id, '<2018 campaign id>');
      await dispatch.progress.close();

      // Every block of the guide, against its step's answer.
      const write = database === 'embedded' ? process.env.WRITE_GUIDE_ANSWERS : undefined;
      const { steps, problems } = await guideProblems(GUIDE, answers, names, write);
      expect(steps.shown).toEqual(steps.answered);
      expect(problems).toEqual([]);
    });
  },
);

/** A programme load's or copy's answer, as far as this test reads it. */
interface Loaded {
  campaign: { id: string };
}

/** A message of the outbox, as far as this test reads it. */
interface Email {
  to: string;
  body: string;
}

/** An official of `orgId` who reads email, as the guide adds them. */
function official(orgId: string, ref: string, language: string, timeZone: string, domain: string) {
  const user = ref === 'official-committee' ? 'committee' : 'official';
  return {
    orgId,
    externalRef: ref,
    role: 'official',
    language,
    timeZone,
    addresses: { email: `${user}@${domain}` },
    consents: {
      email: { status: 'granted', source: 'ministry staff list', at: '2017-03-20T10:00:00+06:00' },
    },
  };
}
