import type { Scope } from './api-key.schema.js';

// Plain data, no zod: `@safenet/core/roles` serves these to the SDK and the console without
// the schemas (a browser bundle takes this file alone).

/**
 * What a person may do in their organisation's subtree. Each role is a set of API-key
 * scopes (see {@link ROLE_SCOPES}), so a signed-in person and a key are checked the same way.
 * A specialist handles harmful-content cases and reads the rest; nothing else. A reviewer is
 * the second pair of eyes on content and large sends: reads, approves and rejects.
 */
export const USER_ROLES = [
  'admin',
  'editor',
  'sender',
  'viewer',
  'specialist',
  'reviewer',
] as const;

/**
 * The one mapping from roles to scopes: a viewer reads; an editor also writes contacts,
 * segments, recommendations and campaigns; a sender also creates and cancels broadcasts (the
 * `send` scope — an editor cannot send); an admin also manages organisations, API keys,
 * people and invitations, and approves; a specialist reads and handles cases (the `cases`
 * scope), which no other role carries: the organisation's admin reads a case's audit trail,
 * not its reports; a reviewer reads and approves (the `approve` scope, which an admin also
 * carries) — approving never needs the power to write or send.
 */
export const ROLE_SCOPES = {
  viewer: ['read'],
  editor: ['read', 'write'],
  sender: ['read', 'write', 'send'],
  admin: ['read', 'write', 'send', 'admin', 'approve'],
  specialist: ['read', 'cases'],
  reviewer: ['read', 'approve'],
} as const satisfies Record<(typeof USER_ROLES)[number], readonly Scope[]>;

/**
 * True when `role` carries `scope`: what the hub checks for a signed-in person.
 *
 * @example
 * roleHasScope('editor', 'send'); // false
 * roleHasScope('sender', 'send'); // true
 */
export function roleHasScope(role: (typeof USER_ROLES)[number], scope: Scope): boolean {
  return (ROLE_SCOPES[role] as readonly Scope[]).includes(scope);
}
