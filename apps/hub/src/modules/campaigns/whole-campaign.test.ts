/**
 * One whole campaign, driven through the API on both stores by a hand-moved clock — no real
 * waiting. A ministry in Almaty runs "Safe Internet" (10–21 April, Asia/Almaty, three phases)
 * with one plan item for two schools: one in Almaty (UTC+5), one in Ho Chi Minh City (UTC+7),
 * each under a province with an official. Each step moves the clock to an instant and runs
 * what the worker processes run — the campaign calendar's sweep, the announcement sweep, the
 * follow-up sweep — then dispatch (planning and sending, quiet hours on: 21:00–08:00 in each
 * recipient's zone), and says what happened: campaigns moved, announcements fired, reminders
 * and escalations, and who the SMS provider was handed a message for.
 *
 * The year is next year's: ahead of the database's clock, so that a message deferred to the
 * morning is handed out by the queue only when this clock has moved there (see
 * `promoteDueSendJobs`).
 */
import type { ChannelAdapter, OutgoingMessage } from '@safenet/channels';
import type { Alert, Campaign, CampaignCalendarView, Delivery, Page } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import { createOrgPathCache } from '../../platform/tenancy/org-paths.js';
import { promoteDueSendJobs } from '../../testing/dispatch-clock.js';
import {
  drainSendQueues,
  type TestDispatchDeps,
  testDispatchDeps,
} from '../../testing/dispatch-deps.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { expandBroadcast } from '../broadcasts/index.js';
import { sweepAnnouncements } from '../calendar/index.js';
import { overrideAdapter } from '../channels/index.js';
import { sweepFollowUps } from '../reminders/index.js';
import { sweepCampaignCalendar } from './index.js';

const YEAR = new Date().getUTCFullYear() + 1;
/** An instant of the campaign's year: `at('04-10T04:00:00Z')`. */
const at = (instant: string) => Date.parse(`${YEAR}-${instant}`);
const day = (date: string) => `${YEAR}-${date}`;

/** What one step of the clock did. */
interface Step {
  /** Campaigns the calendar moved (scheduled → active → completed). */
  moved: number;
  /** Announcement occurrences fired. */
  fired: number;
  /** Broadcasts of reminders created. */
  reminders: number;
  /** (item, organisation) pairs escalated. */
  escalated: number;
  /** Who the SMS provider was handed a message for, by label. */
  sent: string[];
}
const nothing: Step = { moved: 0, fired: 0, reminders: 0, escalated: 0, sent: [] };
const did = (step: Partial<Step>): Step => ({ ...nothing, ...step });

describe.each(await testBackends())('a whole campaign on $name', ({ database, run }) => {
  let th: TestHub;
  let clock = at('03-31T00:00:00Z');
  const now = () => clock;
  let dispatch: TestDispatchDeps;
  /** Phone → who holds it ("parent · Almaty school"). */
  const holders = new Map<string, string>();
  let handed: string[] = [];
  const sms: ChannelAdapter = {
    channel: 'sms',
    provider: 'whole-campaign-test',
    async send(message: OutgoingMessage) {
      handed.push(holders.get(message.to) ?? message.to);
      return { status: 'sent', providerMessageId: message.deliveryId };
    },
  };
  /** The ministry (the demo's), and a province with a school in each zone. */
  const org = { ministry: '', almatyProvince: '', almatySchool: '', dakLak: '', hcmSchool: '' };
  let parentsSegment: string;
  let campaign: Campaign;

  const request = async <T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: object,
  ) => {
    const res = await th.hub.app.inject({
      method,
      url,
      headers: th.auth,
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(300);
    return res.json<T>();
  };

  /** An organisation with `people` in its zone, each reachable by SMS. */
  let phones = 0;
  const organisation = async (
    parentId: string,
    kind: 'province' | 'school',
    name: string,
    timeZone: string,
    people: { role: 'parent' | 'school_head' | 'official'; label: string }[],
  ) => {
    const { id } = await request<{ id: string }>('POST', '/v1/organisations', {
      parentId,
      kind,
      name,
      timeZone,
    });
    const contacts = people.map((person) => {
      phones += 1;
      const phone = `+7701${String(phones).padStart(7, '0')}`;
      holders.set(phone, person.label);
      return {
        orgId: id,
        externalRef: person.label,
        role: person.role,
        language: 'en',
        timeZone,
        addresses: { phone },
        consents: {
          sms: {
            status: 'granted',
            source: 'parent meeting form',
            at: `${day('03-01')}T10:00:00Z`,
          },
        },
      };
    });
    await request('POST', '/v1/contacts/bulk', { contacts });
    return id;
  };

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({
      database,
      workers: false,
      now,
      env: { SAFENET_QUIET_HOURS: '21:00-08:00' },
    });
    const base = await testDispatchDeps(th, { now });
    dispatch = { ...base, channels: overrideAdapter(base.channels, sms) };
    org.ministry = th.seed.ministryId;
    org.almatyProvince = await organisation(
      org.ministry,
      'province',
      'Almaty Region (whole campaign)',
      'Asia/Almaty',
      [{ role: 'official', label: 'official · Almaty Region' }],
    );
    org.almatySchool = await organisation(
      org.almatyProvince,
      'school',
      'Talgar School No. 3',
      'Asia/Almaty',
      [
        { role: 'school_head', label: 'head · Almaty school' },
        { role: 'parent', label: 'parent · Almaty school' },
      ],
    );
    org.dakLak = await organisation(
      org.ministry,
      'province',
      'Đắk Lắk (whole campaign)',
      'Asia/Ho_Chi_Minh',
      [{ role: 'official', label: 'official · Đắk Lắk' }],
    );
    org.hcmSchool = await organisation(
      org.dakLak,
      'school',
      'Nguyễn Du High School',
      'Asia/Ho_Chi_Minh',
      [
        { role: 'school_head', label: 'head · Ho Chi Minh City school' },
        { role: 'parent', label: 'parent · Ho Chi Minh City school' },
      ],
    );
    parentsSegment = (
      await request<{ id: string }>('POST', '/v1/segments', {
        orgId: org.ministry,
        name: 'Parents of the two schools',
        query: { roles: ['parent'], underOrgIds: [org.almatyProvince, org.dakLak] },
      })
    ).id;
  });
  afterAll(async () => {
    await dispatch?.progress.close();
    await th?.close();
  });

  /** The sweeps' deps: what the hub's modules give them, on this test's clock. */
  const sweepDeps = () => ({
    db: share(th.hub.db),
    bus: th.hub.bus,
    boss: th.hub.boss,
    now,
    orgPathOf: createOrgPathCache(th.hub.db),
    graceMs: 15 * 60_000,
    // The hub's calendar has no plan yet (NO_PLAN): nothing here anchors on an item.
    planOf: async () => [],
  });

  /**
   * Moves the clock to `instant` and runs what the workers would by then: the sweeps, then
   * planning of every broadcast not yet planned and every send due by the clock.
   */
  async function step(instant: string): Promise<Step> {
    clock = at(instant);
    handed = [];
    const deps = sweepDeps();
    const moved = await sweepCampaignCalendar(deps);
    const { fired } = await sweepAnnouncements(deps);
    const { reminders, escalated } = await sweepFollowUps(deps);
    const unplanned = await th.hub.db
      .selectFrom('broadcasts')
      .select('id')
      .where('expanded', '=', false)
      .where('status', 'in', ['queued', 'sending'])
      .execute();
    for (const { id } of unplanned) await expandBroadcast(dispatch.expand, id);
    await promoteDueSendJobs(th.hub.db, th.env.SAFENET_DB_SCHEMA as string, clock);
    await drainSendQueues(dispatch);
    expect(dispatch.errors).toEqual([]);
    return { moved, fired, reminders, escalated, sent: handed.toSorted() };
  }

  const status = async () =>
    (await request<Campaign>('GET', `/v1/campaigns/${campaign.id}`)).status;
  const broadcasts = () =>
    th.hub.db
      .selectFrom('broadcasts')
      .select(['id', 'segment_id', 'segment_query', 'urgent'])
      .where('campaign_id', '=', campaign.id)
      .orderBy('id')
      .execute();
  const deliveries = async (broadcastId: string) =>
    (await request<Page<Delivery>>('GET', `/v1/broadcasts/${broadcastId}/deliveries`)).items;
  const overdueAlerts = async () =>
    (await request<Page<Alert>>('GET', '/v1/alerts?code=plan_item_overdue')).items.filter((a) =>
      a.subject.id.startsWith(`${campaign.id}/`),
    );
  const markDone = (orgId: string) =>
    request('PATCH', `/v1/campaigns/${campaign.id}/plan/items/1/assignments/${orgId}`, {
      status: 'done',
      note: 'Class hour held',
    });
  const events = async () =>
    (await th.hub.bus.replay(org.ministry, '0')).map((logged) => logged.event);
  const calendarMoves = async () =>
    (await events()).flatMap((e) =>
      e.type === 'campaign.updated' && e.data.campaignId === campaign.id
        ? [[e.data.previousStatus, e.data.status, e.data.by]]
        : [],
    );
  const alertEvents = async () =>
    (await events()).flatMap((e) =>
      e.type === 'alert' && e.data.subject.id.startsWith(`${campaign.id}/`)
        ? [[e.data.code, e.data.alertId]]
        : [],
    );

  it.runIf(run)(
    'phases, announcements in each zone, reminders, escalation and quiet hours, step by step',
    async () => {
      // 31 March: the ministry sets the campaign up.
      campaign = await request<Campaign>('POST', '/v1/campaigns', {
        orgId: org.ministry,
        title: {
          ru: 'Безопасный интернет',
          kk: 'Қауіпсіз интернет',
          vi: 'Internet an toàn',
          en: 'Safe Internet',
        },
        startsOn: day('04-10'),
        endsOn: day('04-21'),
        timeZone: 'Asia/Almaty',
        phases: [
          {
            key: 'preparatory',
            title: { en: 'Preparatory' },
            startsOn: day('04-10'),
            endsOn: day('04-12'),
          },
          { key: 'main', title: { en: 'Main' }, startsOn: day('04-13'), endsOn: day('04-19') },
          {
            key: 'results',
            title: { en: 'Results' },
            startsOn: day('04-20'),
            endsOn: day('04-21'),
          },
        ],
      });
      await request('POST', `/v1/campaigns/${campaign.id}/schedule`);
      await request('PUT', `/v1/campaigns/${campaign.id}/plan`, {
        sections: [
          {
            key: 'schools',
            title: { en: 'Schools' },
            items: [
              {
                key: '1',
                number: '1.',
                title: { en: 'Class hour on online safety' },
                completionForm: 'info-to-ministry',
                deadline: { kind: 'date', by: day('04-15') },
                responsible: [{ orgId: org.almatySchool }, { orgId: org.hcmSchool }],
              },
            ],
          },
        ],
      });
      const content = (text: string) => ({ text: { en: text } });
      await request('PUT', `/v1/campaigns/${campaign.id}/announcements`, {
        announcements: [
          {
            key: 'main-phase-opens',
            content: content('The main week of Safe Internet starts today.'),
            segmentId: parentsSegment,
            channels: ['sms'],
            schedule: {
              when: {
                kind: 'relative',
                anchor: { to: 'phase.start', phase: 'main' },
                days: 0,
                time: '09:00',
              },
              zone: 'recipient',
            },
          },
          {
            key: 'results-phase-opens',
            content: content('Safe Internet: results week.'),
            segmentId: parentsSegment,
            channels: ['sms'],
            schedule: {
              when: {
                kind: 'relative',
                anchor: { to: 'phase.start', phase: 'results' },
                days: 0,
                time: '09:00',
              },
              zone: 'campaign',
            },
          },
        ],
      });
      await request('PUT', `/v1/campaigns/${campaign.id}/reminders`, {
        reminders: [
          {
            key: 'deadlines',
            items: 'all',
            daysBefore: [1, 0],
            time: '10:00',
            roles: ['school_head'],
            channels: ['sms'],
          },
        ],
      });
      const calendar = await request<CampaignCalendarView>(
        'GET',
        `/v1/campaigns/${campaign.id}/calendar`,
      );
      expect(calendar.phases.map((p) => p.key)).toEqual(['preparatory', 'main', 'results']);
      // 09:00 on each recipient's clock: 02:00Z in Ho Chi Minh City, 04:00Z in Almaty.
      expect(calendar.occurrences.map((o) => [o.key, o.at, o.state])).toEqual([
        [`${day('04-13')}T09:00@Asia/Ho_Chi_Minh`, `${day('04-13')}T02:00:00.000Z`, 'scheduled'],
        [`${day('04-13')}T09:00@Asia/Almaty`, `${day('04-13')}T04:00:00.000Z`, 'scheduled'],
        [`${day('04-20')}T09:00@Asia/Almaty`, `${day('04-20')}T04:00:00.000Z`, 'scheduled'],
      ]);
      expect(await status()).toBe('scheduled');

      // 9 April, 23:59:59 in Almaty: not yet. Midnight: the campaign (and its preparatory
      // phase) begins.
      expect(await step('04-09T18:59:59Z')).toEqual(nothing);
      expect(await step('04-09T19:00:00Z')).toEqual(did({ moved: 1 }));
      expect(await status()).toBe('active');

      // 13 April, the main phase: its announcement reaches each zone's parents at 09:00 there.
      expect(await step('04-13T01:59:00Z')).toEqual(nothing);
      expect(await step('04-13T02:00:00Z')).toEqual(
        did({ fired: 1, sent: ['parent · Ho Chi Minh City school'] }),
      );
      expect(await step('04-13T04:00:00Z')).toEqual(
        did({ fired: 1, sent: ['parent · Almaty school'] }),
      );
      const announced = await broadcasts();
      expect(announced.map((b) => [b.segment_id, b.segment_query])).toEqual([
        [parentsSegment, expect.objectContaining({ timeZones: ['Asia/Ho_Chi_Minh'] })],
        [parentsSegment, expect.objectContaining({ timeZones: ['Asia/Almaty'] })],
      ]);

      // 14 April, a day before item 1 is due: each school head at 10:00 in their own zone.
      expect(await step('04-14T03:00:00Z')).toEqual(
        did({ reminders: 1, sent: ['head · Ho Chi Minh City school'] }),
      );
      expect(await step('04-14T05:00:00Z')).toEqual(
        did({ reminders: 1, sent: ['head · Almaty school'] }),
      );
      // The Almaty school holds its class hour and says so.
      clock = at('04-14T06:00:00Z');
      await markDone(org.almatySchool);

      // 15 April, the due date: only the school not done is reminded.
      expect(await step('04-15T03:00:00Z')).toEqual(
        did({ reminders: 1, sent: ['head · Ho Chi Minh City school'] }),
      );
      expect(await step('04-15T05:00:00Z')).toEqual(nothing);

      // Midnight in Ho Chi Minh City: its school missed the date. One alert to the ministry,
      // one word to Đắk Lắk's official — who is asleep: the message waits for 08:00 there.
      expect(await step('04-15T17:00:00Z')).toEqual(did({ escalated: 1 }));
      const [alert, ...more] = await overdueAlerts();
      expect(more).toEqual([]);
      expect(alert).toMatchObject({
        orgId: org.ministry,
        state: 'open',
        subject: { type: 'plan_assignment', id: `${campaign.id}/1/${org.hcmSchool}` },
      });
      expect(await alertEvents()).toEqual([['plan_item_overdue', alert?.id]]);
      const escalation = (await broadcasts()).at(-1);
      expect(escalation?.segment_query).toMatchObject({ orgIds: [org.dakLak] });
      expect(await deliveries(escalation?.id as string)).toEqual([
        expect.objectContaining({
          status: 'queued',
          attempts: 0,
          deferredUntil: new Date(at('04-16T01:00:00Z')).toISOString(),
          deferredReason: 'quiet_hours',
        }),
      ]);
      // Midnight in Almaty: its school was done, nothing to escalate. Once is once.
      expect(await step('04-15T19:00:00Z')).toEqual(nothing);
      expect(await step('04-16T00:59:00Z')).toEqual(nothing);
      expect(await step('04-16T01:00:00Z')).toEqual(did({ sent: ['official · Đắk Lắk'] }));

      // The school in Ho Chi Minh City reports done: the alert resolves itself.
      clock = at('04-16T02:00:00Z');
      await markDone(org.hcmSchool);
      expect(await request<Alert>('GET', `/v1/alerts/${alert?.id}`)).toMatchObject({
        state: 'resolved',
        resolvedBy: { kind: 'system', id: null },
      });
      expect(await step('04-16T03:00:00Z')).toEqual(nothing);

      // 17 April, 22:00 in Almaty, midnight in Ho Chi Minh City: an urgent word to parents
      // goes at once, and each delivery records that it overrode quiet hours.
      clock = at('04-17T17:00:00Z');
      const urgent = await request<{ id: string }>('POST', '/v1/broadcasts', {
        orgId: org.ministry,
        campaignId: campaign.id,
        segmentId: parentsSegment,
        channels: ['sms'],
        content: {
          body: { en: 'A dangerous "challenge" is circulating tonight: talk to your child.' },
        },
        urgent: true,
      });
      expect(await step('04-17T17:00:00Z')).toEqual(
        did({ sent: ['parent · Almaty school', 'parent · Ho Chi Minh City school'] }),
      );
      expect(await deliveries(urgent.id)).toEqual([
        expect.objectContaining({ status: 'sent', quietHoursOverridden: true }),
        expect.objectContaining({ status: 'sent', quietHoursOverridden: true }),
      ]);

      // 20 April, the results phase: one announcement at 09:00 in the campaign's zone.
      expect(await step('04-20T04:00:00Z')).toEqual(
        did({ fired: 1, sent: ['parent · Almaty school', 'parent · Ho Chi Minh City school'] }),
      );

      // 21 April ends in Almaty: the campaign is completed. Days later, nothing stirs.
      expect(await step('04-21T18:59:59Z')).toEqual(nothing);
      expect(await step('04-21T19:00:00Z')).toEqual(did({ moved: 1 }));
      expect(await status()).toBe('completed');
      expect(await step('04-25T05:00:00Z')).toEqual(nothing);

      expect(await calendarMoves()).toEqual([
        ['draft', 'scheduled', 'request'],
        ['scheduled', 'active', 'calendar'],
        ['active', 'completed', 'calendar'],
      ]);
      expect(
        (
          await request<CampaignCalendarView>('GET', `/v1/campaigns/${campaign.id}/calendar`)
        ).occurrences.map((o) => o.state),
      ).toEqual(['fired', 'fired', 'fired']);
      // Every message of the campaign is an ordinary broadcast linked to it: 3 announcements,
      // 3 reminders, 1 escalation, 1 urgent word.
      expect(await broadcasts()).toHaveLength(8);
      expect(await overdueAlerts()).toHaveLength(1);
      expect(await alertEvents()).toHaveLength(1);
    },
  );
});
