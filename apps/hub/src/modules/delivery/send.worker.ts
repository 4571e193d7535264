import type { ChannelAdapter, OutgoingMessage } from '@safenet/channels';
import { type DeliveryReason, isDeliveryReason, SafenetError } from '@safenet/core';
import { sql } from 'kysely';
import type { JobResult, JobWithMetadata } from 'pg-boss';
import { share } from '../../platform/database/schema.js';
import { broadcastById } from '../broadcasts/index.js';
import { contactsByIds } from '../contacts/index.js';
import { resolveContent } from '../content/index.js';
import type { Admission } from './circuit-breaker.js';
import type { DispatchDeps } from './delivery.deps.js';
import { insertSendJobs, SEND_RETRY_LIMIT, type SendJob } from './delivery.queues.js';
import type { DeliveryRow } from './delivery.tables.js';
import { holdBack, isPaced, type PaceGrant, reserveSlots } from './pacing.js';
import { type BroadcastContext, type Plan, planDelivery } from './prepare.js';
import type { Outcome } from './settle.js';
import { settleMany } from './settle.js';

/** Slots further ahead than this are left to a later job, so no worker sits on a batch. */
const PACE_HORIZON_MS = 10_000;
/** How often a paused channel (a WhatsApp phone offline) is looked at again. */
const PAUSED_RECHECK_MS = 15_000;
/** Backoff of temporary failures without Retry-After: 2 s, 4 s, 8 s … at most 5 minutes. */
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 300_000;
/**
 * Provider failures back off to at most this: the circuit breaker, not each message's wait,
 * keeps load off a provider that is down, so a message unlucky in a storm is not left
 * minutes behind once the provider answers again.
 */
const PROVIDER_BACKOFF_MAX_MS = 30_000;

/** A message cleared to go now, after its pacing wait. */
interface Send {
  job: JobWithMetadata<SendJob>;
  delivery: DeliveryRow;
  context: BroadcastContext;
  plan: Extract<Plan, { kind: 'send' }>;
  /** Until its slot in the shared schedule. */
  waitMs: number;
  /** One of the few sends that find out whether a half-open channel's provider is back. */
  probe?: boolean;
}

/**
 * A message to try again in a later job, without spending an attempt when `giveBack` (its
 * claim counted one, but the provider failed for its own reasons or was never called).
 */
interface Later {
  delivery: DeliveryRow;
  afterMs: number;
  unavailableSince?: number;
  providerFailures?: number;
  giveBack?: boolean;
}

/**
 * Sends one batch of delivery jobs:
 * 1. decides each delivery (suppressed, cancelled, … or a rendered message);
 * 2. holds each channel whose circuit breaker is open (its provider mostly failing lately):
 *    its messages wait in a new job without spending an attempt, but for a few probes when
 *    it is half-open; past the outage horizon a message fails `provider_unavailable`;
 * 3. paces each channel: slots from the shared pacing state, so limits hold across every
 *    worker process; a slot beyond the horizon, or a paused channel, waits in a new job
 *    without spending an attempt — a paused one no longer than the broadcast's fallback
 *    time, after which it fails `channel_paused` and the next channel takes over;
 * 4. claims (`sending`, one attempt spent) what goes now before its provider is called, so
 *    after a crash at most the claimed ones can go out twice;
 * 5. sends, each within this process's share of the limits (`SendSpacing`), unless its
 *    channel's breaker opened meanwhile. A failure of the provider itself (5xx, 429, timeout)
 *    gives the attempt back and is tried again later (Retry-After, else backoff; an
 *    account-wide throttle holds the whole channel back) until the outage horizon; a
 *    temporary failure about the recipient spends it, up to six; a permanent failure, or the
 *    last attempt, ends the delivery `failed` with its reason — which may hand the recipient
 *    over to the broadcast's next channel (settle.ts). Every answer feeds the breaker.
 */
export async function sendBatch(
  deps: DispatchDeps,
  jobs: JobWithMetadata<SendJob>[],
): Promise<JobResult[]> {
  const rows = await deps.db
    .selectFrom('deliveries')
    .selectAll()
    .where(
      'id',
      'in',
      jobs.map((job) => job.data.deliveryId),
    )
    .where('status', 'in', ['queued', 'sending'])
    .execute();
  const byId = new Map(rows.map((row) => [row.id, row]));
  const contactIds = [...new Set(rows.map((row) => row.contact_id))];
  const contacts = new Map(
    contactIds.length === 0
      ? []
      : (await contactsByIds(share(deps.db), contactIds)).map((c) => [c.id, c] as const),
  );
  const contexts = new Map<string, Promise<BroadcastContext>>();
  const contextOf = (broadcastId: string) => {
    let context = contexts.get(broadcastId);
    if (!context) {
      context = loadBroadcast(deps, broadcastId);
      contexts.set(broadcastId, context);
    }
    return context;
  };

  const results = new Map<string, JobResult>();
  const settled: Outcome[] = [];
  const later: Later[] = [];
  const toSend = new Map<ChannelAdapter, Omit<Send, 'waitMs'>[]>();
  for (const job of jobs) {
    const delivery = byId.get(job.data.deliveryId);
    // Not claimable: already sent, or settled while the job waited. Nothing to do.
    if (!delivery) {
      results.set(job.id, { id: job.id, status: 'completed' });
      continue;
    }
    try {
      const context = await contextOf(delivery.broadcast_id);
      const plan = planDelivery(deps, delivery, contacts.get(delivery.contact_id), context);
      if (plan.kind === 'settle') {
        settled.push({ delivery, orgPath: context.orgPath, settlement: plan.settlement });
      } else {
        const group = toSend.get(plan.adapter) ?? [];
        group.push({ job, delivery, context, plan });
        toSend.set(plan.adapter, group);
      }
      results.set(job.id, { id: job.id, status: 'completed' });
    } catch (error) {
      deps.onError(error, `delivery ${delivery.id}`);
      results.set(job.id, { id: job.id, status: 'failed', output: { message: String(error) } });
    }
  }

  const cleared: Send[] = [];
  const keep = (item: Omit<Send, 'waitMs'>) => item.job.data.unavailableSince;
  for (const [adapter, whole] of toSend) {
    if (adapter.pausedReason?.()) {
      for (const item of whole) {
        const held = holdWhilePaused(item, deps.now());
        if ('afterMs' in held) {
          later.push({
            delivery: item.delivery,
            afterMs: held.afterMs,
            unavailableSince: keep(item),
          });
        } else settled.push(held);
      }
      continue;
    }
    const admission = await deps.breakers.admit(pacingKey(adapter), whole.length);
    const going = admission.kind === 'all' ? whole : whole.slice(0, probesOf(admission));
    for (const item of whole.slice(going.length)) {
      const afterMs = admission.kind === 'all' ? 0 : admission.afterMs;
      const held = holdForProvider(deps, item, afterMs);
      if ('afterMs' in held) later.push(held);
      else settled.push(held);
    }
    const grants = await paceGroup(deps, adapter, going);
    going.forEach((item, i) => {
      const grant = grants[i] as PaceGrant;
      if (grant.kind === 'later') {
        later.push({
          delivery: item.delivery,
          afterMs: grant.afterMs,
          unavailableSince: keep(item),
        });
        return;
      }
      cleared.push({ ...item, waitMs: grant.waitMs, probe: admission.kind === 'probe' });
    });
  }

  const attempts = await claim(
    deps,
    cleared.map((send) => send.delivery.id),
  );
  await Promise.all(
    cleared.map(async (send) => {
      const attempt = attempts.get(send.delivery.id);
      if (attempt === undefined) return;
      try {
        const outcome = await deliver(deps, send, attempt);
        if ('afterMs' in outcome) later.push(outcome);
        else settled.push(outcome);
      } catch (error) {
        deps.onError(error, `delivery ${send.delivery.id}`);
        results.set(send.job.id, {
          id: send.job.id,
          status: 'failed',
          output: { message: String(error) },
        });
      }
    }),
  );
  // One write per outcome status for the whole batch, not one per delivery: on the
  // embedded store every query runs on the event loop the providers' sockets share.
  await settleMany(deps, settled);
  await giveBackAttempts(
    deps,
    later.filter((l) => l.giveBack).map((l) => l.delivery.id),
  );
  const now = deps.now();
  await insertSendJobs(
    deps.boss,
    later.map(({ delivery, afterMs, unavailableSince, providerFailures }) => ({
      id: delivery.id,
      channel: delivery.channel,
      startAfter: new Date(now + Math.max(0, afterMs)),
      ...(unavailableSince === undefined ? {} : { unavailableSince }),
      ...(providerFailures ? { providerFailures } : {}),
    })),
  );
  // The breaker has counted this batch's answers before its jobs are done: the next batch,
  // in this process or another, sees a channel that just failed.
  await deps.breakers.flush();
  return jobs.map((job) => results.get(job.id) ?? { id: job.id, status: 'completed' });
}

/**
 * A message on a paused channel waits, without spending an attempt, but not past the
 * broadcast's fallback time: then it fails `channel_paused` and the next channel takes over.
 */
function holdWhilePaused(
  { delivery, context, plan }: Omit<Send, 'waitMs'>,
  now: number,
): Outcome | { afterMs: number } {
  const waited = now - delivery.created_at.getTime();
  const { fallbackAfterMs } = plan;
  if (fallbackAfterMs !== null && waited >= fallbackAfterMs) {
    return {
      delivery,
      orgPath: context.orgPath,
      settlement: { status: 'failed', reason: 'channel_paused' },
    };
  }
  const untilFallback = fallbackAfterMs === null ? PAUSED_RECHECK_MS : fallbackAfterMs - waited;
  return { afterMs: Math.min(PAUSED_RECHECK_MS, untilFallback) };
}

/**
 * A message whose provider is unavailable — its channel's breaker open, or the provider
 * failing for its own reasons — waits without spending an attempt, from the first time it
 * met the outage until the outage horizon; then it fails `provider_unavailable`, which hands
 * the recipient over to the broadcast's next channel.
 */
function holdForProvider(
  deps: DispatchDeps,
  { job, delivery, context }: Pick<Send, 'job' | 'delivery' | 'context'>,
  afterMs: number,
  giveBack = false,
): Outcome | Later {
  const now = deps.now();
  const since = job.data.unavailableSince ?? now;
  const left = since + deps.outageHorizonMs - now;
  if (left <= 0) {
    return {
      delivery,
      orgPath: context.orgPath,
      settlement: { status: 'failed', reason: 'provider_unavailable' },
    };
  }
  const failures = job.data.providerFailures;
  return {
    delivery,
    afterMs: Math.min(afterMs, left),
    unavailableSince: since,
    ...(failures ? { providerFailures: failures } : {}),
    giveBack,
  };
}

/** How many of a half-open channel's messages go as probes. */
function probesOf(admission: Admission): number {
  return admission.kind === 'probe' ? admission.probes : 0;
}

/**
 * Gives back the attempts claimed for sends whose provider failed for its own reasons, or
 * that stayed home because their channel's breaker opened: such waits spend none.
 */
async function giveBackAttempts(deps: DispatchDeps, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await deps.db
    .updateTable('deliveries')
    .set((eb) => ({ attempts: sql<number>`greatest(${eb.ref('attempts')} - 1, 0)` }))
    .where('id', 'in', ids)
    .where('status', 'in', ['queued', 'sending'])
    .execute();
}

/** A message's cost in the adapter's pacing units (SMS segments), 1 when it has none. */
function costOf(adapter: ChannelAdapter, message: OutgoingMessage): number {
  return adapter.cost?.(message) ?? 1;
}

/** The pacing key of a channel instance, shared by every hub process on the database. */
function pacingKey(adapter: ChannelAdapter): string {
  return `${adapter.channel}:${adapter.provider}`;
}

async function paceGroup(
  deps: DispatchDeps,
  adapter: ChannelAdapter,
  group: readonly Omit<Send, 'waitMs'>[],
): Promise<PaceGrant[]> {
  if (!isPaced(adapter.pacing)) {
    return group.map(() => ({ kind: 'now', waitMs: 0, at: Date.now() }));
  }
  return reserveSlots(
    deps.db,
    pacingKey(adapter),
    adapter.pacing,
    group.map(({ plan }) => ({ cost: costOf(adapter, plan.message), recipient: plan.message.to })),
    { horizonMs: PACE_HORIZON_MS },
  );
}

/** Marks deliveries `sending` and counts the attempt; returns each claimed one's attempt. */
async function claim(deps: DispatchDeps, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const claimed = await deps.db
    .updateTable('deliveries')
    .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), updated_at: new Date() }))
    .where('id', 'in', ids)
    .where('status', 'in', ['queued', 'sending'])
    .returning(['id', 'attempts'])
    .execute();
  return new Map(claimed.map((row) => [row.id, row.attempts]));
}

/**
 * Sends one message after its pacing wait: its outcome, or when to try again. Every answer
 * counts for the channel's breaker: a failure of the provider itself as a failure, anything
 * else (accepted, refused for good, a problem of this recipient) as the provider working.
 */
async function deliver(deps: DispatchDeps, send: Send, attempt: number): Promise<Outcome | Later> {
  const { delivery, context, plan, waitMs, job } = send;
  const { adapter, message } = plan;
  const key = pacingKey(adapter);
  const answered = isPaced(adapter.pacing)
    ? await deps.spacing.turn(key, waitMs, adapter.pacing, costOf(adapter, message))
    : undefined;
  const outcome = (settlement: Outcome['settlement']): Outcome => ({
    delivery,
    orgPath: context.orgPath,
    settlement: { language: message.language, ...settlement },
  });
  // The breaker may have opened while this message waited for its slot: then it stays home.
  const held = send.probe ? undefined : deps.breakers.holds(key);
  if (held) {
    answered?.();
    return holdForProvider(deps, send, held.afterMs, true);
  }
  try {
    const result = await adapter
      .send(message, { signal: AbortSignal.timeout(deps.sendTimeoutMs), attempt })
      .finally(answered);
    deps.breakers.note(key, 'answered');
    return outcome({
      status: result.status,
      providerMessageId: result.providerMessageId,
      ...(result.status === 'sent' && plan.fallbackAfterMs !== null
        ? { receiptWaitSeconds: plan.fallbackAfterMs / 1000 }
        : {}),
    });
  } catch (error) {
    if (!(error instanceof SafenetError)) throw error;
    const aboutProvider = error.retryable && !error.aboutRecipient;
    deps.breakers.note(key, aboutProvider ? 'failed' : 'answered');
    const retryAfterMs =
      error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
    if (aboutProvider) {
      const failures = (job.data.providerFailures ?? 0) + 1;
      const afterMs = retryAfterMs ?? backoffMs(failures, PROVIDER_BACKOFF_MAX_MS);
      // An account-wide throttle (Twilio 429, WhatsApp 130429) holds every worker of every
      // process back.
      if (error.throttlesChannel) await holdBack(deps.db, key, afterMs);
      const retry = holdForProvider(deps, send, afterMs, true);
      if ('afterMs' in retry) retry.providerFailures = failures;
      // Past the horizon the attempt that found the provider still down is the last one.
      return 'afterMs' in retry
        ? retry
        : outcome({ status: 'failed', reason: failureReason(error) });
    }
    if (error.retryable && attempt <= SEND_RETRY_LIMIT) {
      // About this recipient (WhatsApp 131056, a busy mailbox): it spends the attempt.
      const unavailableSince = job.data.unavailableSince;
      return {
        delivery,
        afterMs: retryAfterMs ?? backoffMs(attempt),
        ...(unavailableSince === undefined ? {} : { unavailableSince }),
      };
    }
    return outcome({ status: 'failed', reason: failureReason(error) });
  }
}

/**
 * Backoff after the `n`th failure in a row: 2 s, 4 s, 8 s … at most `maxMs`, ±20 % jitter so
 * the retries of one outage do not arrive together. Time held by an open breaker is not a
 * failure and does not lengthen it.
 */
function backoffMs(n: number, maxMs = BACKOFF_MAX_MS): number {
  const base = Math.min(maxMs, BACKOFF_BASE_MS * 2 ** (n - 1));
  return base * (0.8 + Math.random() * 0.4);
}

async function loadBroadcast(deps: DispatchDeps, broadcastId: string): Promise<BroadcastContext> {
  const broadcast = await broadcastById(share(deps.db), broadcastId);
  return {
    broadcast,
    content: await resolveContent(share(deps.db), broadcast.content),
    orgPath: await deps.orgPathOf(broadcast.orgId),
  };
}

/**
 * The delivery reason of a provider failure: the adapter's own (`not_on_whatsapp`,
 * `opted_out`, …) when it is a known one, else whether retries ran out or it was refused.
 */
function failureReason(error: SafenetError): DeliveryReason {
  if (isDeliveryReason(error.reason)) return error.reason;
  return error.retryable ? 'provider_unavailable' : 'provider_rejected';
}
