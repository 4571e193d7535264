import type { CalendarOccurrence } from '@safenet/sdk';
import { describe, expect, it } from 'vitest';
import { splitOccurrences } from './calendar-view.js';

const occurrence = (at: string, state: CalendarOccurrence['state']): CalendarOccurrence => ({
  announcementId: '0190d2a4-0000-7000-8000-000000000001',
  announcementKey: 'opening',
  version: 1,
  key: `${at}@Asia/Almaty`,
  at,
  zone: 'Asia/Almaty',
  state,
  broadcastId: null,
});

describe('a calendar split at now', () => {
  it('puts what is due from now on first in time order, and what is gone latest first', () => {
    const now = new Date('2017-04-15T00:00:00Z');
    const { upcoming, past } = splitOccurrences(
      [
        occurrence('2017-04-20T03:00:00Z', 'scheduled'),
        occurrence('2017-04-10T03:00:00Z', 'fired'),
        occurrence('2017-04-15T00:00:00Z', 'scheduled'),
        occurrence('2017-04-12T03:00:00Z', 'missed'),
      ],
      now,
    );
    expect(upcoming.map((o) => o.at)).toEqual(['2017-04-15T00:00:00Z', '2017-04-20T03:00:00Z']);
    expect(past.map((o) => [o.at, o.state])).toEqual([
      ['2017-04-12T03:00:00Z', 'missed'],
      ['2017-04-10T03:00:00Z', 'fired'],
    ]);
  });
});
