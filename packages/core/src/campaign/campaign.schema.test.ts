import { describe, expect, it } from 'vitest';
import { issues } from '../testing/zod-issues.js';
import { CampaignInput } from './campaign.schema.js';

/** Kazakhstan's "Safe Internet" campaign, 10–21 April 2017. */
const safeInternet = {
  orgId: '018f2a00-0000-7000-8000-000000000001',
  title: 'Safe Internet',
  startsOn: '2017-04-10',
  endsOn: '2017-04-21',
  timeZone: 'Asia/Almaty',
};

describe('CampaignInput', () => {
  it('accepts the Safe Internet campaign and defaults organisers to []', () => {
    expect(CampaignInput.parse(safeInternet)).toEqual({ ...safeInternet, organisers: [] });
  });

  it('accepts a one-day campaign', () => {
    expect(CampaignInput.safeParse({ ...safeInternet, endsOn: '2017-04-10' }).success).toBe(true);
  });

  it('refuses endsOn before startsOn, on the endsOn field', () => {
    expect(issues(CampaignInput.safeParse({ ...safeInternet, endsOn: '2017-04-09' }))).toEqual([
      ['endsOn', 'custom'],
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
