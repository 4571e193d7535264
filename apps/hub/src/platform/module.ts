import type { FastifyPluginAsync } from 'fastify';
import type { PgBoss } from 'pg-boss';
import type { Registry } from 'prom-client';
import type { LeaseHolder } from './database/lease.js';
import type { DatabaseHandle } from './database/schema.js';
import type { EventBus } from './events/event-bus.js';
import type { ErasureStep, RetentionClass } from './privacy.js';
import type { QueueSpec } from './queue/boss.js';

/**
 * What a hub process serves: the HTTP API, the workers (queues and timers), or both — one
 * process, the default. Modules start only what the process's roles ask for.
 */
export type ProcessRole = 'api' | 'worker';

/** Both roles: one process serving the API and running the workers. */
export const ALL_ROLES: ReadonlySet<ProcessRole> = new Set<ProcessRole>(['api', 'worker']);

const USAGE = 'usage: safenet-hub [api | worker]  (no argument: both, in one process)';

/** The roles of `safenet-hub api`, `safenet-hub worker`, or both with no argument. */
export function rolesOf(argv: readonly string[]): ReadonlySet<ProcessRole> {
  const [role, ...rest] = argv;
  if (rest.length > 0 || (role !== undefined && role !== 'api' && role !== 'worker')) {
    throw new Error(USAGE);
  }
  return role === undefined ? ALL_ROLES : new Set<ProcessRole>([role]);
}

/**
 * What the platform gives every module: the database (opaque: each module opens it as its
 * own tables), the queue, the event bus, the organisation tree's paths, the clock, the
 * metrics registry, and where background failures are logged.
 */
export interface Platform {
  readonly db: DatabaseHandle;
  /** Constructed, not yet started: modules may keep it; jobs go in once the hub has started. */
  readonly boss: PgBoss;
  readonly bus: EventBus;
  /** The path (ids from the root) of an organisation, cached. */
  orgPathOf(orgId: string): Promise<readonly string[]>;
  /**
   * Holds `name` in one process of the database at a time (a WhatsApp Web phone): `acquired`
   * when this process takes it, `lost` if it held it and its connection broke. Returns what
   * releases it.
   */
  lease(name: string, holder: LeaseHolder): () => Promise<void>;
  /** Whether some process of the hub holds the lease `name` now. */
  leaseHeld(name: string): Promise<boolean>;
  /** Epoch milliseconds. Tests move it by hand. */
  now(): number;
  /** Logs a failure of background work that will be tried again. */
  onError(error: unknown, context: string): void;
  /** Logs a failure that needs a word of its own, as a warning. */
  warn(error: unknown, message: string): void;
  /** Logs what an operator reads when diagnosing (a provider's refusal), at debug level. */
  debug(detail: Record<string, unknown>, message: string): void;
  /**
   * This hub's Prometheus registry: each module registers its own metrics in it, in its own
   * folder (`<m>.metrics.ts`); docs/reference/metrics.md lists them all.
   */
  readonly metrics: Registry;
}

/**
 * A domain module as the hub runs it. Every part is optional: a module without HTTP routes,
 * queues or background work leaves them out. `modules/index.ts` lists the modules in order.
 */
export interface HubModule {
  readonly name: string;
  /** Its HTTP routes, registered under `/v1` in module order. */
  readonly routes?: FastifyPluginAsync;
  /** Its pages for people (no API key; short links such as `/r/<token>`), at the root. */
  readonly pages?: FastifyPluginAsync;
  /** Its parts of an erasure: each scrubs a person's data from the module's own tables. */
  readonly erasure?: readonly ErasureStep[];
  /** The classes of its data kept for a limited time, purged by the worker sweep. */
  readonly retention?: readonly RetentionClass[];
  /** Its queues, created or updated before any module starts. */
  readonly queues?: readonly QueueSpec[];
  /** Starts its workers, timers and listeners, as far as the process's roles ask. */
  start?(roles: ReadonlySet<ProcessRole>): Promise<void>;
  /** Stops taking new work (timers); called before the app and the queue stop. */
  stop?(): void;
  /** Releases what it holds once the queue has stopped (jobs in flight have finished). */
  close?(): Promise<void>;
}
