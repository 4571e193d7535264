import { describe, expect, it } from 'vitest';
import { issues } from '../testing/zod-issues.js';
import {
  Anchor,
  Announcement,
  Deadline,
  Key,
  LocalTime,
  OrgRef,
  PlanItem,
  Reminder,
  Responsible,
  When,
} from './shapes.schema.js';

describe('Key and LocalTime', () => {
  it('takes the keys programme documents number items with, and refuses others', () => {
    for (const key of ['1', '12a', 'item-7', 'v2.1_b']) expect(Key.parse(key)).toBe(key);
    for (const key of ['', 'Main', '-x', 'a b', 'x'.repeat(65)]) {
      expect(Key.safeParse(key).success, key).toBe(false);
    }
  });

  it('takes HH:mm on the 24-hour clock only', () => {
    expect(LocalTime.parse('09:00')).toBe('09:00');
    expect(LocalTime.parse('23:59')).toBe('23:59');
    for (const time of ['9:00', '24:00', '12:60', '09:00:00', '9am']) {
      expect(issues(LocalTime.safeParse(time))).toEqual([['', 'invalid_format']]);
    }
  });
});

describe('Deadline', () => {
  it('has the four forms programme documents use', () => {
    expect(Deadline.parse({ kind: 'window', from: '2017-04-10', to: '2017-04-21' })).toEqual({
      kind: 'window',
      from: '2017-04-10',
      to: '2017-04-21',
    });
    expect(Deadline.parse({ kind: 'date', by: '2017-04-30' }).kind).toBe('date');
    expect(Deadline.parse({ kind: 'ongoing' }).kind).toBe('ongoing');
    expect(Deadline.parse({ kind: 'recurring', rrule: 'FREQ=MONTHLY;BYMONTHDAY=25' }).kind).toBe(
      'recurring',
    );
  });

  it('says which kinds exist when the kind is wrong, and refuses fields of another kind', () => {
    const wrong = Deadline.safeParse({ kind: 'weekly' });
    expect(issues(wrong)).toEqual([['kind', 'invalid_union']]);
    expect(wrong.error?.issues[0]?.message).toContain('window, date, ongoing, recurring');
    expect(
      issues(Deadline.safeParse({ kind: 'date', by: '2017-04-30', to: '2017-04-30' })),
    ).toEqual([['', 'unrecognized_keys']]);
    expect(issues(Deadline.safeParse({ kind: 'date', by: '2017-02-30' }))).toEqual([
      ['by', 'invalid_format'],
    ]);
  });
});

describe('OrgRef and Responsible', () => {
  it('names an organisation by id, code or path, one at a time', () => {
    expect(OrgRef.parse({ code: 'KZ-ALM' })).toEqual({ code: 'KZ-ALM' });
    expect(OrgRef.parse({ path: [] })).toEqual({ path: [] });
    expect(OrgRef.safeParse({ code: 'KZ-ALM', path: ['Almaty'] }).success).toBe(false);
    expect(OrgRef.safeParse({ id: 'not-a-uuid' }).success).toBe(false);
  });

  it('has the assignment rule "every school under" and "by agreement"', () => {
    expect(Responsible.parse({ allOf: 'school', under: { path: ['Gia Lâm'] } })).toEqual({
      allOf: 'school',
      under: { path: ['Gia Lâm'] },
    });
    expect(
      Responsible.parse({ org: { path: ['Parents’ association'] }, byAgreement: true }),
    ).toMatchObject({ byAgreement: true });
    expect(Responsible.safeParse({ allOf: 'class', under: { path: [] } }).success).toBe(false);
  });
});

describe('PlanItem', () => {
  const item = {
    key: '15',
    number: '15.',
    title: { ru: 'Рекомендации через WhatsApp', en: 'Recommendations via WhatsApp' },
    completionForm: 'info-to-ministry',
    deadline: { kind: 'window', from: '2017-04-10', to: '2017-04-21' },
    responsible: [{ org: { path: ['Parents’ association'] }, byAgreement: true }],
  };

  it('takes an item of the 2017 plan', () => {
    expect(PlanItem.parse(item)).toEqual(item);
  });

  it('needs at least one responsible executor and refuses a misspelt field', () => {
    expect(issues(PlanItem.safeParse({ ...item, responsible: [] }))).toEqual([
      ['responsible', 'too_small'],
    ]);
    const { deadline, ...withoutDeadline } = item;
    expect(issues(PlanItem.safeParse({ ...withoutDeadline, deadlne: deadline }))).toEqual([
      ['deadline', 'invalid_type'],
      ['', 'unrecognized_keys'],
    ]);
  });
});

describe('Anchor and When', () => {
  it('anchors to the campaign, a phase or an item’s deadline', () => {
    expect(Anchor.parse({ to: 'campaign.end' })).toEqual({ to: 'campaign.end' });
    expect(Anchor.parse({ to: 'phase.start', phase: 'main' })).toMatchObject({ phase: 'main' });
    expect(Anchor.parse({ to: 'item.deadline', item: '25' })).toMatchObject({ item: '25' });
    expect(Anchor.safeParse({ to: 'phase.start' }).success).toBe(false);
    expect(Anchor.safeParse({ to: 'campaign.start', phase: 'main' }).success).toBe(false);
  });

  it('goes out at a date, relative to an anchor, or on a recurrence, at a wall-clock time', () => {
    expect(When.parse({ kind: 'at', date: '2017-04-10', time: '09:00' }).kind).toBe('at');
    expect(
      When.parse({ kind: 'relative', anchor: { to: 'campaign.end' }, days: -3, time: '10:00' }),
    ).toMatchObject({ days: -3 });
    expect(
      When.safeParse({ kind: 'relative', anchor: { to: 'campaign.end' }, days: 1.5, time: '10:00' })
        .success,
    ).toBe(false);
    expect(
      When.parse({ kind: 'recurring', rrule: 'FREQ=WEEKLY;BYDAY=MO', time: '09:00' }).kind,
    ).toBe('recurring');
  });
});

describe('Announcement and Reminder', () => {
  const announcement = {
    key: 'opening',
    content: { text: { ru: 'Открытие кампании' } },
    channels: ['whatsapp', 'sms'],
    schedule: { zone: 'recipient', when: { kind: 'at', date: '2017-04-10', time: '09:00' } },
  };

  it('takes a broadcast with its schedule; channels once each and known roles only', () => {
    expect(Announcement.parse(announcement)).toEqual(announcement);
    expect(issues(Announcement.safeParse({ ...announcement, channels: ['sms', 'sms'] }))).toEqual([
      ['channels', 'duplicate_channel'],
    ]);
    expect(issues(Announcement.safeParse({ ...announcement, channels: [] }))).toEqual([
      ['channels', 'too_small'],
    ]);
    expect(
      Announcement.safeParse({ ...announcement, segment: { roles: ['grandparent'] } }).success,
    ).toBe(false);
    expect(
      Announcement.safeParse({
        ...announcement,
        schedule: { ...announcement.schedule, zone: 'UTC' },
      }).success,
    ).toBe(false);
  });

  it('reminds N days before and on the day, each day once', () => {
    const reminder = {
      key: 'deadlines',
      items: 'all',
      daysBefore: [3, 0],
      time: '10:00',
      channels: ['email'],
    };
    expect(Reminder.parse(reminder)).toEqual(reminder);
    expect(Reminder.parse({ ...reminder, items: ['1', '12a'] }).items).toEqual(['1', '12a']);
    expect(issues(Reminder.safeParse({ ...reminder, daysBefore: [3, 3] }))).toEqual([
      ['daysBefore', 'duplicate_day'],
    ]);
    expect(issues(Reminder.safeParse({ ...reminder, daysBefore: [-1] }))).toEqual([
      ['daysBefore.0', 'too_small'],
    ]);
  });
});
