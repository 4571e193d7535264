import { describe, expect, it } from 'vitest';
import { SCOPES } from './api-key.schema.js';
import { ROLE_SCOPES, scopesOf, USER_ROLES } from './roles.js';

describe('ROLE_SCOPES', () => {
  it('lets a sender send and an editor not', () => {
    expect(scopesOf('sender')).toContain('send');
    expect(scopesOf('editor')).not.toContain('send');
    expect(scopesOf('editor')).toContain('write');
    expect(scopesOf('viewer')).toEqual(['read']);
  });

  it('gives an admin every scope, and only an admin the admin scope', () => {
    expect(new Set(scopesOf('admin'))).toEqual(new Set(SCOPES));
    for (const role of USER_ROLES) {
      expect(scopesOf(role).includes('admin'), role).toBe(role === 'admin');
    }
  });

  it('orders the roles: each may do all the one below it may', () => {
    const ladder = ['viewer', 'editor', 'sender', 'admin'] as const;
    for (const [lower, higher] of ladder.slice(1).map((r, i) => [ladder[i], r] as const)) {
      const above = new Set<string>(ROLE_SCOPES[higher]);
      expect(
        ROLE_SCOPES[lower].every((scope) => above.has(scope)),
        `${lower} ⊂ ${higher}`,
      ).toBe(true);
    }
  });

  it('hands out copies: changing one does not change the mapping', () => {
    scopesOf('viewer').push('admin');
    expect(scopesOf('viewer')).toEqual(['read']);
  });
});
