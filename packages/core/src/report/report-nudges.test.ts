import { describe, expect, it } from 'vitest';
import { ReportFormInput } from './report-form.schema.js';
import { nudgeInstants } from './report-nudges.js';
import { ReportNudges } from './report-nudges.schema.js';

const PERIOD = {
  key: 'once',
  startsOn: '2017-04-10',
  endsOn: '2017-04-21',
  dueOn: '2017-04-25',
  locksOn: '2017-04-30',
};

describe('ReportNudges', () => {
  it('defaults the time to 10:00 and the offsets to none; a form has none by default', () => {
    expect(ReportNudges.parse({ channels: ['sms'] })).toEqual({
      before: [],
      after: [],
      time: '10:00',
      channels: ['sms'],
    });
    const form = ReportFormInput.parse({
      orgId: '0190a000-0000-7000-8000-000000000001',
      key: 'f',
      title: { en: 'F' },
      fields: [{ key: 'n', type: 'count', label: { en: 'N' } }],
      schedule: { kind: 'once', startsOn: '2017-04-10', endsOn: '2017-04-21', dueOn: '2017-04-25' },
    });
    expect(form.nudges).toBeNull();
  });

  it('refuses repeated or negative offsets, a bad time and no channel', () => {
    const paths = (input: unknown) =>
      ReportNudges.safeParse(input).error?.issues.map((i) => i.path.join('.'));
    expect(paths({ before: [7, 7], channels: ['sms'] })).toEqual(['before']);
    expect(paths({ after: [-1], channels: ['sms'] })).toEqual(['after.0']);
    expect(paths({ time: '25:00', channels: ['sms'] })).toEqual(['time']);
    expect(paths({ channels: [] })).toEqual(['channels']);
    expect(paths({ channels: ['sms'], every: 'day' })).toEqual(['']);
  });
});

describe('nudgeInstants', () => {
  const nudges = ReportNudges.parse({ before: [7, 1], after: [1], channels: ['sms'] });

  it('places each offset at the time on the organisation’s own wall clock, in order', () => {
    const almaty = nudgeInstants(nudges, PERIOD, 'Asia/Almaty');
    expect(almaty.map((n) => [n.kind, n.days, n.localDate, n.at.toISOString()])).toEqual([
      // Almaty was UTC+6 in 2017.
      ['before', 7, '2017-04-18', '2017-04-18T04:00:00.000Z'],
      ['before', 1, '2017-04-24', '2017-04-24T04:00:00.000Z'],
      ['after', 1, '2017-04-26', '2017-04-26T04:00:00.000Z'],
    ]);
    const hcm = nudgeInstants(nudges, PERIOD, 'Asia/Ho_Chi_Minh');
    expect(hcm[0]?.at.toISOString()).toBe('2017-04-18T03:00:00.000Z');
  });

  it('drops what falls after the lock date, keeps the lock day itself', () => {
    const late = ReportNudges.parse({ after: [5, 6], channels: ['sms'] });
    expect(nudgeInstants(late, PERIOD, 'UTC').map((n) => n.localDate)).toEqual(['2017-04-30']);
    expect(
      nudgeInstants(late, { ...PERIOD, locksOn: null }, 'UTC').map((n) => n.localDate),
    ).toEqual(['2017-04-30', '2017-05-01']);
  });
});
