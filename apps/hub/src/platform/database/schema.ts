import type { ColumnType, Kysely, Transaction } from 'kysely';

/** Timestamps are written as Date or ISO strings and always read as Date. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
/** A nullable timestamp column that inserts may leave out. */
export type OptionalTimestamp = ColumnType<
  Date | null,
  Date | string | null | undefined,
  Date | string | null
>;
export type Json<T> = ColumnType<T, T | string, T | string>;

export interface IdempotencyKeysTable {
  api_key_id: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  response_body: string | null;
  created_at: Timestamp;
}

/** A secret the hub generated for itself, e.g. the key that signs unsubscribe links. */
export interface HubSecretsTable {
  name: string;
  value: string;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/**
 * The organisation tree as tenancy reads it: every tenant query keeps to a subtree through
 * `path` (the ids from the root). The organisations module owns the table and its other
 * columns; the platform reads these and never writes.
 */
export interface OrganisationTreeTable {
  id: string;
  parent_id: string | null;
  path: string[];
  created_at: Timestamp;
}

/** The tables the platform itself reads or owns. */
export interface PlatformTables {
  idempotency_keys: IdempotencyKeysTable;
  hub_secrets: HubSecretsTable;
  organisations: OrganisationTreeTable;
}

/** A database handle that sees the tables `DB`, or a transaction on it. */
export type Executor<DB> = Kysely<DB> | Transaction<DB>;

/**
 * The platform's view of a handle on a database that has (at least) the platform's tables.
 * kysely's handle is invariant in its tables, so a handle on more tables is not assignable to
 * one on fewer; this is that assignment, with the inclusion checked by the type parameter.
 */
export function platformDb<DB extends PlatformTables>(db: Kysely<DB>): Kysely<PlatformTables>;
export function platformDb<DB extends PlatformTables>(db: Executor<DB>): Executor<PlatformTables>;
export function platformDb<DB extends PlatformTables>(db: Executor<DB>): Executor<PlatformTables> {
  return db as unknown as Executor<PlatformTables>;
}
