import { describe, expect, it } from 'vitest';
import { issues } from '../testing/zod-issues.js';
import { ApiKeyInput } from './api-key.schema.js';

const base = { orgId: '018f2a00-0000-7000-8000-000000000001', name: 'School dashboard' };

describe('ApiKeyInput', () => {
  it('accepts a key with scopes', () => {
    expect(ApiKeyInput.parse({ ...base, scopes: ['read', 'send'] })).toEqual({
      ...base,
      scopes: ['read', 'send'],
    });
  });

  it('refuses no scopes, a repeated scope and an unknown scope', () => {
    expect(issues(ApiKeyInput.safeParse({ ...base, scopes: [] }))).toEqual([
      ['scopes', 'too_small'],
    ]);
    expect(issues(ApiKeyInput.safeParse({ ...base, scopes: ['read', 'read'] }))).toEqual([
      ['scopes', 'custom'],
    ]);
    expect(issues(ApiKeyInput.safeParse({ ...base, scopes: ['root'] }))).toEqual([
      ['scopes.0', 'invalid_value'],
    ]);
  });
});
