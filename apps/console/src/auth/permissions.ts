import type { UserRole } from '../api/people.js';

/**
 * What the console shows to each role. It mirrors core's `ROLE_SCOPES` (viewer: read;
 * editor: + write; sender: + write, send; admin: everything); the hub refuses anyway, so
 * this only hides what a person cannot do.
 */
const SCOPES_OF = {
  viewer: ['read'],
  editor: ['read', 'write'],
  sender: ['read', 'write', 'send'],
  admin: ['read', 'write', 'send', 'admin'],
} as const satisfies Record<UserRole, readonly string[]>;

/** An API-key scope. */
export type Permission = 'read' | 'write' | 'send' | 'admin';

/** True when `role` carries `permission`. */
export function can(role: UserRole, permission: Permission): boolean {
  return (SCOPES_OF[role] as readonly string[]).includes(permission);
}
