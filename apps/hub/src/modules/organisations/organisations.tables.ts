import type { Scope } from '@safenet/core';
import type { Selectable } from 'kysely';
import type { Timestamp } from '../../platform/database/schema.js';

export interface OrganisationsTable {
  id: string;
  parent_id: string | null;
  kind: string;
  name: string;
  path: string[];
  time_zone: string;
  default_language: string;
  created_at: Timestamp;
}

export interface ApiKeysTable {
  id: string;
  org_id: string;
  name: string;
  scopes: Scope[];
  prefix: string;
  secret_hash: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

/** The tables of the organisations module. */
export interface OrganisationsTables {
  organisations: OrganisationsTable;
  api_keys: ApiKeysTable;
}

export type OrganisationRow = Selectable<OrganisationsTable>;
