import type { StreamEvent } from '@safenet/core';
import { type Kysely, sql } from 'kysely';
import pg from 'pg';
import {
  type Executor,
  type ExecutorHandle,
  type PlatformTables,
  platformDb,
} from '../database/schema.js';

/** An event with the path of its organisation, so subscribers can filter by subtree. */
export interface RoutedEvent {
  orgPath: readonly string[];
  event: StreamEvent;
}

/** An event as the log keeps it: its id orders it among all events of the database. */
export interface LoggedEvent {
  /** A decimal integer, increasing (not gap-free: ids of rolled-back inserts are skipped). */
  id: string;
  event: StreamEvent;
}

export type Unsubscribe = () => void;
type Listener = (logged: LoggedEvent) => void;

/** Ids per NOTIFY: a payload must stay under PostgreSQL's 8,000 bytes. */
const IDS_PER_NOTIFY = 400;
/** What a resuming subscriber can ask for at once. */
export const REPLAY_LIMIT = 10_000;
const RECONNECT_MS = 1_000;

export interface EventBusOptions {
  db: Kysely<PlatformTables>;
  /** The database's URL: the bus holds a connection of its own for LISTEN. */
  url: string;
  /** The hub's schema: one log and one notification channel per schema. */
  schema: string;
  onError(error: unknown, context: string): void;
}

/**
 * Stream events, across processes. `publish` writes events to the log (the `events` table)
 * and notifies their ids on the schema's channel; every hub process listens on a connection
 * of its own, reads the rows it was told of and hands them to its local subscribers. A
 * subscriber that reconnects asks for the events after the last id it saw (`replay`).
 *
 * Ids are read by the ids notified, not by "everything after the last one": two transactions
 * commit in any order, so a range read could pass over an id that commits a moment later.
 */
export class EventBus {
  readonly #options: EventBusOptions;
  readonly #channel: string;
  /**
   * Subscribers by the organisation they follow: an event reaches those of each organisation
   * on its path, found with one look-up per level instead of a check per subscriber (a hub
   * streams to thousands of sockets, most of them not under a given event's organisation).
   * An organisation without subscribers has no entry: an empty map means nobody listens.
   */
  readonly #listeners = new Map<string, Set<{ listener: Listener }>>();
  #client: pg.Client | undefined;
  #pending: string[] = [];
  #flushing: Promise<void> | undefined;
  /** The highest id handed out: after a lost connection, what came since is read by range. */
  #lastId: bigint = 0n;
  #closed = false;

  constructor(options: EventBusOptions) {
    this.#options = options;
    this.#channel = `safenet_events_${options.schema}`;
  }

  /** Starts listening. Events published before this are not handed to subscribers. */
  async start(): Promise<void> {
    await this.#connect();
  }

  /** Stops listening; publishing stays possible until the database closes. */
  async close(): Promise<void> {
    this.#closed = true;
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
    await this.#flushing;
  }

  /**
   * Logs the events and tells every process, in one statement: the rows and their NOTIFY
   * commit together or not at all. Pass the transaction of the change the events report
   * (`executor`), and they commit with it — a process that dies a moment after the change
   * committed has logged its events too (the log is the change's outbox); the notification
   * reaches listeners at that commit.
   */
  async publish<DB extends PlatformTables>(
    routed: RoutedEvent | readonly RoutedEvent[],
    executor?: ExecutorHandle | Executor<DB>,
  ): Promise<void> {
    const list = Array.isArray(routed) ? routed : [routed as RoutedEvent];
    if (list.length === 0) return;
    const db = executor ? platformDb(executor) : this.#options.db;
    const insert = db
      .insertInto('events')
      .values(
        list.map(({ orgPath, event }) => ({
          org_path: [...orgPath],
          type: event.type,
          event: JSON.stringify(event),
        })),
      )
      .returning('id');
    await sql`
      with logged as (${insert}),
      numbered as (
        select id, (row_number() over (order by id) - 1) / ${IDS_PER_NOTIFY} as part from logged
      )
      select pg_notify(${this.#channel}, string_agg(id::text, ',' order by id))
      from numbered group by part`.execute(db);
  }

  /** Calls `listener` for each event in the subtree of `orgId` from now on. */
  subscribe(orgId: string, listener: Listener): Unsubscribe {
    // An entry of its own: the same function subscribed twice is two subscriptions.
    const entry = { listener };
    const listeners = this.#listeners.get(orgId) ?? new Set();
    this.#listeners.set(orgId, listeners);
    listeners.add(entry);
    return () => {
      listeners.delete(entry);
      if (listeners.size === 0 && this.#listeners.get(orgId) === listeners) {
        this.#listeners.delete(orgId);
      }
    };
  }

  /** The subtree's events after `afterId`, oldest first, at most {@link REPLAY_LIMIT}. */
  async replay(orgId: string, afterId: string): Promise<LoggedEvent[]> {
    const rows = await this.#options.db
      .selectFrom('events')
      .select(['id', 'event'])
      .where('id', '>', afterId as never)
      .where(sql<boolean>`org_path @> ARRAY[${orgId}]::uuid[]`)
      .orderBy('id')
      .limit(REPLAY_LIMIT)
      .execute();
    return rows.map((r) => ({ id: r.id, event: r.event as StreamEvent }));
  }

  /**
   * Resolves once this process has handed out every event committed before the call: tests
   * wait on it instead of on time, and a stopping process before it closes.
   */
  async caughtUp(timeoutMs = 30_000): Promise<void> {
    const last = await this.#options.db
      .selectFrom('events')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    const target = BigInt((last?.id as string | null) ?? 0);
    const deadline = Date.now() + timeoutMs;
    while (this.#lastId < target || this.#flushing) {
      if (Date.now() > deadline) throw new Error(`events up to ${target} not handed out`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  /** Deletes events older than `hours` (session events, which carry pairing codes, sooner). */
  async prune(hours: number, sessionMinutes = 10): Promise<void> {
    await this.#options.db
      .deleteFrom('events')
      .where((eb) =>
        eb.or([
          eb('created_at', '<', sql<Date>`now() - make_interval(hours => ${hours})`),
          eb.and([
            eb('type', '=', 'channel.session'),
            eb('created_at', '<', sql<Date>`now() - make_interval(mins => ${sessionMinutes})`),
          ]),
        ]),
      )
      .execute();
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#options.url });
    client.on('notification', (message) => {
      if (message.channel !== this.#channel || !message.payload) return;
      this.#pending.push(...message.payload.split(','));
      this.#schedule();
    });
    client.on('error', (error) => {
      this.#options.onError(error, 'the event listener');
      void this.#reconnect(client);
    });
    client.on('end', () => void this.#reconnect(client));
    await client.connect();
    await client.query(`LISTEN "${this.#channel}"`);
    this.#client = client;
  }

  async #reconnect(lost: pg.Client): Promise<void> {
    if (this.#closed || this.#client !== lost) return;
    this.#client = undefined;
    await lost.end().catch(() => undefined);
    while (!this.#closed && !this.#client) {
      try {
        await this.#connect();
        // Whatever was notified while no connection listened: read it by range.
        await this.#catchUp();
      } catch (error) {
        this.#options.onError(error, 'reconnecting the event listener');
        await new Promise((resolve) => setTimeout(resolve, RECONNECT_MS));
      }
    }
  }

  #schedule(): void {
    if (this.#flushing) return;
    this.#flushing = (async () => {
      while (this.#pending.length > 0) {
        const ids = this.#pending;
        this.#pending = [];
        try {
          await this.#deliver(ids);
        } catch (error) {
          this.#options.onError(error, 'reading notified events');
        }
      }
      this.#flushing = undefined;
    })();
  }

  async #deliver(ids: string[]): Promise<void> {
    if (this.#listeners.size === 0) {
      this.#advance(ids);
      return;
    }
    const rows = await this.#options.db
      .selectFrom('events')
      .select(['id', 'org_path', 'event'])
      .where('id', 'in', ids as never[])
      .orderBy('id')
      .execute();
    this.#advance(ids);
    this.#dispatch(rows);
  }

  async #catchUp(): Promise<void> {
    const rows = await this.#options.db
      .selectFrom('events')
      .select(['id', 'org_path', 'event'])
      .where('id', '>', this.#lastId.toString() as never)
      .orderBy('id')
      .limit(REPLAY_LIMIT)
      .execute();
    this.#advance(rows.map((r) => r.id));
    if (this.#listeners.size > 0) this.#dispatch(rows);
  }

  #advance(ids: readonly string[]): void {
    for (const id of ids) {
      const n = BigInt(id);
      if (n > this.#lastId) this.#lastId = n;
    }
  }

  #dispatch(rows: readonly { id: string; org_path: string[]; event: unknown }[]): void {
    for (const row of rows) {
      // One object per event for all its subscribers: what they derive from it (a stream's
      // serialised frame) can be cached by identity and computed once.
      const logged = { id: row.id, event: row.event as StreamEvent };
      for (const orgId of row.org_path) {
        const listeners = this.#listeners.get(orgId);
        if (listeners) for (const { listener } of listeners) listener(logged);
      }
    }
  }
}
