import { describe, expect, it } from 'vitest';
import {
  assigneesInput,
  type DraftField,
  draftAssignees,
  draftInput,
  emptyField,
  type FormDraft,
} from './report-form-draft.js';

const MINISTRY = '0190d2a4-0000-7000-8000-0000000000a0';
const SCHOOL = '0190d2a4-0000-7000-8000-0000000000a3';

describe('the form builder', () => {
  it('sends what was typed, empty languages left out, a choice’s options and a group’s columns', () => {
    const media: DraftField = {
      ...emptyField('group'),
      key: 'media_coverage',
      label: { ru: 'Освещение в СМИ', en: ' Media coverage ', kk: '' },
      columns: [
        { ...emptyField('text'), key: 'outlet', label: { ru: 'Наименование СМИ' }, required: true },
        { ...emptyField('date'), key: 'date', label: { ru: 'Дата размещения' } },
      ],
    };
    const draft: FormDraft = {
      key: ' safe-internet-2017-results ',
      title: { ru: 'Итоги кампании', en: '' },
      fields: [
        { ...emptyField('count'), key: 'assemblies', label: { ru: 'Линейки' }, required: true },
        {
          ...emptyField('choice'),
          key: 'format',
          label: { en: 'Format' },
          options: [
            { key: 'online', label: { en: 'Online' } },
            { key: 'offline', label: { en: 'In person', vi: '' } },
          ],
        },
        media,
      ],
      schedule: {
        kind: 'once',
        startsOn: '2017-04-10',
        endsOn: '2017-04-21',
        dueOn: '2017-04-25',
        locksOn: '',
      },
    };
    expect(draftInput(draft)).toEqual({
      key: 'safe-internet-2017-results',
      title: { ru: 'Итоги кампании' },
      fields: [
        { key: 'assemblies', type: 'count', label: { ru: 'Линейки' }, required: true },
        {
          key: 'format',
          type: 'choice',
          label: { en: 'Format' },
          required: false,
          options: [
            { key: 'online', label: { en: 'Online' } },
            { key: 'offline', label: { en: 'In person' } },
          ],
        },
        {
          key: 'media_coverage',
          type: 'group',
          label: { ru: 'Освещение в СМИ', en: 'Media coverage' },
          required: false,
          fields: [
            { key: 'outlet', type: 'text', label: { ru: 'Наименование СМИ' }, required: true },
            { key: 'date', type: 'date', label: { ru: 'Дата размещения' }, required: false },
          ],
        },
      ],
      // No lock date typed: the period never locks.
      schedule: { kind: 'once', startsOn: '2017-04-10', endsOn: '2017-04-21', dueOn: '2017-04-25' },
    });
  });

  it('sends a recurring schedule, without a lock when none is set', () => {
    const draft: FormDraft = {
      key: 'k',
      title: { vi: 'Báo cáo' },
      fields: [],
      schedule: {
        kind: 'recurring',
        every: 'schoolYear',
        from: '2022-09-05',
        dueAfterDays: 15,
        lockAfterDays: null,
      },
    };
    expect(draftInput(draft).schedule).toEqual({
      kind: 'recurring',
      every: 'schoolYear',
      from: '2022-09-05',
      dueAfterDays: 15,
    });
    expect(
      draftInput({
        ...draft,
        schedule: { ...draft.schedule, lockAfterDays: 45 } as FormDraft['schedule'],
      }).schedule,
    ).toMatchObject({ lockAfterDays: 45 });
  });

  it('turns assignees both ways: listed organisations and every kind beneath one', () => {
    const hub = [{ orgId: SCHOOL }, { allOf: 'province' as const, under: MINISTRY }];
    const drafted = draftAssignees(hub);
    expect(drafted).toEqual([
      { rule: 'org', orgId: SCHOOL },
      { rule: 'allOf', kind: 'province', under: MINISTRY },
    ]);
    expect(assigneesInput(drafted)).toEqual(hub);
  });
});
