import { describe, expect, it } from 'vitest';
import {
  CAMPAIGN_EDIT_CODES,
  CAMPAIGN_MOVES,
  type CampaignState,
  calendarStatus,
  canMove,
  editProblems,
  moveProblems,
} from './lifecycle.js';
import type { CampaignStatus, PlanItem } from './model.js';

const STATUSES = Object.keys(CAMPAIGN_MOVES) as CampaignStatus[];

/** "Safe Internet", 10–21 April 2017, Asia/Almaty (UTC+6 then). */
const SAFE_INTERNET: CampaignState & { title: { ru: string } } = {
  status: 'scheduled',
  title: { ru: 'Безопасный интернет' },
  startsOn: '2017-04-10',
  endsOn: '2017-04-21',
  timeZone: 'Asia/Almaty',
  phases: [
    {
      key: 'preparatory',
      title: { en: 'Preparatory' },
      startsOn: '2017-04-10',
      endsOn: '2017-04-11',
    },
    { key: 'main', title: { en: 'Main' }, startsOn: '2017-04-12', endsOn: '2017-04-19' },
    { key: 'results', title: { en: 'Results' }, startsOn: '2017-04-20', endsOn: '2017-04-21' },
  ],
};
const t = (instant: string) => new Date(instant);
/** 14 April 2017, 12:00 in Almaty: the main phase is on. */
const MID_CAMPAIGN = t('2017-04-14T06:00:00Z');
const codes = (problems: Array<{ path: string; code: string }>) =>
  problems.map((p) => [p.path, p.code]);

describe('canMove', () => {
  it('follows draft → scheduled → active → completed → archived one step at a time', () => {
    const path: CampaignStatus[] = ['draft', 'scheduled', 'active', 'completed', 'archived'];
    for (const [i, from] of path.entries()) {
      for (const [j, to] of path.entries())
        expect(canMove(from, to), `${from}→${to}`).toBe(j === i + 1);
    }
  });

  it('cancels from draft, scheduled and active only, and never leaves archived or cancelled', () => {
    for (const from of STATUSES) {
      expect(canMove(from, 'cancelled'), from).toBe(
        ['draft', 'scheduled', 'active'].includes(from),
      );
    }
    for (const to of STATUSES) {
      expect(canMove('archived', to)).toBe(false);
      expect(canMove('cancelled', to)).toBe(false);
    }
  });
});

describe('calendarStatus', () => {
  it('turns active at 00:00 of the first day and completed when the last day ends, in Almaty', () => {
    const cases: Array<[string, CampaignStatus]> = [
      ['2017-04-09T17:59:59Z', 'scheduled'], // 23:59:59 on 9 April
      ['2017-04-09T18:00:00Z', 'active'], // 00:00 on 10 April
      ['2017-04-21T17:59:59Z', 'active'], // 23:59:59 on 21 April
      ['2017-04-21T18:00:00Z', 'completed'], // 00:00 on 22 April
    ];
    for (const [now, status] of cases)
      expect(calendarStatus(SAFE_INTERNET, t(now)), now).toBe(status);
  });

  it('reads the days in the campaign’s zone, not UTC', () => {
    const hanoi = { ...SAFE_INTERNET, timeZone: 'Asia/Ho_Chi_Minh' };
    expect(calendarStatus(hanoi, t('2017-04-09T17:30:00Z'))).toBe('active');
    expect(calendarStatus(SAFE_INTERNET, t('2017-04-09T17:30:00Z'))).toBe('scheduled');
  });

  it('uses the zone in force: Almaty at UTC+5 after 1 March 2024', () => {
    const y2024 = { ...SAFE_INTERNET, startsOn: '2024-04-10', endsOn: '2024-04-21' };
    expect(calendarStatus(y2024, t('2024-04-09T18:30:00Z'))).toBe('scheduled');
    expect(calendarStatus(y2024, t('2024-04-09T19:00:00Z'))).toBe('active');
  });

  it('completes a campaign whose whole window passed unseen, and leaves other statuses be', () => {
    expect(calendarStatus(SAFE_INTERNET, t('2018-01-01T00:00:00Z'))).toBe('completed');
    for (const status of ['draft', 'completed', 'archived', 'cancelled'] as const) {
      expect(calendarStatus({ ...SAFE_INTERNET, status }, MID_CAMPAIGN)).toBe(status);
    }
  });
});

describe('moveProblems', () => {
  it('leaves active and completed to the calendar', () => {
    const early = t('2017-04-01T00:00:00Z');
    expect(codes(moveProblems(SAFE_INTERNET, 'active', early))).toEqual([
      ['status', 'campaign_status_by_calendar'],
    ]);
    const active = { ...SAFE_INTERNET, status: 'active' as CampaignStatus };
    expect(codes(moveProblems(active, 'completed', MID_CAMPAIGN))).toEqual([
      ['status', 'campaign_status_by_calendar'],
    ]);
    // Asking for what the calendar already made it is no problem.
    expect(moveProblems(SAFE_INTERNET, 'active', MID_CAMPAIGN)).toEqual([]);
  });

  it('refuses moves the lifecycle forbids, saying where it may go', () => {
    const completed = { ...SAFE_INTERNET, status: 'completed' as CampaignStatus };
    const [p] = moveProblems(completed, 'cancelled', MID_CAMPAIGN);
    expect(p?.code).toBe('campaign_status_forbidden');
    expect(p?.message).toContain('archived');
    expect(moveProblems(completed, 'archived', MID_CAMPAIGN)).toEqual([]);
    expect(
      codes(moveProblems({ ...SAFE_INTERNET, status: 'cancelled' }, 'draft', MID_CAMPAIGN)),
    ).toEqual([['status', 'campaign_status_forbidden']]);
    // A scheduled campaign that has started by the calendar can no longer go back to draft.
    expect(codes(moveProblems(SAFE_INTERNET, 'draft', MID_CAMPAIGN))).toEqual([
      ['status', 'campaign_status_forbidden'],
    ]);
    expect(moveProblems(SAFE_INTERNET, 'cancelled', MID_CAMPAIGN)).toEqual([]);
  });

  it('does not schedule a draft whose last day has passed', () => {
    const draft = { ...SAFE_INTERNET, status: 'draft' as CampaignStatus };
    expect(codes(moveProblems(draft, 'scheduled', t('2017-04-22T00:00:00Z')))).toEqual([
      ['endsOn', 'campaign_already_ended'],
    ]);
    expect(moveProblems(draft, 'scheduled', MID_CAMPAIGN)).toEqual([]);
  });
});

describe('editProblems', () => {
  const active = { ...SAFE_INTERNET, status: 'active' as CampaignStatus };

  it('lets a draft change anything', () => {
    const draft = { ...SAFE_INTERNET, status: 'draft' as CampaignStatus };
    const after = { ...draft, startsOn: '2017-04-01', timeZone: 'UTC', title: { ru: 'Новое' } };
    expect(editProblems(draft, after, MID_CAMPAIGN)).toEqual([]);
  });

  it('keeps a scheduled campaign’s start out of the past', () => {
    const now = t('2017-04-05T06:00:00Z');
    expect(
      codes(editProblems(SAFE_INTERNET, { ...SAFE_INTERNET, startsOn: '2017-04-04' }, now)),
    ).toEqual([['startsOn', 'campaign_start_in_past']]);
    expect(editProblems(SAFE_INTERNET, { ...SAFE_INTERNET, startsOn: '2017-04-05' }, now)).toEqual(
      [],
    );
    expect(editProblems(SAFE_INTERNET, { ...SAFE_INTERNET, startsOn: '2017-04-12' }, now)).toEqual(
      [],
    );
  });

  it('keeps an active campaign’s start, zone and past, and lets it extend its end', () => {
    expect(
      codes(
        editProblems(
          active,
          { ...active, startsOn: '2017-04-03', endsOn: '2017-04-13' },
          MID_CAMPAIGN,
        ),
      ),
    ).toEqual([
      ['startsOn', 'campaign_start_in_past'],
      ['endsOn', 'campaign_end_in_past'],
    ]);
    expect(
      codes(editProblems(active, { ...active, startsOn: '2017-04-20' }, MID_CAMPAIGN)),
    ).toEqual([['startsOn', 'campaign_started']]);
    expect(
      codes(editProblems(active, { ...active, timeZone: 'Asia/Aqtobe' }, MID_CAMPAIGN)),
    ).toEqual([['timeZone', 'campaign_zone_locked']]);
    const extended = { ...active, endsOn: '2017-04-28', title: { ru: 'Безопасный интернет 2017' } };
    expect(editProblems(active, extended, MID_CAMPAIGN)).toEqual([]);
  });

  it('keeps the changed deadlines of a running campaign out of the past', () => {
    const item = (key: string, deadline: PlanItem['deadline']): PlanItem => ({
      key,
      number: `${key}.`,
      title: { en: key },
      completionForm: 'info-to-ministry',
      deadline,
      responsible: [{ org: { code: 'regional-education' } }],
    });
    const plan = (items: PlanItem[]) => [{ key: 'main', title: { en: 'Main' }, items }];
    const running = {
      ...active,
      plan: plan([item('3', { kind: 'window', from: '2017-04-10', to: '2017-04-12' })]),
    };
    const edited = {
      ...running,
      plan: plan([
        item('3', { kind: 'window', from: '2017-04-10', to: '2017-04-12' }), // unchanged, past: fine
        item('7', { kind: 'date', by: '2017-04-13' }), // new, yesterday
        item('8', { kind: 'date', by: '2017-04-14' }), // new, today: fine
        item('9', { kind: 'ongoing' }),
      ]),
    };
    expect(codes(editProblems(running, edited, MID_CAMPAIGN))).toEqual([
      ['plan.0.items.1.deadline', 'deadline_in_past'],
    ]);
    const extended = {
      ...running,
      plan: plan([item('3', { kind: 'window', from: '2017-04-10', to: '2017-04-20' })]),
    };
    expect(editProblems(running, extended, MID_CAMPAIGN)).toEqual([]);
    const shortened = {
      ...running,
      plan: plan([item('3', { kind: 'window', from: '2017-04-10', to: '2017-04-11' })]),
    };
    expect(codes(editProblems(running, shortened, MID_CAMPAIGN))).toEqual([
      ['plan.0.items.0.deadline', 'deadline_in_past'],
    ]);
  });

  it('treats a scheduled campaign whose first day has come as active', () => {
    expect(
      codes(
        editProblems(SAFE_INTERNET, { ...SAFE_INTERNET, startsOn: '2017-04-16' }, MID_CAMPAIGN),
      ),
    ).toEqual([['startsOn', 'campaign_started']]);
  });

  it('keeps the phases that have begun, and new dates out of the past', () => {
    const [preparatory, main, results] = active.phases ?? [];
    if (!preparatory || !main || !results) throw new Error('fixture');
    const moved = {
      ...active,
      phases: [
        { ...main, startsOn: '2017-04-13' },
        { ...results, startsOn: '2017-04-13', endsOn: '2017-04-13' },
      ],
    };
    expect(codes(editProblems(active, moved, MID_CAMPAIGN))).toEqual([
      ['phases.0', 'phase_started'],
      ['phases.0.startsOn', 'phase_started'],
      ['phases.1.startsOn', 'phase_start_in_past'],
      ['phases.1.endsOn', 'phase_end_in_past'],
    ]);
    const fine = {
      ...active,
      phases: [
        preparatory,
        { ...main, endsOn: '2017-04-18' },
        { ...results, startsOn: '2017-04-19' },
      ],
    };
    expect(editProblems(active, fine, MID_CAMPAIGN)).toEqual([]);
  });

  it('lets a completed campaign only be archived, and archived or cancelled ones not at all', () => {
    const completed = { ...SAFE_INTERNET, status: 'completed' as CampaignStatus };
    const later = t('2017-05-01T00:00:00Z');
    expect(editProblems(completed, { ...completed, status: 'archived' }, later)).toEqual([]);
    expect(
      codes(
        editProblems(completed, { ...completed, status: 'archived', endsOn: '2017-04-30' }, later),
      ),
    ).toEqual([['endsOn', 'campaign_completed']]);
    for (const status of ['archived', 'cancelled'] as CampaignStatus[]) {
      const gone = { ...SAFE_INTERNET, status };
      expect(codes(editProblems(gone, { ...gone, title: { ru: 'x' } }, later))).toEqual([
        ['title', 'campaign_read_only'],
      ]);
      expect(codes(editProblems(gone, { ...gone, status: 'draft' }, later))).toEqual([
        ['status', 'campaign_status_forbidden'],
      ]);
    }
  });

  it('reports only registered codes, each with a message', () => {
    const everything = {
      ...active,
      status: 'draft' as CampaignStatus,
      startsOn: '2017-04-01',
      endsOn: '2017-04-02',
      timeZone: 'UTC',
      phases: [],
    };
    const problems = editProblems(active, everything, MID_CAMPAIGN);
    expect(problems.length).toBeGreaterThan(4);
    for (const p of problems) {
      expect(Object.keys(CAMPAIGN_EDIT_CODES)).toContain(p.code);
      expect(p.message.length).toBeGreaterThan(10);
    }
  });
});
