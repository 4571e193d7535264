import { describe, expect, it } from 'vitest';
import {
  addDays,
  anchorDates,
  type CampaignCalendar,
  dueDates,
  endOfDay,
  localReading,
  occurrences,
  scheduleZones,
  startOfDay,
  zonedInstant,
} from './calendar.js';
import type { PlanSection, Schedule } from './model.js';

/**
 * Kazakhstan's "Safe Internet" campaign, 10–21 April 2017, as its plan gives it (a file's
 * plan, which the calendar reads as its items' keys and deadlines).
 */
const SAFE_INTERNET = {
  startsOn: '2017-04-10',
  endsOn: '2017-04-21',
  timeZone: 'Asia/Almaty',
  phases: [
    {
      key: 'preparatory',
      title: { en: 'Preparatory' },
      startsOn: '2017-04-10',
      endsOn: '2017-04-10',
    },
    { key: 'main', title: { en: 'Main' }, startsOn: '2017-04-10', endsOn: '2017-04-21' },
    { key: 'results', title: { en: 'Results' }, startsOn: '2017-04-21', endsOn: '2017-04-30' },
  ],
  plan: [
    {
      key: 'results',
      title: { en: 'Results' },
      items: [
        {
          key: '24',
          number: '24.',
          title: { en: 'Regional reports' },
          completionForm: 'info-to-ministry',
          deadline: { kind: 'date', by: '2017-04-25' },
          responsible: [{ org: { code: 'regional-education' } }],
        },
        {
          key: '3',
          number: '3.',
          title: { en: 'School assemblies' },
          completionForm: 'info-to-ministry',
          deadline: { kind: 'window', from: '2017-04-10', to: '2017-04-21' },
          responsible: [{ org: { code: 'regional-education' } }],
        },
        {
          key: '15',
          number: '15.',
          title: { en: 'Recommendations via WhatsApp' },
          completionForm: 'media-publications',
          deadline: { kind: 'ongoing' },
          responsible: [{ org: { code: 'parents-association' }, byAgreement: true }],
        },
        {
          key: 'weekly',
          number: '26.',
          title: { en: 'Weekly summary' },
          completionForm: 'info-to-ministry',
          deadline: { kind: 'recurring', rrule: 'FREQ=WEEKLY;BYDAY=FR' },
          responsible: [{ org: { code: 'regional-education' } }],
        },
      ],
    },
  ],
} satisfies Omit<CampaignCalendar, 'plan'> & { plan: PlanSection[] };

const ALL_TIME = { from: new Date('2000-01-01T00:00:00Z'), to: new Date('2100-01-01T00:00:00Z') };
const iso = (d: Date) => d.toISOString();

describe('zonedInstant', () => {
  it('reads a wall clock in the zone in force that day: Almaty UTC+6 before 1 March 2024, UTC+5 after', () => {
    expect(iso(zonedInstant('2017-04-10', '09:00', 'Asia/Almaty'))).toBe(
      '2017-04-10T03:00:00.000Z',
    );
    expect(iso(zonedInstant('2024-02-26', '09:00', 'Asia/Almaty'))).toBe(
      '2024-02-26T03:00:00.000Z',
    );
    expect(iso(zonedInstant('2024-03-04', '09:00', 'Asia/Almaty'))).toBe(
      '2024-03-04T04:00:00.000Z',
    );
    expect(iso(zonedInstant('2022-09-05', '07:30', 'Asia/Ho_Chi_Minh'))).toBe(
      '2022-09-05T00:30:00.000Z',
    );
  });

  it('moves a skipped time forward by the gap', () => {
    expect(iso(zonedInstant('2021-03-14', '02:30', 'America/New_York'))).toBe(
      '2021-03-14T07:30:00.000Z', // 03:30 EDT
    );
    expect(iso(zonedInstant('2010-03-28', '02:30', 'Europe/Moscow'))).toBe(
      '2010-03-27T23:30:00.000Z', // 03:30 MSD
    );
    // Samoa skipped 30 December 2011 entirely.
    const apia = zonedInstant('2011-12-30', '09:00', 'Pacific/Apia');
    expect(localReading(apia, 'Pacific/Apia')).toEqual({ date: '2011-12-31', time: '09:00' });
  });

  it('takes the first reading of a repeated time', () => {
    expect(iso(zonedInstant('2021-11-07', '01:30', 'America/New_York'))).toBe(
      '2021-11-07T05:30:00.000Z', // 01:30 EDT, not EST
    );
    expect(iso(zonedInstant('2010-10-31', '02:30', 'Europe/Moscow'))).toBe(
      '2010-10-30T22:30:00.000Z', // 02:30 MSD (+4), not MSK (+3)
    );
    // Almaty's clocks went back from 00:00 UTC+6 to 23:00 UTC+5 on 29 February 2024.
    expect(iso(zonedInstant('2024-02-29', '23:30', 'Asia/Almaty'))).toBe(
      '2024-02-29T17:30:00.000Z',
    );
  });

  it('refuses what is not a date, a time or a zone', () => {
    expect(() => zonedInstant('2024-02-30', '09:00', 'UTC')).toThrow(RangeError);
    expect(() => zonedInstant('2024-02-01', '24:00', 'UTC')).toThrow(RangeError);
    expect(() => zonedInstant('2024-02-01', '9:00', 'UTC')).toThrow(RangeError);
    expect(() => zonedInstant('2024-02-01', '09:00', 'Asia/Nowhere')).toThrow(/IANA/);
  });
});

describe('days', () => {
  it('adds days across months, leap days and years', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2017-04-21', -3)).toBe('2017-04-18');
    expect(addDays('2022-12-31', 1)).toBe('2023-01-01');
  });

  it('begins and ends a day in its zone; 29 February 2024 lasted 25 hours in Almaty', () => {
    expect(iso(startOfDay('2024-02-29', 'Asia/Almaty'))).toBe('2024-02-28T18:00:00.000Z');
    expect(iso(endOfDay('2024-02-29', 'Asia/Almaty'))).toBe('2024-02-29T19:00:00.000Z');
    expect(iso(endOfDay('2017-04-21', 'Asia/Ho_Chi_Minh'))).toBe('2017-04-21T17:00:00.000Z');
  });
});

describe('anchors and due dates', () => {
  it('takes the last day of a window, the date, every recurring date and nothing for ongoing', () => {
    const window = { from: SAFE_INTERNET.startsOn, to: SAFE_INTERNET.endsOn };
    expect(dueDates({ kind: 'window', from: '2017-04-10', to: '2017-04-21' }, window)).toEqual([
      '2017-04-21',
    ]);
    expect(dueDates({ kind: 'date', by: '2017-04-30' }, window)).toEqual(['2017-04-30']);
    expect(dueDates({ kind: 'ongoing' }, window)).toEqual([]);
    expect(dueDates({ kind: 'recurring', rrule: 'FREQ=WEEKLY;BYDAY=FR' }, window)).toEqual([
      '2017-04-14',
      '2017-04-21',
    ]);
  });

  it('names the campaign, phase and item days, and refuses unknown phases and items', () => {
    expect(anchorDates({ to: 'campaign.end' }, SAFE_INTERNET)).toEqual(['2017-04-21']);
    expect(anchorDates({ to: 'phase.start', phase: 'results' }, SAFE_INTERNET)).toEqual([
      '2017-04-21',
    ]);
    expect(anchorDates({ to: 'phase.end', phase: 'results' }, SAFE_INTERNET)).toEqual([
      '2017-04-30',
    ]);
    expect(anchorDates({ to: 'item.deadline', item: '24' }, SAFE_INTERNET)).toEqual(['2017-04-25']);
    expect(() => anchorDates({ to: 'phase.start', phase: 'nope' }, SAFE_INTERNET)).toThrow(
      /no phase "nope"/,
    );
    expect(() => anchorDates({ to: 'item.deadline', item: '99' }, SAFE_INTERNET)).toThrow(
      /no item "99"/,
    );
  });
});

describe('occurrences', () => {
  const at = (o: { at: Date }) => iso(o.at);

  it('fires "opening day 09:00" once, keyed by local date, time and zone', () => {
    const opening: Schedule = {
      when: { kind: 'relative', anchor: { to: 'campaign.start' }, days: 0, time: '09:00' },
      zone: 'campaign',
    };
    expect(occurrences(opening, SAFE_INTERNET, 'Asia/Almaty', ALL_TIME)).toEqual([
      {
        key: '2017-04-10T09:00@Asia/Almaty',
        at: new Date('2017-04-10T03:00:00Z'),
        localDate: '2017-04-10',
        localTime: '09:00',
        zone: 'Asia/Almaty',
      },
    ]);
  });

  it('counts days before an anchor: "3 days before the end, 10:00", before an item deadline', () => {
    const beforeEnd: Schedule = {
      when: { kind: 'relative', anchor: { to: 'campaign.end' }, days: -3, time: '10:00' },
      zone: 'campaign',
    };
    expect(occurrences(beforeEnd, SAFE_INTERNET, 'Asia/Almaty', ALL_TIME).map(at)).toEqual([
      '2017-04-18T04:00:00.000Z',
    ]);
    const weekly: Schedule = {
      when: {
        kind: 'relative',
        anchor: { to: 'item.deadline', item: 'weekly' },
        days: -1,
        time: '16:00',
      },
      zone: 'campaign',
    };
    expect(
      occurrences(weekly, SAFE_INTERNET, 'Asia/Almaty', ALL_TIME).map((o) => o.localDate),
    ).toEqual(['2017-04-13', '2017-04-20']);
    const ongoing: Schedule = {
      when: {
        kind: 'relative',
        anchor: { to: 'item.deadline', item: '15' },
        days: 0,
        time: '09:00',
      },
      zone: 'campaign',
    };
    expect(occurrences(ongoing, SAFE_INTERNET, 'Asia/Almaty', ALL_TIME)).toEqual([]);
  });

  it('fires a weekly 09:00 rule at 09:00 local on both sides of Almaty’s change to UTC+5', () => {
    const campaign: CampaignCalendar = {
      startsOn: '2024-02-12',
      endsOn: '2024-03-17',
      timeZone: 'Asia/Almaty',
    };
    const mondays: Schedule = {
      when: { kind: 'recurring', rrule: 'FREQ=WEEKLY;BYDAY=MO', time: '09:00' },
      zone: 'campaign',
    };
    const fired = occurrences(mondays, campaign, 'Asia/Almaty', ALL_TIME);
    expect(fired.map(at)).toEqual([
      '2024-02-12T03:00:00.000Z',
      '2024-02-19T03:00:00.000Z',
      '2024-02-26T03:00:00.000Z',
      '2024-03-04T04:00:00.000Z',
      '2024-03-11T04:00:00.000Z',
    ]);
    for (const o of fired) expect(localReading(o.at, 'Asia/Almaty').time).toBe('09:00');
  });

  it('fires a day skipped whole once, with the next day’s occurrence', () => {
    const samoa: CampaignCalendar = {
      startsOn: '2011-12-29',
      endsOn: '2011-12-31',
      timeZone: 'Pacific/Apia',
    };
    const daily: Schedule = {
      when: { kind: 'recurring', rrule: 'FREQ=DAILY', time: '09:00' },
      zone: 'campaign',
    };
    expect(occurrences(daily, samoa, 'Pacific/Apia', ALL_TIME).map((o) => [o.key, at(o)])).toEqual([
      ['2011-12-29T09:00@Pacific/Apia', '2011-12-29T19:00:00.000Z'],
      ['2011-12-31T09:00@Pacific/Apia', '2011-12-30T19:00:00.000Z'],
    ]);
  });

  it('keeps to the range, from included and to excluded', () => {
    const daily: Schedule = {
      when: { kind: 'recurring', rrule: 'FREQ=DAILY', time: '09:00' },
      zone: 'campaign',
    };
    const range = { from: new Date('2017-04-12T03:00:00Z'), to: new Date('2017-04-14T03:00:00Z') };
    expect(occurrences(daily, SAFE_INTERNET, 'Asia/Almaty', range).map((o) => o.localDate)).toEqual(
      ['2017-04-12', '2017-04-13'],
    );
  });

  it('gives each recipient zone its own occurrence of a recipient-zone rule', () => {
    const opening: Schedule = {
      when: { kind: 'at', date: '2017-04-10', time: '09:00' },
      zone: 'recipient',
    };
    const zones = scheduleZones(opening, SAFE_INTERNET, [
      'Asia/Ho_Chi_Minh',
      'Asia/Almaty',
      'Asia/Almaty',
    ]);
    expect(zones).toEqual(['Asia/Almaty', 'Asia/Ho_Chi_Minh']);
    const fired = zones.flatMap((zone) => occurrences(opening, SAFE_INTERNET, zone, ALL_TIME));
    expect(fired.map((o) => [o.key, at(o)])).toEqual([
      ['2017-04-10T09:00@Asia/Almaty', '2017-04-10T03:00:00.000Z'],
      ['2017-04-10T09:00@Asia/Ho_Chi_Minh', '2017-04-10T02:00:00.000Z'],
    ]);
    expect(
      scheduleZones({ ...opening, zone: 'campaign' }, SAFE_INTERNET, ['Asia/Ho_Chi_Minh']),
    ).toEqual(['Asia/Almaty']);
  });
});
