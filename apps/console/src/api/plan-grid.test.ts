import type { Plan, PlanGrid } from '@safenet/sdk';
import { describe, expect, it } from 'vitest';
import { cellOf, type GridRow, gridConcerns, gridSections, withAssignment } from './plan-grid.js';

const CAMPAIGN = '0190d2a4-0000-7000-8000-0000000000c1';
const OTHER = '0190d2a4-0000-7000-8000-0000000000c2';
const SCHOOL = '0190d2a4-0000-7000-8000-0000000000a1';
const counts = { planned: 1, in_progress: 0, done: 0, overdue: 0 };
const own = { id: CAMPAIGN, key: 'safe-internet-2017', orgId: SCHOOL };
const implementing = { id: OTHER, key: 'school-plan', orgId: SCHOOL };

const plan: Plan = {
  campaignId: CAMPAIGN,
  sections: [
    {
      key: 'schools',
      title: { en: 'Schools', ru: 'Школы' },
      items: [
        {
          key: '1',
          number: '1.',
          title: { en: 'Class hours' },
          completionForm: 'info-to-ministry',
          deadline: { kind: 'date', by: '2017-04-21' },
          phase: null,
          responsible: [],
          assignmentCount: 1,
        },
      ],
    },
  ],
  inherited: [],
};

const cell = (itemKey: string, extra: object = {}) => ({
  campaignId: CAMPAIGN,
  itemKey,
  status: 'overdue' as const,
  overdueFor: '2017-04-21',
  byAgreement: false,
  updatedAt: null,
  ...extra,
});

const grid = (): PlanGrid => ({
  campaignId: CAMPAIGN,
  items: [
    { campaign: own, key: '1', number: '1.', sectionKey: 'schools', counts },
    { campaign: own, key: '2', number: '2.', sectionKey: 'media', counts },
    // A row of an implementing campaign: the same item key, in its own section.
    { campaign: implementing, key: '1', number: '1.', sectionKey: 'schools', counts },
  ],
  totals: counts,
  organisations: [
    {
      orgId: SCHOOL,
      name: 'School No. 1',
      kind: 'school',
      timeZone: 'Asia/Almaty',
      counts,
      cells: [cell('1'), cell('1', { campaignId: OTHER, status: 'planned', overdueFor: null })],
    },
  ],
  nextCursor: null,
});

describe('the plan grid as the console reads it', () => {
  it('groups items by section, titled from the plan, an implementing campaign’s apart', () => {
    const titles = new Map([[OTHER, { en: 'School plan', ru: 'План школы' }]]);
    const sections = gridSections(grid(), plan, titles);
    expect(sections.map((s) => [s.key, s.title, s.rows.map((r) => r.number)])).toEqual([
      ['schools', { en: 'Schools', ru: 'Школы' }, ['1.']],
      ['media', { en: 'media' }, ['2.']],
      [`${OTHER}/schools`, { en: 'School plan — schools', ru: 'План школы — schools' }, ['1.']],
    ]);
    expect(sections[0]?.rows[0]?.title).toEqual({ en: 'Class hours' });
    expect(sections[0]?.rows[0]?.campaign).toBeNull();
    expect(sections[2]?.rows[0]?.campaign).toEqual({
      id: OTHER,
      key: 'school-plan',
      title: { en: 'School plan', ru: 'План школы' },
    });
    // Before the lineage is read, the campaign's key names its section.
    expect(gridSections(grid(), plan)[2]?.title).toEqual({ en: 'school-plan — schools' });
  });

  it('finds each row’s own cell when two campaigns share an item key', () => {
    const [ownSection, , implementingSection] = gridSections(grid(), plan);
    const ownRow = ownSection?.rows[0] as GridRow;
    const implementingRow = implementingSection?.rows[0] as GridRow;
    const cells = grid().organisations[0]?.cells ?? [];
    expect(cellOf(cells, ownRow, CAMPAIGN)?.status).toBe('overdue');
    expect(cellOf(cells, implementingRow, CAMPAIGN)?.status).toBe('planned');
    expect(cellOf(cells, { ...ownRow, key: '9' }, CAMPAIGN)).toBeUndefined();
  });

  it('takes a live status into the one cell it concerns, clearing overdue', () => {
    const before = grid();
    const after = withAssignment(before, {
      campaignId: CAMPAIGN,
      itemKey: '1',
      orgId: SCHOOL,
      status: 'done',
      recordedStatus: 'done',
      previousStatus: 'planned',
      updatedBy: 'user:x',
    });
    const cells = after.organisations[0]?.cells;
    expect(cells?.[0]).toMatchObject({ status: 'done', overdueFor: null });
    expect(cells?.[1]).toBe(before.organisations[0]?.cells[1]);
    // Another campaign's pair, or an organisation not on the page: the same grid.
    const elsewhere = { ...before };
    expect(
      withAssignment(elsewhere, {
        campaignId: '0190d2a4-0000-7000-8000-0000000000ff',
        itemKey: '1',
        orgId: SCHOOL,
        status: 'done',
        recordedStatus: 'done',
        previousStatus: 'planned',
        updatedBy: 'user:x',
      }),
    ).toBe(elsewhere);
  });

  it('concerns its own campaign and those whose rows it carries, no other', () => {
    expect(gridConcerns(grid(), CAMPAIGN)).toBe(true);
    expect(gridConcerns(grid(), OTHER)).toBe(true);
    expect(gridConcerns(grid(), '0190d2a4-0000-7000-8000-0000000000ff')).toBe(false);
  });
});
