import { describe, expect, it } from 'vitest';
import { issues } from '../testing/zod-issues.js';
import {
  CampaignInput,
  CampaignListQuery,
  CampaignPatch,
  campaignProblems,
} from './campaign.schema.js';

/** Kazakhstan's "Safe Internet" campaign, 10–21 April 2017. */
const safeInternet = {
  orgId: '018f2a00-0000-7000-8000-000000000001',
  title: 'Safe Internet',
  startsOn: '2017-04-10',
  endsOn: '2017-04-21',
  timeZone: 'Asia/Almaty',
};

describe('CampaignInput', () => {
  it('accepts the Safe Internet campaign and defaults the lists to []', () => {
    expect(CampaignInput.parse(safeInternet)).toEqual({
      ...safeInternet,
      phases: [],
      organisers: [],
      partners: [],
      targets: [],
    });
  });

  it('takes a localized title or a plain one, organisers by id defaulting to not by agreement', () => {
    const parsed = CampaignInput.parse({
      ...safeInternet,
      title: { ru: 'Безопасный интернет', kk: 'Қауіпсіз интернет' },
      organisers: [{ orgId: safeInternet.orgId }],
    });
    expect(parsed.title).toEqual({ ru: 'Безопасный интернет', kk: 'Қауіпсіз интернет' });
    expect(parsed.organisers).toEqual([{ orgId: safeInternet.orgId, byAgreement: false }]);
    expect(issues(CampaignInput.safeParse({ ...safeInternet, title: {} }))).toEqual([
      ['title', 'custom'],
    ]);
    // Organisers are organisations now; names outside the tree go under partners.
    expect(issues(CampaignInput.safeParse({ ...safeInternet, organisers: ['Committee'] }))).toEqual(
      [['organisers.0', 'invalid_type']],
    );
  });

  it('accepts a one-day campaign', () => {
    expect(CampaignInput.safeParse({ ...safeInternet, endsOn: '2017-04-10' }).success).toBe(true);
  });

  it('refuses endsOn before startsOn, on the endsOn field', () => {
    expect(issues(CampaignInput.safeParse({ ...safeInternet, endsOn: '2017-04-09' }))).toEqual([
      ['endsOn', 'dates_inverted'],
    ]);
    // Across a month and a year boundary too.
    expect(
      CampaignInput.safeParse({ ...safeInternet, startsOn: '2022-01-01', endsOn: '2021-12-31' })
        .success,
    ).toBe(false);
  });

  it('refuses dates that are not YYYY-MM-DD calendar dates', () => {
    for (const endsOn of ['21.04.2017', '2017-04-31', '2017-4-21', '2017-04-21T00:00:00Z']) {
      expect(issues(CampaignInput.safeParse({ ...safeInternet, endsOn })), endsOn).toEqual([
        ['endsOn', 'invalid_format'],
      ]);
    }
  });

  it('refuses an unknown time zone, a blank title and unknown fields', () => {
    expect(issues(CampaignInput.safeParse({ ...safeInternet, timeZone: 'Almaty' }))).toEqual([
      ['timeZone', 'custom'],
    ]);
    expect(issues(CampaignInput.safeParse({ ...safeInternet, title: '   ' }))).toEqual([
      ['title', 'too_small'],
    ]);
    expect(issues(CampaignInput.safeParse({ ...safeInternet, budget: 1 }))).toEqual([
      ['', 'unrecognized_keys'],
    ]);
  });
});

const phase = (key: string, startsOn: string, endsOn: string) => ({
  key,
  title: { en: key },
  startsOn,
  endsOn,
});

describe('a campaign’s phases and lists', () => {
  it('accepts the three 2017 phases in order inside the window', () => {
    const phases = [
      phase('preparatory', '2017-04-10', '2017-04-11'),
      phase('main', '2017-04-12', '2017-04-19'),
      phase('results', '2017-04-20', '2017-04-21'),
    ];
    expect(CampaignInput.parse({ ...safeInternet, phases }).phases).toEqual(phases);
  });

  it('reports phases outside the window, overlapping or out of order, with their paths', () => {
    expect(
      issues(
        CampaignInput.safeParse({
          ...safeInternet,
          phases: [
            phase('main', '2017-04-09', '2017-04-15'),
            phase('results', '2017-04-15', '2017-04-22'),
          ],
        }),
      ),
    ).toEqual([
      ['phases.0.startsOn', 'outside_window'],
      ['phases.1.endsOn', 'outside_window'],
      ['phases.1.startsOn', 'phases_overlap'],
    ]);
    expect(
      issues(
        CampaignInput.safeParse({
          ...safeInternet,
          phases: [phase('b', '2017-04-15', '2017-04-16'), phase('a', '2017-04-10', '2017-04-11')],
        }),
      ),
    ).toEqual([['phases.1.startsOn', 'phases_out_of_order']]);
  });

  it('reports a phase key, a target key or an organiser twice', () => {
    const orgId = safeInternet.orgId;
    expect(
      campaignProblems({
        ...safeInternet,
        phases: [phase('a', '2017-04-10', '2017-04-11'), phase('a', '2017-04-12', '2017-04-13')],
        targets: [{ key: 't' }, { key: 't' }],
        organisers: [{ orgId }, { orgId }],
      }).map((p) => [p.path, p.code]),
    ).toEqual([
      ['phases.1.key', 'duplicate_key'],
      ['targets.1.key', 'duplicate_key'],
      ['organisers.1.orgId', 'duplicate_key'],
    ]);
  });
});

describe('CampaignPatch', () => {
  it('takes any field but the owner, null clearing optional ones, and not nothing', () => {
    expect(CampaignPatch.parse({ goal: null, endsOn: '2017-04-22' })).toEqual({
      goal: null,
      endsOn: '2017-04-22',
    });
    expect(issues(CampaignPatch.safeParse({ orgId: safeInternet.orgId }))).toContainEqual([
      '',
      'unrecognized_keys',
    ]);
    expect(issues(CampaignPatch.safeParse({}))).toEqual([['', 'custom']]);
    expect(issues(CampaignPatch.safeParse({ status: 'active' }))).toContainEqual([
      '',
      'unrecognized_keys',
    ]);
  });
});

describe('CampaignListQuery', () => {
  it('takes a status, an organisation and a title prefix beside paging', () => {
    expect(CampaignListQuery.parse({ status: 'active', q: ' Safe ', limit: '10' })).toEqual({
      status: 'active',
      q: 'Safe',
      limit: 10,
    });
    expect(issues(CampaignListQuery.safeParse({ status: 'paused' }))).toEqual([
      ['status', 'invalid_value'],
    ]);
  });
});
