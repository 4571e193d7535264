import { SafenetError, type UserPatch } from '@safenet/core';
import type { z } from 'zod';
import { type AuthContext, actingUserId } from '../../platform/tenancy/auth.js';
import { findInScope, orgInScope } from '../../platform/tenancy/lookups.js';
import type { PeopleDeps } from './people.deps.js';
import { listUsers, lockActiveAdmins, orgPath, toUser, updateUser } from './people.store.js';

/** One page of the people of the caller's subtree, or of `orgId`'s within it (404 otherwise). */
export async function listUsersInScope(
  deps: PeopleDeps,
  auth: AuthContext,
  query: { orgId?: string | undefined; cursor?: string | undefined; limit: number },
) {
  const orgId = query.orgId ?? auth.orgId;
  if (query.orgId) await orgInScope(deps.db, auth, query.orgId);
  return listUsers(deps.db, orgId, query);
}

/** A person of the caller's subtree; others answer 404 as if they did not exist. */
export async function getUser(deps: PeopleDeps, auth: AuthContext, id: string) {
  return toUser(await findInScope(deps.db, auth, 'users', id));
}

/**
 * Changes a person of the caller's subtree: role, organisation (within the subtree), or
 * disabled. Disabling ends their sessions; a new role or organisation holds from their next
 * request. Two changes answer `user_last_admin`:
 * - one that would take the root organisation's last active admin away — demoting, moving or
 *   disabling them, themselves included: nobody could manage the tree any more;
 * - an admin demoting, moving or disabling themself when no other active admin is left in
 *   their organisation: an admin above could repair it, but an admin does not lock their own
 *   organisation out by a slip. Another admin may still make that change.
 * The organisation's admins are locked while counted, so two admins demoting each other at
 * once cannot both succeed.
 */
export async function patchUser(
  deps: PeopleDeps,
  auth: AuthContext,
  id: string,
  patch: z.output<typeof UserPatch>,
) {
  const { db } = deps;
  return db.transaction().execute(async (trx) => {
    const target = await findInScope(trx, auth, 'users', id);
    if (patch.orgId !== undefined) await orgInScope(trx, auth, patch.orgId);
    const role = patch.role ?? target.role;
    const orgId = patch.orgId ?? target.org_id;
    const disabled = patch.disabled ?? target.disabled;
    const wasAdmin = target.role === 'admin' && !target.disabled;
    const staysAdmin = role === 'admin' && !disabled && orgId === target.org_id;
    if (wasAdmin && !staysAdmin) {
      const root = await isRoot(deps, target.org_id);
      const self = actingUserId(auth) === id;
      if (root || self) {
        const admins = await lockActiveAdmins(trx, target.org_id);
        // Re-checked under the lock: a concurrent change may have taken the others.
        if (!admins.some((admin) => admin.id !== id)) {
          throw new SafenetError(
            'user_last_admin',
            root
              ? "This is the root organisation's last active admin: make someone else an admin of the root first"
              : 'You are the last active admin of your organisation: make someone else an admin there first',
          );
        }
      }
    }
    const row = await updateUser(trx, id, { role, org_id: orgId, disabled });
    if (disabled && !target.disabled) await deps.sessions.endAllOf(trx, id);
    return toUser(row);
  });
}

async function isRoot(deps: PeopleDeps, orgId: string): Promise<boolean> {
  return (await orgPath(deps.db, orgId))?.length === 1;
}
