import { z } from 'zod';
import type { Scope } from './api-key.schema.js';

/**
 * What a person may do in their organisation's subtree. Each role is a set of API-key
 * scopes (see {@link ROLE_SCOPES}), so a signed-in person and a key are checked the same way.
 * Specialists (who handle harmful-content reports) come with the cases issue.
 */
export const USER_ROLES = ['admin', 'editor', 'sender', 'viewer'] as const;
export const UserRole = z.enum(USER_ROLES);
export type UserRole = z.infer<typeof UserRole>;

/**
 * The one mapping from roles to scopes: a viewer reads; an editor also writes contacts,
 * segments, recommendations and campaigns; a sender also creates and cancels broadcasts (the
 * `send` scope — an editor cannot send); an admin also manages organisations, API keys,
 * people and invitations.
 */
export const ROLE_SCOPES = {
  viewer: ['read'],
  editor: ['read', 'write'],
  sender: ['read', 'write', 'send'],
  admin: ['read', 'write', 'send', 'admin'],
} as const satisfies Record<UserRole, readonly Scope[]>;

/**
 * The scopes of `role`, as a new array.
 *
 * @example
 * scopesOf('sender'); // ['read', 'write', 'send']
 */
export function scopesOf(role: UserRole): Scope[] {
  return [...ROLE_SCOPES[role]];
}
