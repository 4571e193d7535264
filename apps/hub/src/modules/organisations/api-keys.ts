import { createHash, randomBytes } from 'node:crypto';
import { SafenetError, type Scope } from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import type { Executor } from '../database.js';

/** A new secret: `sn_` and 32 random bytes, URL-safe. Only its SHA-256 is stored. */
export function generateSecret(): string {
  return `sn_${randomBytes(32).toString('base64url')}`;
}

/**
 * API keys are long random secrets, so a fast hash is enough: there is nothing to brute-force
 * that a slow hash would protect.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Stores a key for `orgId` and returns its id. */
export async function insertApiKey(
  db: Executor,
  input: { orgId: string; name: string; scopes: Scope[]; secret: string },
) {
  return db
    .insertInto('api_keys')
    .values({
      id: uuidv7(),
      org_id: input.orgId,
      name: input.name,
      scopes: input.scopes,
      prefix: input.secret.slice(0, 10),
      secret_hash: hashSecret(input.secret),
      created_at: new Date(),
      revoked_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Resolves an `Authorization` header (or a stream's access token) to its key. */
export async function authenticate(db: Executor, secret: string | undefined): Promise<AuthContext> {
  if (!secret) {
    throw new SafenetError('unauthenticated', 'Send your API key as "Authorization: Bearer <key>"');
  }
  const row = await db
    .selectFrom('api_keys')
    .innerJoin('organisations', 'organisations.id', 'api_keys.org_id')
    .select([
      'api_keys.id',
      'api_keys.org_id',
      'api_keys.scopes',
      'api_keys.revoked_at',
      'organisations.path',
    ])
    .where('api_keys.secret_hash', '=', hashSecret(secret))
    .executeTakeFirst();
  if (!row || row.revoked_at) {
    throw new SafenetError(
      'unauthenticated',
      row ? 'This API key was revoked: ask an admin for a new one' : 'The API key is not valid',
    );
  }
  return { apiKeyId: row.id, orgId: row.org_id, orgPath: row.path, scopes: row.scopes };
}
