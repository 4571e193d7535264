import { SafenetError, type UserPatch } from '@safenet/core';
import type { z } from 'zod';
import type { AuthContext } from '../../platform/tenancy/auth.js';
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
 * request. The root organisation keeps an active admin: a change that would take its last
 * one away — demoting, moving or disabling them, themselves included — answers
 * `user_last_admin`. The root's admins are locked while counted, so two admins demoting each
 * other at once cannot both succeed.
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
    const wasRootAdmin =
      target.role === 'admin' && !target.disabled && (await isRoot(deps, target.org_id));
    const staysRootAdmin = role === 'admin' && !disabled && orgId === target.org_id;
    if (wasRootAdmin && !staysRootAdmin) {
      const admins = await lockActiveAdmins(trx, target.org_id);
      // Re-checked under the lock: a concurrent change may have taken the others.
      if (!admins.some((admin) => admin.id !== id)) {
        throw new SafenetError(
          'user_last_admin',
          "This is the root organisation's last active admin: make someone else an admin of the root first",
        );
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
