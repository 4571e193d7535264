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
  /** Whoever sent the request: an API key's id or a person's (see `actorId`). */
  actor_id: string;
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
  /** The transaction that logged it (xid8, as a decimal string). */
  xid: ColumnType<string, never, never>;
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

/** The event log (`platform/events/event-bus.ts`). */
export interface EventsTable {
  id: ColumnType<string, never, never>;
  org_path: string[];
  type: string;
  event: Json<unknown>;
  created_at: ColumnType<Date, Date | string | undefined, never>;
}

/** The tables the platform itself reads or owns. */
export interface PlatformTables {
  events: EventsTable;
  idempotency_keys: IdempotencyKeysTable;
  hub_secrets: HubSecretsTable;
  organisations: OrganisationTreeTable;
}

/** A database handle that sees the tables `DB`, or a transaction on it. */
export type Executor<DB> = Kysely<DB> | Transaction<DB>;

/**
 * The platform's view of a handle on a database that has (at least) the platform's tables,
 * or of an opaque handle (the platform owns its tables).
 * kysely's handle is invariant in its tables, so a handle on more tables is not assignable to
 * one on fewer; this is that assignment, with the inclusion checked by the type parameter.
 */
export function platformDb<DB extends PlatformTables>(
  db: DatabaseHandle | Kysely<DB>,
): Kysely<PlatformTables>;
export function platformDb<DB extends PlatformTables>(
  db: ExecutorHandle | Executor<DB>,
): Executor<PlatformTables>;
export function platformDb<DB extends PlatformTables>(
  db: ExecutorHandle | Executor<DB>,
): Executor<PlatformTables> {
  return db as unknown as Executor<PlatformTables>;
}

declare const executorBrand: unique symbol;
declare const databaseBrand: unique symbol;

/**
 * The hub's database, or a transaction on it, as it crosses module lines: opaque. A module
 * opens it as its own tables with the view its `<m>.tables.ts` defines ({@link tablesView});
 * no other module can, since a module's tables file is not part of its door. So a module's
 * code sees its own tables, and reaches another module's only through that module's
 * functions, which take this handle — the caller's transaction included.
 */
export interface ExecutorHandle {
  readonly [executorBrand]: true;
}

/** {@link ExecutorHandle} of the database itself (not a transaction): it can begin one. */
export interface DatabaseHandle extends ExecutorHandle {
  readonly [databaseBrand]: true;
}

/** The opaque handle of a database (or transaction) handle, to pass to another module. */
export function share<DB>(db: Kysely<DB>): DatabaseHandle;
export function share<DB>(db: Executor<DB>): ExecutorHandle;
export function share<DB>(db: Executor<DB>): ExecutorHandle {
  return db as unknown as ExecutorHandle;
}

/**
 * The function that opens a handle as the tables `Tables` (and the platform's). Only a
 * module's `<m>.tables.ts` calls it, for that module's own tables (a boundary check holds
 * this). A handle typed with more tables than the view (the composed database the hub and
 * its tests hold) opens as the view too.
 *
 * @example
 * export const contactsDb = tablesView<ContactsTables>();
 * const db = contactsDb(handle); // Kysely<PlatformTables & ContactsTables>
 */
export function tablesView<Tables>() {
  type View = PlatformTables & Tables;
  function view<DB extends View>(db: Transaction<DB>): Transaction<View>;
  function view<DB extends View>(db: DatabaseHandle | Kysely<DB>): Kysely<View>;
  function view<DB extends View>(db: ExecutorHandle | Executor<DB>): Executor<View>;
  function view<DB extends View>(db: ExecutorHandle | Executor<DB>): Executor<View> {
    return db as unknown as Executor<View>;
  }
  return view;
}
