import { z } from 'zod';
import type { Scope } from './api-key.schema.js';
import { ROLE_SCOPES, USER_ROLES } from './role-scopes.js';

export { ROLE_SCOPES, roleHasScope, USER_ROLES } from './role-scopes.js';

/** A person's role: `admin`, `editor`, `sender`, `viewer`, `specialist` or `reviewer` (see {@link ROLE_SCOPES}). */
export const UserRole = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof UserRole>;

/**
 * The scopes of `role`, as a new array.
 *
 * @example
 * scopesOf('sender'); // ['read', 'write', 'send']
 */
export function scopesOf(role: UserRole): Scope[] {
  return [...ROLE_SCOPES[role]];
}
