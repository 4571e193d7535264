import { SafenetError } from '@safenet/core';
import { describe, expect, it } from 'vitest';
import { type AuthContext, requireAuth } from './auth.js';

describe('requireAuth', () => {
  it('answers who is calling on an authenticated request', () => {
    const auth: AuthContext = {
      actor: { kind: 'key', apiKeyId: 'k' },
      orgId: 'o',
      orgPath: ['o'],
      scopes: ['read'],
    };
    expect(requireAuth({ auth })).toBe(auth);
  });

  it('throws unauthenticated when nobody was authenticated', () => {
    expect(() => requireAuth({ auth: null })).toThrow(SafenetError);
    expect(() => requireAuth({ auth: null })).toThrow(
      expect.objectContaining({ code: 'unauthenticated' }),
    );
  });
});
