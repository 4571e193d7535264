import type { CampaignLineage, InheritedPlanItem, LineageCampaign } from '@safenet/sdk';
import { describe, expect, it } from 'vitest';
import { adoptedBy, inheritedGroups, percentDone, programmeFileName } from './lineage-view.js';

const PROVINCE = '0190d2a4-0000-7000-8000-0000000000c1';
const REGION = '0190d2a4-0000-7000-8000-0000000000c2';
const DISTRICT_PLAN = '0190d2a4-0000-7000-8000-0000000000c3';
const SCHOOL_PLAN = '0190d2a4-0000-7000-8000-0000000000c4';
const DISTRICT = '0190d2a4-0000-7000-8000-0000000000a1';
const SCHOOL = '0190d2a4-0000-7000-8000-0000000000a2';
const OTHER_DISTRICT = '0190d2a4-0000-7000-8000-0000000000a3';

const campaign = (id: string, ownerId: string): LineageCampaign => ({
  id,
  key: null,
  title: { en: id },
  owner: { id: ownerId, name: ownerId },
  status: 'draft',
  progress: { done: 0, total: 0 },
});

const item = (campaignId: string, key: string): InheritedPlanItem => ({
  campaign: { id: campaignId, key: null, title: { en: campaignId } },
  key,
  number: `${key}.`,
  title: { en: `Item ${key}` },
  completionForm: 'info-to-ministry',
  deadline: { kind: 'ongoing' },
  phase: null,
  assignments: [],
});

describe('inheritedGroups', () => {
  it('groups items by their campaign, nearest first, each in its plan’s order', () => {
    const groups = inheritedGroups([
      item(REGION, '2'),
      item(REGION, '1'),
      item(PROVINCE, '7'),
      item(PROVINCE, '3'),
    ]);
    expect(groups.map((g) => [g.campaign.id, g.items.map((i) => i.key)])).toEqual([
      [REGION, ['2', '1']],
      [PROVINCE, ['7', '3']],
    ]);
  });

  it('is empty for a plan that inherits nothing', () => {
    expect(inheritedGroups([])).toEqual([]);
  });
});

describe('adoptedBy', () => {
  const lineage: CampaignLineage = {
    campaign: campaign(REGION, 'region'),
    ancestors: [],
    descendants: [
      { ...campaign(DISTRICT_PLAN, DISTRICT), implementsCampaignId: REGION, depth: 1 },
      { ...campaign(SCHOOL_PLAN, SCHOOL), implementsCampaignId: DISTRICT_PLAN, depth: 2 },
    ],
  };

  it('finds the plan with which an organisation carries the campaign out', () => {
    expect(adoptedBy(lineage, DISTRICT)?.id).toBe(DISTRICT_PLAN);
    expect(adoptedBy(lineage, OTHER_DISTRICT)).toBeUndefined();
  });

  it('does not count a plan carrying out a plan beneath (a school’s carries out its district’s)', () => {
    expect(adoptedBy(lineage, SCHOOL)).toBeUndefined();
  });
});

describe('percentDone', () => {
  it('rounds to whole percent and is 0 for a plan with no pairs', () => {
    expect(percentDone({ done: 12, total: 40 })).toBe(30);
    expect(percentDone({ done: 1, total: 3 })).toBe(33);
    expect(percentDone({ done: 0, total: 0 })).toBe(0);
  });
});

describe('programmeFileName', () => {
  it('names the file by the key, else the id', () => {
    expect(programmeFileName({ id: REGION, key: 'gia-lam-2022' })).toBe('gia-lam-2022.yaml');
    expect(programmeFileName({ id: REGION, key: null })).toBe(`${REGION}.yaml`);
  });
});
