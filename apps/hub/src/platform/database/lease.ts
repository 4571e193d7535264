import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';

/** The advisory-lock class of leases (the first of the two keys). */
export const LEASE_LOCK_CLASS = 0x5afe_0002;

/** What a lease tells its holder. */
export interface LeaseHolder {
  /** This process holds the lease from now on. */
  acquired(): void;
  /** It held the lease and lost it (its connection to the database broke). */
  lost(): void;
}

export interface LeaseOptions {
  url: string;
  /** How often a process without the lease tries to take it. */
  retryMs: number;
  onError(error: unknown, context: string): void;
}

/** The second key of a lease's advisory lock: its name, hashed to a 32-bit integer. */
export function leaseKey(name: string): number {
  return createHash('sha256').update(name).digest().readInt32BE(0);
}

/**
 * Whether some process of the database holds the lease `name` now (a granted advisory lock of
 * its key, seen in `pg_locks`): a process that holds no lease itself asks before it hands work
 * to the holder.
 */
export async function isLeaseHeld<DB>(db: Kysely<DB>, name: string): Promise<boolean> {
  // pg_locks shows the two int4 keys as oids: the second one unsigned.
  const { rows } = await sql<{ held: boolean }>`
    select exists (
      select 1 from pg_locks
      where locktype = 'advisory' and granted and objsubid = 2
        and database = (select oid from pg_database where datname = current_database())
        and classid = ${LEASE_LOCK_CLASS}::bigint::oid
        and objid = (${leaseKey(name)}::bigint & 4294967295)::oid
    ) as held`.execute(db);
  return rows[0]?.held === true;
}

/**
 * Holds `name` in at most one process of the database at a time: a session advisory lock on a
 * connection of its own. A process that dies drops its connection, and with it the lease; the
 * others try every `retryMs` and one takes it over. A holder whose connection breaks is told
 * (`lost`) and must stop at once: the database frees the lock when it sees the connection
 * gone, which may be a moment before the holder does.
 * Returns what releases it (and stops trying).
 */
export function holdLease(
  name: string,
  holder: LeaseHolder,
  options: LeaseOptions,
): () => Promise<void> {
  const key = leaseKey(name);
  let stopped = false;
  let client: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let held = false;

  const drop = () => {
    const lost = client;
    client = undefined;
    void lost?.end().catch(() => undefined);
    if (held) {
      held = false;
      holder.lost();
    }
    schedule();
  };
  const schedule = () => {
    if (!stopped) timer = setTimeout(() => void attempt(), options.retryMs);
  };
  const attempt = async () => {
    if (stopped) return;
    try {
      if (!client) {
        const next = await connect();
        // Released while connecting: this connection must not take the lease.
        if (stopped) {
          await next.end().catch(() => undefined);
          return;
        }
        client = next;
      }
      const { rows } = await client.query<{ ok: boolean }>(
        'SELECT pg_try_advisory_lock($1, $2) AS ok',
        [LEASE_LOCK_CLASS, key],
      );
      if (stopped) return;
      if (rows[0]?.ok) {
        held = true;
        holder.acquired();
      } else schedule();
    } catch (error) {
      if (stopped) return;
      options.onError(error, `taking the lease ${name}`);
      drop();
    }
  };
  const connect = async () => {
    const next = new pg.Client({
      connectionString: options.url,
      keepAlive: true,
      // Names the connection in pg_stat_activity: operators (and tests) see who holds what.
      application_name: `safenet lease ${name}`.slice(0, 63),
    });
    next.on('error', (error) => {
      if (stopped || client !== next) return;
      options.onError(error, `the lease ${name}`);
      drop();
    });
    next.on('end', () => {
      if (!stopped && client === next) drop();
    });
    await next.connect();
    return next;
  };

  void attempt();
  return async () => {
    stopped = true;
    clearTimeout(timer);
    const last = client;
    client = undefined;
    await last?.end().catch(() => undefined);
  };
}
