import type { Channel, LocalizedText, Role } from '@safenet/core';
import type { PgBoss } from 'pg-boss';
import { type DatabaseHandle, type ExecutorHandle, share } from '../../platform/database/schema.js';
import { insertBroadcast } from '../broadcasts/index.js';
import { own } from './reminders.tables.js';

/**
 * What every follow-up the hub sends on its own shares — a campaign plan's reminders and
 * escalations, a results report's nudges: firing each once however many worker processes
 * sweep, and a broadcast to the people of exact organisations.
 */

/**
 * Fires one step of a sweep once: in one transaction, the test seam `hook` (two processes
 * held there at once prove the race), then `record` — which inserts the step's firing rows
 * with `on conflict do nothing` and returns those inserted now, so a row another process or
 * an earlier sweep inserted is not returned — then, when anything was recorded, `send` with
 * it. The firing rows and what `send` writes (a broadcast, an alert) commit together or not
 * at all. Returns what `send` returns, 0 when nothing was recorded.
 */
export function fireOnce<Step, Recorded>(
  db: DatabaseHandle,
  step: Step,
  hook: ((step: Step, trx: ExecutorHandle) => Promise<void>) | undefined,
  record: (trx: ExecutorHandle) => Promise<Recorded[]>,
  send: (trx: ExecutorHandle, recorded: Recorded[]) => Promise<number>,
): Promise<number> {
  return own(db)
    .transaction()
    .execute(async (trx) => {
      const handle = share(trx);
      await hook?.(step, handle);
      const recorded = await record(handle);
      return recorded.length === 0 ? 0 : send(handle, recorded);
    });
}

/** A message the hub sends on its own to the people of exact organisations. */
export interface OrganisationsMessage {
  /** The broadcast's id (a firing row may name it before it is written). */
  id: string;
  /** Whose broadcast it is: the campaign's or the form's owner. */
  ownerOrgId: string;
  campaignId: string | null;
  /** Exactly these organisations' people (not their subtrees)… */
  orgIds: string[];
  /** …in these roles. */
  roles: readonly Role[];
  channels: readonly Channel[];
  /** In every language; each person reads their own. */
  body: LocalizedText;
  now: Date;
}

/** Creates, in `trx`, the broadcast of a message to the people of exact organisations, now. */
export async function sendToOrganisations(
  boss: PgBoss,
  trx: ExecutorHandle,
  message: OrganisationsMessage,
): Promise<void> {
  await insertBroadcast(trx, boss, {
    id: message.id,
    orgId: message.ownerOrgId,
    campaignId: message.campaignId,
    segmentId: null,
    segmentQuery: { orgIds: message.orgIds, roles: [...message.roles] },
    channels: [...message.channels],
    content: { body: message.body },
    variables: {},
    sendAt: message.now,
    fallbackAfterSeconds: null,
    urgent: false,
    now: message.now,
  });
}
