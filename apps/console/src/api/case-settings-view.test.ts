import { describe, expect, it } from 'vitest';
import { routingInput, ruleDrafts, timesOrigin } from './case-settings-view.js';

const ME = '0190d2a4-0000-7000-8000-00000000beef';
const SOMEONE = '0190d2a4-0000-7000-8000-00000000cafe';

describe('settings helpers', () => {
  it('says whether response times are the organisation’s own, inherited or the defaults', () => {
    expect(timesOrigin({ orgId: ME, definedBy: ME })).toBe('own');
    expect(timesOrigin({ orgId: ME, definedBy: SOMEONE })).toBe('inherited');
    expect(timesOrigin({ orgId: ME, definedBy: null })).toBe('defaults');
  });

  it('turns rules into drafts and back, no category chosen meaning all', () => {
    const drafts = ruleDrafts([
      { id: 'r1', scopeOrgId: ME, categories: ['grooming'], targetOrgId: SOMEONE },
      { id: 'r2', scopeOrgId: SOMEONE, categories: null, targetOrgId: SOMEONE },
    ]);
    expect(drafts).toEqual([
      { scopeOrgId: ME, categories: ['grooming'], targetOrgId: SOMEONE },
      { scopeOrgId: SOMEONE, categories: null, targetOrgId: SOMEONE },
    ]);
    expect(routingInput([...drafts, { scopeOrgId: ME, categories: [], targetOrgId: ME }])).toEqual({
      rules: [
        { scopeOrgId: ME, categories: ['grooming'], targetOrgId: SOMEONE },
        { scopeOrgId: SOMEONE, categories: null, targetOrgId: SOMEONE },
        { scopeOrgId: ME, categories: null, targetOrgId: ME },
      ],
    });
  });
});
