import type { ApiKey, Organisation, OrganisationDetail, QuietHours, Scope } from '@safenet/core';
import { type Insertable, type Selectable, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import { hashSecret } from './api-keys.js';
import {
  type ApiKeysTable,
  type Executor,
  type OrganisationsTable,
  own,
} from './organisations.tables.js';
import { readQuietHourSettings, resolveQuietHours, storedQuietHours } from './quiet-hours.js';

// Rows become API records here and nowhere else. Casts narrow text columns to the unions
// the hub itself wrote into them.

const iso = (date: Date) => date.toISOString();

export function toOrganisation(row: Selectable<OrganisationsTable>): Organisation {
  return {
    id: row.id,
    parentId: row.parent_id,
    kind: row.kind as Organisation['kind'],
    name: row.name,
    path: row.path,
    timeZone: row.time_zone,
    defaultLanguage: row.default_language as Organisation['defaultLanguage'],
    code: row.code,
    createdAt: iso(row.created_at),
  };
}

export function toApiKey(row: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    scopes: row.scopes,
    prefix: row.prefix,
    createdAt: iso(row.created_at),
    revokedAt: row.revoked_at ? iso(row.revoked_at) : null,
    createdBy: row.created_by_user_id,
  };
}

/**
 * An organisation with its own quiet-hours setting and the effective one: the settings up its
 * path read in one statement.
 */
export async function toOrganisationDetail(
  db: ExecutorHandle | Executor,
  row: Selectable<OrganisationsTable>,
  hubDefault: QuietHours | null,
): Promise<OrganisationDetail> {
  const settings = await readQuietHourSettings(db, row.path);
  const setting = storedQuietHours(row.quiet_hours);
  return {
    ...toOrganisation(row),
    ...(setting === undefined ? {} : { quietHours: setting }),
    effectiveQuietHours: resolveQuietHours(row.path, settings, hubDefault),
  };
}

/**
 * Sets an organisation's own quiet hours (text as stored; null inherits) and its code, those
 * given; returns its row.
 */
export function updateOrganisationRow(
  db: Executor,
  id: string,
  values: { quiet_hours?: string | null; code?: string | null },
) {
  return db
    .updateTable('organisations')
    .set(values)
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** One page of the organisations in the subtree of `orgId` (itself included), filtered. */
export function listOrganisations(
  db: Executor,
  orgId: string,
  filters: { code?: string | undefined },
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<Organisation>> {
  const { code } = filters;
  return keysetPage(
    db
      .selectFrom('organisations')
      .selectAll()
      .where(inSubtree('organisations.id', orgId))
      .$if(code !== undefined, (q) => q.where('code', '=', code as string)),
    page,
    toOrganisation,
  );
}

/** Loads an organisation the caller may act for, all of it, or fails with 404. */
export async function organisationInScope(
  db: ExecutorHandle | Executor,
  auth: AuthContext,
  orgId: string,
): Promise<Selectable<OrganisationsTable>> {
  const org = await own(db)
    .selectFrom('organisations')
    .selectAll()
    .where('id', '=', orgId)
    .where(inSubtree('organisations.id', auth.orgId))
    .executeTakeFirst();
  if (!org) throw notFound('organisation', orgId);
  return org;
}

/** Stores an organisation as given and returns its row. */
export function insertOrganisationRow(
  db: Executor,
  values: Insertable<OrganisationsTable>,
): Promise<Selectable<OrganisationsTable>> {
  return db.insertInto('organisations').values(values).returningAll().executeTakeFirstOrThrow();
}

/** One page of the API keys of the subtree of `orgId`, revoked ones included. */
export function listApiKeys(
  db: Executor,
  orgId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<ApiKey>> {
  return keysetPage(
    db.selectFrom('api_keys').selectAll().where(inSubtree('api_keys.org_id', orgId)),
    page,
    toApiKey,
  );
}

/** Stores a key for `orgId` and returns its row; `createdByUserId` is the person who made it. */
export async function insertApiKey(
  db: ExecutorHandle | Executor,
  input: {
    orgId: string;
    name: string;
    scopes: Scope[];
    secret: string;
    createdByUserId?: string | null;
  },
) {
  return own(db)
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
      created_by_user_id: input.createdByUserId ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The key whose secret hashes to `secretHash`, with its organisation's path; undefined if none. */
export function apiKeyBySecretHash(db: Executor, secretHash: string) {
  return db
    .selectFrom('api_keys')
    .innerJoin('organisations', 'organisations.id', 'api_keys.org_id')
    .select([
      'api_keys.id',
      'api_keys.org_id',
      'api_keys.scopes',
      'api_keys.revoked_at',
      'api_keys.created_by_user_id',
      'organisations.path',
    ])
    .where('api_keys.secret_hash', '=', secretHash)
    .executeTakeFirst();
}

/**
 * The key `id` of the subtree of `orgId`, with the parent of its organisation (null for the
 * root); undefined if there is none.
 */
export function apiKeyInSubtree(db: Executor, orgId: string, id: string) {
  return db
    .selectFrom('api_keys')
    .innerJoin('organisations', 'organisations.id', 'api_keys.org_id')
    .select([
      'api_keys.org_id',
      'api_keys.scopes',
      'api_keys.revoked_at',
      'organisations.parent_id',
    ])
    .where('api_keys.id', '=', id)
    .where(inSubtree('api_keys.org_id', orgId))
    .executeTakeFirst();
}

/**
 * The ids of the active admin keys of organisation `orgId`, locked (`FOR UPDATE`) until the
 * end of the transaction `db` runs in.
 */
export function lockActiveAdminKeys(db: Executor, orgId: string) {
  return db
    .selectFrom('api_keys')
    .select('id')
    .where('org_id', '=', orgId)
    .where('revoked_at', 'is', null)
    .where(sql<boolean>`'admin' = any(scopes)`)
    .forUpdate()
    .execute();
}

/** Marks the key `id` revoked now, unless it already is. */
export async function markApiKeyRevoked(db: Executor, id: string): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ revoked_at: new Date() })
    .where('id', '=', id)
    .where('revoked_at', 'is', null)
    .execute();
}

/** The name of an organisation, e.g. to sign an answer to HELP; undefined when there is none. */
export async function organisationName(
  db: ExecutorHandle | Executor,
  id: string,
): Promise<string | undefined> {
  const row = await own(db)
    .selectFrom('organisations')
    .select('name')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.name;
}
