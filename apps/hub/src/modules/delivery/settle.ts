import type { DeliveryReason, DeliveryStatus, Language } from '@safenet/core';
import { statusesBefore, triggersFallback } from '@safenet/core';
import { type RawBuilder, sql } from 'kysely';
import type { PgBoss } from 'pg-boss';
import type { DispatchDeps } from './delivery.deps.js';
import { countHandovers, type Handover } from './delivery.metrics.js';
import type { DeliveryRow, Executor, ReportedPricing, Tx } from './delivery.tables.js';
import { planFallbacks } from './fallback.js';
import {
  type ClaimedReceipt,
  claimParkedReceipts,
  parkedClaim,
  parkedOutcomes,
  type RecordedSend,
} from './parked-receipts.js';
import { recordPricing, requestPrices } from './prices.js';

type SettleDeps = Pick<DispatchDeps, 'db' | 'bus' | 'progress' | 'boss' | 'interleave' | 'metrics'>;

/** How a delivery ends this attempt. */
export interface Settlement {
  status: DeliveryStatus;
  reason?: DeliveryReason;
  providerMessageId?: string | null;
  language?: Language;
  /**
   * Sent: how long to wait for a delivery receipt before the next channel is tried. The
   * deadline is taken from the database clock when the send is recorded, not from when the
   * provider answered: a batch records its sends only once all of them returned.
   */
  receiptWaitSeconds?: number;
  /** WhatsApp Cloud's `pricing` of a receipt that was parked: recorded with the move. */
  pricing?: ReportedPricing;
}

export interface Outcome {
  delivery: DeliveryRow;
  orgPath: readonly string[];
  settlement: Settlement;
}

/**
 * Moves a delivery forward (never back) and tells the stream. A move the lifecycle does not
 * allow from the stored status changes nothing. Answers whether it moved.
 */
export async function settleDelivery(
  deps: SettleDeps,
  delivery: DeliveryRow,
  orgPath: readonly string[],
  settlement: Settlement,
): Promise<boolean> {
  return (await settleMany(deps, [{ delivery, orgPath, settlement }])) === 1;
}

/**
 * Settles many deliveries: one conditional UPDATE per target status, in one transaction with
 * the events that report the moves. Failures that another channel could avoid hand their
 * recipients over to it in that transaction, so the broadcast never looks finished between
 * the two. Receipts that came before their send was recorded (parked) are claimed and applied in that transaction too,
 * so no other process ever sees such a delivery `sent` with its receipt still parked — the
 * receipt-timeout sweep would hand it over (issue 8). Answers how many of `outcomes` moved.
 */
export async function settleMany(deps: SettleDeps, outcomes: readonly Outcome[]): Promise<number> {
  if (outcomes.length === 0) return 0;
  const recorded = outcomes.flatMap(({ delivery, orgPath, settlement }) =>
    settlement.providerMessageId
      ? [{ delivery, orgPath, providerMessageId: settlement.providerMessageId }]
      : [],
  );
  const handovers: Handover[] = [];
  // The moves and their events commit together (the event log is the outbox): a worker that
  // dies just after the commit has told the stream and the webhooks all the same.
  const { settled, moved } = await deps.db.transaction().execute(async (trx) => {
    // The claim of parked receipts rides in the statement that records the sends.
    const claim = recorded.length > 0 ? parkedClaim(recorded) : undefined;
    const { moved: done, claimed } = await moveAll(trx, deps.boss, outcomes, handovers, claim);
    const parked =
      claimed !== undefined
        ? parkedOutcomes(recorded, claimed)
        : await claimParkedReceipts(trx, recorded);
    if (recorded.length > 0) await deps.interleave?.('settle:claimed');
    const all = [...done, ...(await moveAll(trx, deps.boss, parked, handovers)).moved];
    await announce(deps, trx, all);
    return { settled: done.length, moved: all };
  });
  if (recorded.length > 0) await deps.interleave?.('settle:committed');
  // Counted only once committed: a rolled-back handover never happened.
  countHandovers(deps.metrics, handovers);
  touchProgress(deps, moved);
  if (recorded.length === 0) return settled;
  // A receipt parked while that transaction was open was invisible to its claim, and the
  // webhook that parked it may have looked for the delivery before the commit too (READ
  // COMMITTED). Both write first, then look: after the commit, one of the two sees it.
  await applyParkedReceipts(deps, recorded);
  return settled;
}

/**
 * Applies the parked receipts of sends that are recorded, if any are parked: the second look
 * of both sides of the race between a receipt and the send it reports on. Answers how many
 * deliveries moved.
 */
export async function applyParkedReceipts(
  deps: SettleDeps,
  sends: readonly RecordedSend[],
): Promise<number> {
  if (sends.length === 0) return 0;
  const ids = sends.map((send) => send.providerMessageId);
  // Cheap look first: almost always nothing is parked, and then no transaction is opened.
  const waiting = await deps.db
    .selectFrom('pending_receipts')
    .select('provider_message_id')
    .where('provider_message_id', 'in', ids)
    .limit(1)
    .execute();
  if (waiting.length === 0) return 0;
  const handovers: Handover[] = [];
  const moved = await deps.db.transaction().execute(async (trx) => {
    const parked = await claimParkedReceipts(trx, sends);
    const { moved: done } = await moveAll(trx, deps.boss, parked, handovers);
    await announce(deps, trx, done);
    return done;
  });
  countHandovers(deps.metrics, handovers);
  touchProgress(deps, moved);
  return moved.length;
}

/**
 * Moves each outcome's delivery, one UPDATE per status in the order the statuses first
 * appear, and plans the fallbacks the moves call for (added to `handovers`, for the caller
 * to count once they are committed); answers the outcomes that moved. `claim` (a statement
 * of parked-receipts.ts) runs inside the first UPDATE, saving its own round trip: what it
 * returned is `claimed`, undefined when no UPDATE ran.
 */
async function moveAll(
  db: Executor,
  boss: PgBoss,
  outcomes: readonly Outcome[],
  handovers: Handover[],
  claim?: RawBuilder<ClaimedReceipt>,
): Promise<{ moved: Outcome[]; claimed: ClaimedReceipt[] | undefined }> {
  const byStatus = new Map<DeliveryStatus, Outcome[]>();
  for (const outcome of outcomes) {
    const group = byStatus.get(outcome.settlement.status) ?? [];
    group.push(outcome);
    byStatus.set(outcome.settlement.status, group);
  }
  const moved: Outcome[] = [];
  let claimed: ClaimedReceipt[] | undefined;
  for (const [status, group] of byStatus) {
    const result = await moveGroup(db, status, group, claimed === undefined ? claim : undefined);
    if (result === undefined) continue;
    claimed ??= result.claimed;
    const { ids } = result;
    const done = group.filter((o) => ids.has(o.delivery.id));
    const triggers = new Map(
      done.flatMap((o) =>
        o.settlement.reason && triggersFallback(status, o.settlement.reason)
          ? [[o.delivery.id, o.settlement.reason] as const]
          : [],
      ),
    );
    if (triggers.size > 0) {
      if (!db.isTransaction) throw new Error('A handover needs the transaction of the move');
      const sources = done.filter((o) => triggers.has(o.delivery.id)).map((o) => o.delivery);
      for (const { sourceId, from, to } of await planFallbacks(db as Tx, boss, sources)) {
        handovers.push({ channel: from, to, trigger: triggers.get(sourceId) as DeliveryReason });
      }
    }
    moved.push(...done);
  }
  return { moved, claimed: claim === undefined ? [] : claimed };
}

/** Progress counts anew the broadcasts of deliveries that moved (once committed). */
function touchProgress(deps: SettleDeps, moved: readonly Outcome[]): void {
  for (const { delivery, orgPath } of moved) deps.progress.touch(delivery.broadcast_id, orgPath);
}

/**
 * Logs the events of deliveries that moved, in the transaction that moved them, and queues
 * the price look-up of the SMS among them that reached a final status.
 */
async function announce(deps: SettleDeps, trx: Tx, moved: readonly Outcome[]): Promise<void> {
  await requestPrices(trx, deps.boss, moved);
  for (const { delivery, settlement } of moved) {
    if (settlement.pricing) await recordPricing(trx, delivery.id, settlement.pricing);
  }
  const at = new Date().toISOString();
  await deps.bus.publish(
    moved.map(({ delivery, orgPath, settlement }) => ({
      orgPath,
      event: {
        type: 'delivery.updated' as const,
        orgId: delivery.org_id,
        at,
        data: {
          deliveryId: delivery.id,
          broadcastId: delivery.broadcast_id,
          contactId: delivery.contact_id,
          channel: delivery.channel,
          status: settlement.status,
          reason: settlement.reason ?? null,
        },
      },
    })),
    trx,
  );
}

/**
 * Moves the deliveries the lifecycle lets reach `status`; returns the ids that moved, and
 * what `claim` returned when given. Undefined when no delivery can move to `status`.
 */
async function moveGroup(
  db: Executor,
  status: DeliveryStatus,
  group: readonly Outcome[],
  claim?: RawBuilder<ClaimedReceipt>,
): Promise<{ ids: Set<string>; claimed: ClaimedReceipt[] | undefined } | undefined> {
  const from = statusesBefore(status);
  // Nothing moves to `queued`; and `in ()` is not valid SQL.
  if (from.length === 0) return undefined;
  // Arrays, not a VALUES list of parameters: five parameters whatever the batch's size, so
  // neither side parses, binds or plans 250 of them.
  const rows = {
    ids: group.map(({ delivery }) => delivery.id),
    reasons: group.map(({ settlement }) => settlement.reason ?? null),
    providerMessageIds: group.map(({ settlement }) => settlement.providerMessageId ?? null),
    languages: group.map(({ settlement }) => settlement.language ?? null),
    receiptWaits: group.map(({ settlement }) => settlement.receiptWaitSeconds ?? null),
  };
  // The receipt deadline counts from now(), the recording's own time on the database clock.
  const update = sql`
    update deliveries set
      status = ${status},
      reason = v.reason,
      provider_message_id = coalesce(v.provider_message_id, deliveries.provider_message_id),
      language = coalesce(v.language, deliveries.language),
      receipt_due_at = coalesce(
        now() + make_interval(secs => v.receipt_wait_seconds), deliveries.receipt_due_at),
      updated_at = now()
    from unnest(
      ${rows.ids}::uuid[], ${rows.reasons}::text[], ${rows.providerMessageIds}::text[],
      ${rows.languages}::text[], ${rows.receiptWaits}::double precision[]
    ) as v(id, reason, provider_message_id, language, receipt_wait_seconds)
    where deliveries.id = v.id and deliveries.status = any(${from}::text[])
    returning deliveries.id`;
  if (claim === undefined) {
    const updated = await sql<{ id: string }>`${update}`.execute(db);
    return { ids: new Set(updated.rows.map((row) => row.id)), claimed: undefined };
  }
  // One statement, one snapshot: the claim sees the receipts parked before it began, as it
  // would have as a statement of its own after the update (see settleMany's second look).
  const { rows: result } = await sql<{ ids: string[]; claimed: ClaimedReceipt[] }>`
    with moved as (${update}), claimed as (${claim})
    select
      (select coalesce(array_agg(id::text), '{}') from moved) as ids,
      (select coalesce(json_agg(claimed), '[]') from claimed) as claimed`.execute(db);
  const [row] = result;
  return { ids: new Set(row?.ids ?? []), claimed: row?.claimed ?? [] };
}
