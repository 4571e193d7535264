import type { PGlite } from '@electric-sql/pglite';
import { SafenetError } from '@safenet/core';
import { type Mutex, type MutexInterface, withTimeout } from 'async-mutex';
import {
  type CompiledQuery,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type QueryResult,
} from 'kysely';
import type { PGliteLike } from 'pg-boss';

/**
 * PGlite has one session. Two transactions interleaved on it silently merge (a rolled-back
 * write got committed in a test here), and pg-boss's polling would land inside our
 * transactions. So every use of the instance — a kysely query or transaction, and every
 * pg-boss statement — passes through this one gate, held for a whole transaction.
 */
export class PgliteGate {
  readonly #mutex: MutexInterface;

  constructor(
    readonly pglite: PGlite,
    mutex: Mutex,
    timeoutMs = 60_000,
  ) {
    this.#mutex = withTimeout(
      mutex,
      timeoutMs,
      new SafenetError(
        'store_unavailable',
        `The embedded database stayed busy for over ${timeoutMs} ms`,
      ),
    );
  }

  acquire(): Promise<MutexInterface.Releaser> {
    return this.#mutex.acquire();
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.#mutex.runExclusive(fn);
  }

  /** A PGlite look-alike for pg-boss's `fromPglite`, every call through the gate. */
  forPgBoss(): PGliteLike {
    const { pglite } = this;
    return {
      query: <T>(text: string, values?: unknown[]) => this.run(() => pglite.query<T>(text, values)),
      exec: (text: string) => this.run(() => pglite.exec(text)),
      listen: (channel: string, callback: (payload: string) => void) =>
        pglite.listen(channel, callback),
    };
  }
}

class GatedConnection implements DatabaseConnection {
  constructor(readonly pglite: PGlite) {}

  async executeQuery<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    const result = await this.pglite.query<R>(compiled.sql, compiled.parameters as unknown[]);
    const affected = result.affectedRows;
    return {
      rows: result.rows,
      ...(affected !== undefined && compiled.query.kind !== 'SelectQueryNode'
        ? { numAffectedRows: BigInt(affected) }
        : {}),
    };
  }

  // biome-ignore lint/correctness/useYield: streaming is not supported by this driver.
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('The embedded store does not stream queries; page with keyset queries');
  }
}

class GatedDriver implements Driver {
  readonly #releasers = new WeakMap<DatabaseConnection, MutexInterface.Releaser>();

  constructor(readonly gate: PgliteGate) {}

  async init(): Promise<void> {}

  async acquireConnection(): Promise<DatabaseConnection> {
    const release = await this.gate.acquire();
    const connection = new GatedConnection(this.gate.pglite);
    this.#releasers.set(connection, release);
    return connection;
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as GatedConnection).pglite.query('BEGIN');
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as GatedConnection).pglite.query('COMMIT');
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as GatedConnection).pglite.query('ROLLBACK');
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    this.#releasers.get(connection)?.();
    this.#releasers.delete(connection);
  }

  async destroy(): Promise<void> {}
}

/** A kysely dialect over a gated PGlite instance. */
export function pgliteDialect(gate: PgliteGate): Dialect {
  return {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new GatedDriver(gate),
    createIntrospector: (db) => new PostgresIntrospector(db),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  };
}
