import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { ApiKeyInput } from './api-key.schema.js';

/**
 * Each issue as [path, code]: the field code from `params.code` for our custom issues
 * (`invalid_phone_number`, `unsupported_language`), zod's own code otherwise.
 */
function issues(result: { success: boolean; error?: z.ZodError }): Array<[string, string]> {
  expect(result.success).toBe(false);
  return (result.error?.issues ?? []).map((issue) => {
    const params = 'params' in issue ? (issue.params as { code?: unknown } | undefined) : undefined;
    const code = typeof params?.code === 'string' ? params.code : issue.code;
    return [issue.path.join('.'), code];
  });
}

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
