import type { Hotline } from '@safenet/sdk';
import { describe, expect, it } from 'vitest';
import { draftOfHotline, emptyHotlineDraft, hotlineInput, hotlinePatch } from './hotline-draft.js';

const DAK_LAK = '0190f0a0-0000-7000-8000-000000000001';
const LINE: Hotline = {
  id: '0190f0a0-0000-7000-8000-0000000000aa',
  orgId: DAK_LAK,
  number: '02623.951.567',
  e164: '+842623951567',
  name: { vi: 'Đường dây nóng tỉnh Đắk Lắk', en: 'Đắk Lắk provincial hotline' },
  purposes: ['child_protection'],
  languages: ['vi'],
  hours: '24/7',
  serves: [DAK_LAK],
  createdAt: '2026-12-06T10:00:00.000Z',
  updatedAt: '2026-12-06T10:00:00.000Z',
};

describe('hotline drafts', () => {
  it('starts a new line kept by and serving the chosen organisation', () => {
    expect(emptyHotlineDraft(DAK_LAK)).toMatchObject({ orgId: DAK_LAK, serves: [DAK_LAK] });
  });

  it('sends a new line without the optional fields left empty, and only the names written', () => {
    const draft = {
      ...emptyHotlineDraft(DAK_LAK),
      number: '111',
      e164: '  ',
      name: { vi: ' Tổng đài 111 ', en: '', ru: '   ' },
      purposes: ['child_protection' as const],
      languages: ['vi' as const],
    };
    expect(hotlineInput(draft)).toEqual({
      orgId: DAK_LAK,
      number: '111',
      name: { vi: 'Tổng đài 111' },
      purposes: ['child_protection'],
      languages: ['vi'],
      serves: [DAK_LAK],
    });
  });

  it('edits a line back to what it was, and removes an emptied E.164 or hours', () => {
    const draft = draftOfHotline(LINE);
    const { id: _id, orgId: _org, createdAt: _c, updatedAt: _u, ...fields } = LINE;
    expect(hotlinePatch(draft)).toEqual(fields);
    expect(hotlinePatch({ ...draft, e164: '', hours: ' ' })).toMatchObject({
      e164: null,
      hours: null,
    });
  });

  it('leaves the hub to judge the number as typed', () => {
    const draft = { ...draftOfHotline(LINE), number: '+7 abc' };
    expect(hotlinePatch(draft).number).toBe('+7 abc');
  });
});
