import type { CaseSummary } from '@safenet/sdk';
import { describe, expect, it } from 'vitest';
import { clockTone, deadlineOf, formatRemaining, remaining } from './case-clock.js';
import {
  assigneeLabel,
  caseBoardSearch,
  caseColumns,
  caseOfAlert,
  caseOffer,
} from './case-view.js';

const ME = '0190d2a4-0000-7000-8000-00000000beef';
const SOMEONE = '0190d2a4-0000-7000-8000-00000000cafe';
const T0 = '2026-12-06T10:00:00.000Z';
const at = (iso: string) => Date.parse(iso);

let n = 0;
function summary(patch: Partial<CaseSummary>): CaseSummary {
  n += 1;
  return {
    id: `0190d2a4-0000-7000-8000-${String(n).padStart(12, '0')}`,
    number: `C-2026-${String(n).padStart(6, '0')}`,
    state: 'new',
    severity: 'normal',
    category: 'bullying',
    platform: 'tiktok',
    orgId: '0190d2a4-0000-7000-8000-0000000000a1',
    concernedOrgId: null,
    assigneeId: null,
    reportCount: 1,
    acknowledgeBy: '2026-12-06T10:15:00.000Z',
    resolveBy: '2026-12-07T10:00:00.000Z',
    acknowledgedAt: null,
    closedAt: null,
    rejectReason: null,
    createdAt: T0,
    updatedAt: T0,
    ...patch,
  };
}

const EN_UNITS = { d: 'd', h: 'h', min: 'min', s: 's' } as const;
const words = (deadline: string, now: string) =>
  formatRemaining(remaining(deadline, at(now)), (unit, count) => `${count} ${EN_UNITS[unit]}`);

describe('remaining', () => {
  it('counts down in the two largest units, from the clock passed in', () => {
    expect(words('2026-12-06T10:15:00Z', '2026-12-06T10:00:30Z')).toBe('14 min 30 s');
    expect(words('2026-12-06T10:15:00Z', '2026-12-06T10:14:59.400Z')).toBe('0 s');
    expect(words('2026-12-06T10:15:00Z', '2026-12-06T10:14:20Z')).toBe('40 s');
    expect(words('2026-12-09T14:20:00Z', '2026-12-06T10:00:00Z')).toBe('3 d 4 h');
    expect(words('2026-12-06T13:00:00Z', '2026-12-06T10:00:00Z')).toBe('3 h');
    expect(remaining('2026-12-06T10:15:00Z', at('2026-12-06T10:00:00Z')).overdue).toBe(false);
  });

  it('says how long ago a passed deadline was, marked overdue', () => {
    const past = remaining('2026-12-06T10:15:00Z', at('2026-12-06T11:20:10Z'));
    expect(past.overdue).toBe(true);
    expect(past.parts).toEqual([
      { unit: 'h', n: 1 },
      { unit: 'min', n: 5 },
    ]);
    expect(words('2026-12-06T10:15:00Z', '2026-12-06T11:20:10Z')).toBe('1 h 5 min');
  });

  it('moves with the clock, a second at a time', () => {
    const deadline = '2026-12-06T10:15:00Z';
    const seen = [0, 1, 2].map((s) => words(deadline, new Date(at(T0) + s * 1000).toISOString()));
    expect(seen).toEqual(['15 min', '14 min 59 s', '14 min 58 s']);
  });
});

describe('deadlineOf and clockTone', () => {
  it('runs the triage clock until a case is triaged, then the resolve clock, none once closed', () => {
    expect(deadlineOf(summary({}))).toEqual({
      kind: 'acknowledge',
      at: '2026-12-06T10:15:00.000Z',
    });
    expect(
      deadlineOf(summary({ state: 'triaged', acknowledgedAt: '2026-12-06T10:05:00.000Z' })),
    ).toEqual({ kind: 'resolve', at: '2026-12-07T10:00:00.000Z' });
    expect(deadlineOf(summary({ state: 'resolved' }))).toBeNull();
    expect(deadlineOf(summary({ state: 'rejected' }))).toBeNull();
  });

  it('turns "soon" in the last fifth of the span, "overdue" once past', () => {
    const kase = summary({});
    const deadline = { kind: 'acknowledge' as const, at: kase.acknowledgeBy };
    expect(clockTone(kase, deadline, at('2026-12-06T10:05:00Z'))).toBe('ok');
    expect(clockTone(kase, deadline, at('2026-12-06T10:13:00Z'))).toBe('soon');
    expect(clockTone(kase, deadline, at('2026-12-06T10:15:00Z'))).toBe('overdue');
  });
});

describe('caseColumns', () => {
  it('puts open cases in the open states’ columns, most severe then nearest deadline first', () => {
    const late = summary({ severity: 'high', acknowledgeBy: '2026-12-06T11:00:00.000Z' });
    const soon = summary({ severity: 'high', acknowledgeBy: '2026-12-06T10:30:00.000Z' });
    const critical = summary({ severity: 'critical' });
    const triaged = summary({ state: 'triaged', acknowledgedAt: T0 });
    const referred = summary({ state: 'referred', acknowledgedAt: T0 });
    const columns = caseColumns([late, triaged, soon, referred, critical], 'open');
    expect(columns.map((c) => c.state)).toEqual(['new', 'triaged', 'in_action', 'referred']);
    expect(columns[0]?.cases.map((c) => c.id)).toEqual([critical.id, soon.id, late.id]);
    expect(columns[1]?.cases).toEqual([triaged]);
    expect(columns[2]?.cases).toEqual([]);
    expect(columns[3]?.cases).toEqual([referred]);
  });

  it('shows one column when one state is filtered, closed states included', () => {
    const resolved = summary({ state: 'resolved' });
    const columns = caseColumns([resolved, summary({})], 'resolved');
    expect(columns).toEqual([{ state: 'resolved', cases: [resolved] }]);
  });
});

describe('caseBoardSearch', () => {
  it('keeps known filters and drops anything else', () => {
    expect(caseBoardSearch({})).toEqual({});
    expect(caseBoardSearch({ state: 'rejected', severity: 'critical', assignee: 'me' })).toEqual({
      state: 'rejected',
      severity: 'critical',
      assignee: 'me',
    });
    expect(caseBoardSearch({ state: 'closed', severity: 'urgent', assignee: SOMEONE })).toEqual({});
  });
});

const EVERY_MOVE = ['triage', 'act', 'refer', 'resolve', 'reject', 'reopen'] as const;

describe('caseOffer', () => {
  it('offers the moves the hub allows now, in the order a case moves', () => {
    const offer = caseOffer(
      { allowed: ['view', 'resolve', 'triage', 'reject', 'assign'], assigneeId: null },
      ME,
    );
    expect(offer.moves).toEqual(['triage', 'resolve', 'reject']);
    expect(offer).toMatchObject({ take: true, release: false, referral: false, audit: false });
    expect(caseOffer({ allowed: [...EVERY_MOVE].reverse(), assigneeId: ME }, ME).moves).toEqual([
      ...EVERY_MOVE,
    ]);
  });

  it('offers to take a case that is someone else’s or nobody’s, and to release an assigned one', () => {
    const mine = caseOffer({ allowed: ['assign', 'referral'], assigneeId: ME }, ME);
    expect(mine).toMatchObject({ take: false, release: true, referral: true });
    const theirs = caseOffer({ allowed: ['assign'], assigneeId: SOMEONE }, ME);
    expect(theirs).toMatchObject({ take: true, release: true });
    const notAllowed = caseOffer({ allowed: ['view'], assigneeId: SOMEONE }, ME);
    expect(notAllowed).toEqual({
      moves: [],
      take: false,
      release: false,
      referral: false,
      audit: false,
    });
  });
});

describe('caseOfAlert', () => {
  it('names the case of a case alert, nothing for other subjects', () => {
    expect(caseOfAlert({ subject: { type: 'case', id: ME } })).toBe(ME);
    expect(caseOfAlert({ subject: { type: 'channel', id: 'sms:twilio' } })).toBeNull();
  });
});

describe('assigneeLabel', () => {
  it('says you, nobody, the name of someone the reader sees, or another specialist', () => {
    const names = new Map([[SOMEONE, 'Айгерим Сапарова']]);
    expect(assigneeLabel(null, ME, names)).toEqual({ kind: 'nobody' });
    expect(assigneeLabel(ME, ME, names)).toEqual({ kind: 'you' });
    expect(assigneeLabel(SOMEONE, ME, names)).toEqual({ kind: 'named', name: 'Айгерим Сапарова' });
    expect(assigneeLabel(SOMEONE, ME, new Map())).toEqual({ kind: 'someone' });
  });
});
