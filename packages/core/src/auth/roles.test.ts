import { describe, expect, it } from 'vitest';
import { SCOPES } from './api-key.schema.js';
import { ROLE_SCOPES, roleHasScope, scopesOf, USER_ROLES, type UserRole } from './roles.js';

describe('ROLE_SCOPES', () => {
  it('lets a sender send and an editor not', () => {
    expect(scopesOf('sender')).toContain('send');
    expect(scopesOf('editor')).not.toContain('send');
    expect(scopesOf('editor')).toContain('write');
    expect(scopesOf('viewer')).toEqual(['read']);
  });

  it('gives an admin every scope but cases, and only an admin the admin scope', () => {
    expect(new Set(scopesOf('admin'))).toEqual(new Set(SCOPES.filter((s) => s !== 'cases')));
    // Cases are a specialist's: no other role reads reports of harmful content.
    for (const role of USER_ROLES) {
      expect(scopesOf(role).includes('cases'), role).toBe(role === 'specialist');
    }
    for (const role of USER_ROLES) {
      expect(scopesOf(role).includes('admin'), role).toBe(role === 'admin');
    }
  });

  it('lets only an admin and a reviewer approve, and a reviewer do nothing else but read', () => {
    for (const role of USER_ROLES) {
      expect(scopesOf(role).includes('approve'), role).toBe(
        role === 'admin' || role === 'reviewer',
      );
    }
    expect(scopesOf('reviewer')).toEqual(['read', 'approve']);
  });

  it('orders the roles: each may do all the one below it may', () => {
    const ladder = ['viewer', 'editor', 'sender', 'admin'] as const;
    for (let i = 1; i < ladder.length; i += 1) {
      const lower = ROLE_SCOPES[ladder[i - 1] as UserRole];
      const higher = new Set<string>(ROLE_SCOPES[ladder[i] as UserRole]);
      expect(
        lower.every((scope) => higher.has(scope)),
        ladder[i],
      ).toBe(true);
      expect(higher.size).toBeGreaterThan(lower.length);
    }
  });

  it('hands out copies: changing one does not change the mapping', () => {
    scopesOf('viewer').push('admin');
    expect(scopesOf('viewer')).toEqual(['read']);
  });
});

describe('roleHasScope', () => {
  it('answers exactly from ROLE_SCOPES, for every role and scope', () => {
    for (const role of USER_ROLES) {
      for (const scope of SCOPES) {
        expect(roleHasScope(role, scope), `${role} ${scope}`).toBe(scopesOf(role).includes(scope));
      }
    }
    expect(roleHasScope('editor', 'send')).toBe(false);
    expect(roleHasScope('sender', 'send')).toBe(true);
  });
});
