import * as core from '@safenet/core';
import { describe, expect, it } from 'vitest';
import { ROLE_SCOPES, roleHasScope, USER_ROLES } from './index.js';

describe('the role mapping the SDK exports', () => {
  it('is the one core checks with, not a copy', () => {
    expect(ROLE_SCOPES).toBe(core.ROLE_SCOPES);
    expect(USER_ROLES).toBe(core.USER_ROLES);
    expect(roleHasScope).toBe(core.roleHasScope);
  });

  it('answers what a role may do', () => {
    expect(roleHasScope('viewer', 'read')).toBe(true);
    expect(roleHasScope('viewer', 'write')).toBe(false);
    expect(roleHasScope('editor', 'send')).toBe(false);
    expect(roleHasScope('admin', 'admin')).toBe(true);
  });
});
