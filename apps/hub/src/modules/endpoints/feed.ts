import { WEBHOOK_EVENT_TYPES } from '@safenet/core';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../../platform/database/schema.js';
import { own } from './endpoints.tables.js';
import { enqueueEventsForEndpoints } from './intake.js';

/** What a round of the feed needs. */
export interface FeedDeps {
  /** The hub's database (the module opens it as its own tables). */
  db: DatabaseHandle;
  /** The hub's clock (epoch ms): messages are due from then. */
  now(): number;
  /** Events read per transaction. */
  page?: number;
}

const DEFAULT_PAGE = 2_000;

/** An event of the log as the feed reads it. */
interface LoggedRow {
  id: string;
  xid: string;
  org_path: string[];
  type: string;
  event: { at: string; data: Record<string, unknown> };
}

/**
 * Feeds the event log into the webhook intake from the position it has reached, page by page,
 * each page's messages and the new position in one transaction — so an event is queued once,
 * whether the process that logged it was listening or not, and after any crash. Only events
 * of transactions that have ended are read (those below the oldest transaction still running,
 * `pg_snapshot_xmin`), in (xid, id) order: an event committed late by a long transaction is
 * waited for, never passed over. One process feeds at a time (the position's row is locked,
 * `SKIP LOCKED`: another feeding meanwhile answers 0). Returns how many events it fed.
 */
export async function feedWebhookMessages(deps: FeedDeps): Promise<number> {
  const db = own(deps.db);
  const page = deps.page ?? DEFAULT_PAGE;
  let fed = 0;
  for (;;) {
    const round = await db.transaction().execute(async (trx) => {
      // Before this transaction writes (and takes an xid of its own, which would hold it back).
      const { rows } = await sql<{ horizon: string }>`
        select pg_snapshot_xmin(pg_current_snapshot())::text as horizon`.execute(trx);
      const horizon = rows[0]?.horizon as string;
      const position = await trx
        .selectFrom('webhook_feed')
        .select(['position_xid', 'position_id'])
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (!position) return { events: 0, more: false };
      const { rows: logged } = await sql<LoggedRow>`
        select id::text, xid::text, org_path, type, event from events
        where xid < ${horizon}::xid8
          and (xid, id) > (${position.position_xid}::xid8, ${position.position_id}::bigint)
          and type = any(${[...WEBHOOK_EVENT_TYPES]}::text[])
        order by xid, id
        limit ${page}`.execute(trx);
      await enqueueEventsForEndpoints(
        trx,
        logged.map((row) => ({
          id: `evt_${row.id}`,
          orgPath: row.org_path,
          type: row.type,
          payload: row.event.data,
          createdAt: row.event.at,
        })),
        deps.now(),
      );
      const more = logged.length === page;
      // A short page read everything below the horizon: the next round starts there.
      const last = logged.at(-1);
      const next = more && last ? { xid: last.xid, id: last.id } : { xid: horizon, id: '0' };
      if (next.xid !== position.position_xid || next.id !== position.position_id) {
        await trx
          .updateTable('webhook_feed')
          .set({ position_xid: next.xid, position_id: next.id })
          .execute();
      }
      return { events: logged.length, more };
    });
    fed += round.events;
    if (!round.more) return fed;
  }
}
