import type { Campaign } from '@safenet/sdk';
import { describe, expect, it } from 'vitest';
import { draftOf, emptyDraft, inputOf, newPhaseKey, patchOf } from './campaign-draft.js';

const stored: Campaign = {
  id: '0190d2a4-0000-7000-8000-000000000001',
  orgId: '0190d2a4-0000-7000-8000-000000000002',
  key: 'safe-internet-2017',
  title: { ru: 'Безопасный интернет', en: 'Safe Internet' },
  goal: null,
  description: null,
  startsOn: '2017-04-10',
  endsOn: '2017-04-21',
  timeZone: 'Asia/Almaty',
  status: 'active',
  phases: [{ key: 'main', title: { en: 'Main' }, startsOn: '2017-04-10', endsOn: '2017-04-21' }],
  organisers: [{ orgId: '0190d2a4-0000-7000-8000-000000000002', byAgreement: false }],
  partners: ['NGOs', 'Media'],
  targets: [],
  document: null,
  implementsCampaignId: null,
  createdAt: '2017-04-01T00:00:00Z',
  updatedAt: '2017-04-01T00:00:00Z',
  createdBy: null,
};

describe('a campaign draft', () => {
  it('makes a create input without empty languages, empty optional fields or unchosen organisers', () => {
    const draft = {
      ...emptyDraft('org-1', 'Asia/Ho_Chi_Minh'),
      title: { vi: ' An toàn trên mạng ', ru: '', en: '  ' },
      goal: { en: '' },
      startsOn: '2022-09-01',
      endsOn: '2023-05-31',
      organisers: [
        { orgId: 'org-1', byAgreement: false, row: 0 },
        { orgId: '', byAgreement: true, row: 1 },
      ],
      partners: 'Women’s Union\n\n  Youth Union ',
      documentNumber: '160/KH-UBND',
    };
    expect(inputOf(draft)).toEqual({
      orgId: 'org-1',
      title: { vi: 'An toàn trên mạng' },
      startsOn: '2022-09-01',
      endsOn: '2023-05-31',
      timeZone: 'Asia/Ho_Chi_Minh',
      phases: [],
      organisers: [{ orgId: 'org-1', byAgreement: false }],
      partners: ['Women’s Union', 'Youth Union'],
      document: { number: '160/KH-UBND' },
    });
  });

  it('changes only what the form changed, so a running campaign keeps its start', () => {
    const before = draftOf(stored);
    expect(patchOf(before, draftOf(stored))).toBeNull();
    const after = { ...before, endsOn: '2017-04-28', documentUrl: 'https://example.org/plan' };
    expect(patchOf(before, after)).toEqual({
      endsOn: '2017-04-28',
      document: { url: 'https://example.org/plan' },
    });
    // Clearing the goal sends null, which the API takes as "remove".
    const withGoal = { ...before, goal: { en: 'Safer online' } };
    expect(patchOf(withGoal, before)).toEqual({ goal: null });
  });

  it('keys new phases apart from the existing ones', () => {
    const phase = (key: string) => ({ key, title: {}, startsOn: '', endsOn: '' });
    expect(newPhaseKey([phase('phase-2')])).toBe('phase-3');
    expect(newPhaseKey([phase('phase-1')])).toBe('phase-2');
  });
});
