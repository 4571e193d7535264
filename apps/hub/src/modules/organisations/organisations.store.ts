import type { ApiKey, Organisation } from '@safenet/core';
import type { Selectable } from 'kysely';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import type { Executor } from '../database.js';
import type { ApiKeysTable, OrganisationsTable } from './organisations.tables.js';

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
  };
}

/** Loads an organisation the caller may act for, all of it, or fails with 404. */
export async function organisationInScope(
  db: Executor,
  auth: AuthContext,
  orgId: string,
): Promise<Selectable<OrganisationsTable>> {
  const org = await db
    .selectFrom('organisations')
    .selectAll()
    .where('id', '=', orgId)
    .where(inSubtree('organisations.id', auth.orgId))
    .executeTakeFirst();
  if (!org) throw notFound('organisation', orgId);
  return org;
}
