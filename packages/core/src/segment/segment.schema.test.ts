import { describe, expect, it } from 'vitest';
import { issues } from '../testing/zod-issues.js';
import { SegmentInput, SegmentQueryInput } from './segment.schema.js';

const ALMATY = '018f2a00-0000-7000-8000-000000000002';

describe('SegmentQueryInput', () => {
  it('accepts an empty query (every contact)', () => {
    expect(SegmentQueryInput.parse({})).toEqual({});
  });

  it('accepts every condition and normalises language codes', () => {
    expect(
      SegmentQueryInput.parse({
        roles: ['parent'],
        underOrgIds: [ALMATY],
        languages: ['KK', 'ru'],
        ageBand: { min: 6, max: 10 },
        reachableOn: ['whatsapp', 'sms'],
      }),
    ).toEqual({
      roles: ['parent'],
      underOrgIds: [ALMATY],
      languages: ['kk', 'ru'],
      ageBand: { min: 6, max: 10 },
      reachableOn: ['whatsapp', 'sms'],
    });
  });

  it('refuses empty lists, which would match nobody', () => {
    for (const key of ['roles', 'underOrgIds', 'languages', 'reachableOn']) {
      expect(issues(SegmentQueryInput.safeParse({ [key]: [] })), key).toEqual([[key, 'too_small']]);
    }
  });

  it('refuses unknown languages, invalid age bands and unknown conditions', () => {
    expect(issues(SegmentQueryInput.safeParse({ languages: ['de'] }))).toEqual([
      ['languages.0', 'unsupported_language'],
    ]);
    expect(issues(SegmentQueryInput.safeParse({ ageBand: { min: 10, max: 6 } }))).toEqual([
      ['ageBand', 'custom'],
    ]);
    expect(issues(SegmentQueryInput.safeParse({ childName: 'x' }))).toEqual([
      ['', 'unrecognized_keys'],
    ]);
  });
});

describe('SegmentInput', () => {
  it('needs an organisation, a name and a query', () => {
    const input = {
      orgId: ALMATY,
      name: 'Almaty parents, children 6–10',
      query: { roles: ['parent'], ageBand: { min: 6, max: 10 } },
    };
    expect(SegmentInput.parse(input)).toEqual(input);
    expect(issues(SegmentInput.safeParse({ ...input, name: ' ' }))).toEqual([
      ['name', 'too_small'],
    ]);
  });
});
