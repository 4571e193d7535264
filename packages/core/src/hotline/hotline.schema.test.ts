import { describe, expect, it } from 'vitest';
import { issues } from '../testing/zod-issues.js';
import { HotlineInput, HotlinePatch, SignpostingInput } from './hotline.schema.js';

const orgId = '0190c0de-0000-7000-8000-000000000001';
const base = {
  orgId,
  number: '111',
  name: { vi: 'Tổng đài điện thoại quốc gia bảo vệ trẻ em' },
  purposes: ['child_protection'],
  languages: ['vi'],
  serves: [orgId],
};

describe('HotlineInput', () => {
  it('takes the brief’s numbers as dialled locally', () => {
    expect(HotlineInput.parse(base).number).toBe('111');
    expect(HotlineInput.parse({ ...base, number: ' 02623.951.567 ' }).number).toBe('02623.951.567');
    expect(HotlineInput.parse({ ...base, number: '8-800 080 1234' }).number).toBe('8-800 080 1234');
  });

  it.each([['1'], ['abc'], ['+84 111'], ['02623..951'], ['111.'], ['1'.repeat(21)], ['']])(
    'refuses the number %j with hotline_number_invalid',
    (number) => {
      expect(issues(HotlineInput.safeParse({ ...base, number }))).toEqual([
        ['number', 'hotline_number_invalid'],
      ]);
    },
  );

  it('normalises a valid E.164 number and refuses an invalid one', () => {
    expect(HotlineInput.parse({ ...base, e164: '+84 262 3951 567' }).e164).toBe('+842623951567');
    expect(issues(HotlineInput.safeParse({ ...base, e164: '+84 111' }))).toEqual([
      ['e164', 'hotline_number_invalid'],
    ]);
    expect(issues(HotlineInput.safeParse({ ...base, e164: '02623.951.567' }))).toEqual([
      ['e164', 'hotline_number_invalid'],
    ]);
  });

  it('takes purposes only from the vocabulary, each once', () => {
    expect(issues(HotlineInput.safeParse({ ...base, purposes: ['legal_advice'] }))).toEqual([
      ['purposes.0', 'invalid_value'],
    ]);
    expect(
      issues(
        HotlineInput.safeParse({ ...base, purposes: ['child_protection', 'child_protection'] }),
      ),
    ).toEqual([['purposes', 'custom']]);
    expect(issues(HotlineInput.safeParse({ ...base, serves: [] }))).toEqual([
      ['serves', 'too_small'],
    ]);
  });

  it('lets a patch remove e164 and hours with null', () => {
    expect(HotlinePatch.parse({ e164: null, hours: null })).toEqual({ e164: null, hours: null });
    expect(issues(HotlinePatch.safeParse({ number: 'x' }))).toEqual([
      ['number', 'hotline_number_invalid'],
    ]);
  });
});

describe('SignpostingInput', () => {
  it('is on by default, all purposes', () => {
    expect(SignpostingInput.parse({})).toEqual({ enabled: true });
    expect(SignpostingInput.parse({ enabled: false })).toEqual({ enabled: false });
  });
});
