import { SafenetError } from '@safenet/core';
import { sql } from 'kysely';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type { Db } from '../database.js';

/**
 * Revokes the key `id` of the caller's subtree, unless that would lock people out: a key
 * cannot revoke itself (`api_key_self_revoke`), and the root organisation keeps at least one
 * active admin key (`api_key_last_admin`) — without one nobody could create organisations or
 * keys for the whole tree again.
 *
 * The root's active admin keys are locked (`FOR UPDATE`) before they are counted, so two
 * admins revoking each other's keys at once cannot both succeed: the second waits for the
 * first, then counts what is left.
 */
export async function revokeApiKey(db: Db, auth: AuthContext, id: string): Promise<void> {
  if (id === auth.apiKeyId) {
    throw new SafenetError(
      'api_key_self_revoke',
      'A key cannot revoke itself: revoke it with another admin key (create one first with POST /v1/api-keys if needed)',
    );
  }
  await db.transaction().execute(async (trx) => {
    const target = await trx
      .selectFrom('api_keys')
      .innerJoin('organisations', 'organisations.id', 'api_keys.org_id')
      .select([
        'api_keys.org_id',
        'api_keys.scopes',
        'api_keys.revoked_at',
        'organisations.parent_id',
      ])
      .where('api_keys.id', '=', id)
      .where(inSubtree('api_keys.org_id', auth.orgId))
      .executeTakeFirst();
    if (!target) throw notFound('API key', id);
    if (target.revoked_at) return; // revoking twice changes nothing
    if (target.parent_id === null && target.scopes.includes('admin')) {
      const rootAdmins = await trx
        .selectFrom('api_keys')
        .select('id')
        .where('org_id', '=', target.org_id)
        .where('revoked_at', 'is', null)
        .where(sql<boolean>`'admin' = any(scopes)`)
        .forUpdate()
        .execute();
      // Re-checked under the lock: a concurrent revocation may have taken the others.
      const others = rootAdmins.filter((row) => row.id !== id);
      const stillActive = rootAdmins.length > others.length;
      if (stillActive && others.length === 0) {
        throw new SafenetError(
          'api_key_last_admin',
          "This is the root organisation's last active admin key: create another admin key for the root (POST /v1/api-keys), then revoke this one",
        );
      }
      if (!stillActive) return; // revoked meanwhile by someone else
    }
    await trx
      .updateTable('api_keys')
      .set({ revoked_at: new Date() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .execute();
  });
}
