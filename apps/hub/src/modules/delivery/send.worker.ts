import type { ChannelAdapter, OutgoingMessage, SendResult } from '@safenet/channels';
import { type DeliveryReason, isDeliveryReason, SafenetError } from '@safenet/core';
import { sql } from 'kysely';
import type { JobResult, JobWithMetadata } from 'pg-boss';
import { share } from '../../platform/database/schema.js';
import { maskPersonalData, withoutQuotes } from '../../platform/logging.js';
import { broadcastById } from '../broadcasts/index.js';
import { withdrawOnRefusedSend } from '../consent/index.js';
import { contactsByIds } from '../contacts/index.js';
import { resolveContent } from '../content/index.js';
import { loadSignposting } from '../hotlines/index.js';
import type { DispatchDeps } from './delivery.deps.js';
import type { SendOutcome } from './delivery.metrics.js';
import {
  insertSendJobs,
  phoneSendQueue,
  SEND_RETRY_LIMIT,
  type SendJob,
} from './delivery.queues.js';
import {
  costOf,
  DELIVERY_GATES,
  holdForProvider,
  type JobItem,
  type Later,
  pacingKey,
  runGates,
  type Send,
} from './gates.js';
import { holdBack, isPaced } from './pacing.js';
import { type BroadcastContext, planDelivery } from './prepare.js';
import { withTimeout } from './send-timeout.js';
import type { Outcome } from './settle.js';
import { settleMany } from './settle.js';

/** Backoff of temporary failures without Retry-After: 2 s, 4 s, 8 s … at most 5 minutes. */
const BACKOFF_BASE_MS = 2_000;
const BACKOFF_MAX_MS = 300_000;
/**
 * Provider failures back off to at most this: the circuit breaker, not each message's wait,
 * keeps load off a provider that is down, so a message unlucky in a storm is not left
 * minutes behind once the provider answers again.
 */
const PROVIDER_BACKOFF_MAX_MS = 30_000;

/**
 * Sends one batch of delivery jobs:
 * 1. decides each delivery (suppressed, cancelled, … or a rendered message);
 * 2. passes the messages to send through the delivery gates, in order ({@link DELIVERY_GATES}):
 *    - a paused channel (a WhatsApp phone offline) holds its messages in a new job without
 *      spending an attempt, no longer than the broadcast's fallback time, after which they
 *      fail `channel_paused` and the next channel takes over;
 *    - quiet hours: a message that would reach its recipient inside them waits, queued and
 *      marked deferred, for the recipient's morning in a new job (no attempt, no slot), unless
 *      its broadcast is urgent;
 *    - a channel whose circuit breaker is open (its provider mostly failing lately) holds its
 *      messages the same way, but for a few probes when it is half-open; past the outage
 *      horizon a message fails `provider_unavailable`;
 *    - pacing: slots from the shared pacing state, so limits hold across every worker
 *      process; a slot beyond the horizon waits in a new job without spending an attempt;
 *    - the claim (`sending`, one attempt spent) of what goes now, before its provider is
 *      called, so after a crash at most the claimed ones can go out twice;
 * 3. sends, each within this process's share of the limits (`SendSpacing`), unless its
 *    channel's breaker opened meanwhile. A failure of the provider itself (5xx, 429, timeout)
 *    gives the attempt back and is tried again later (Retry-After, else backoff; an
 *    account-wide throttle holds the whole channel back) until the outage horizon; a
 *    temporary failure about the recipient spends it, up to six; a permanent failure, or the
 *    last attempt, ends the delivery `failed` with its reason — which may hand the recipient
 *    over to the broadcast's next channel (settle.ts); one refused as opted out (a blocked
 *    bot, Twilio 21610) withdraws the contact's consent on the channel. Every answer feeds
 *    the breaker.
 */
export async function sendBatch(
  deps: DispatchDeps,
  jobs: JobWithMetadata<SendJob>[],
): Promise<JobResult[]> {
  // Each delivery of each job, seen as a job of its own (the job's id, the delivery's data).
  const items: JobItem[] = jobs.flatMap((job) =>
    job.data.deliveries.map((data) => ({ id: job.id, data })),
  );
  const rows =
    items.length === 0
      ? []
      : await deps.db
          .selectFrom('deliveries')
          .selectAll()
          // One array parameter, not one per delivery.
          .where(sql<boolean>`id = any(${items.map((item) => item.data.deliveryId)}::uuid[])`)
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

  /**
   * Jobs that failed for a reason that is no delivery's fate (a bug, the database gone): the
   * queue tries them again, whole — what else they carry is skipped then, being settled.
   */
  const failed = new Map<string, JobResult>();
  const fail = (job: JobItem, error: unknown) => {
    deps.onError(error, `delivery ${job.data.deliveryId}`);
    failed.set(job.id, {
      id: job.id,
      status: 'failed',
      output: { message: maskPersonalData(String(error)) },
    });
  };
  const settled: Outcome[] = [];
  /**
   * What waits for a later job, with when it was decided: its wait runs from then. The batch
   * goes on sending what the gates passed (a slow channel's batch for as long as its slots
   * take, up to the pacing horizon), and a message held back for its slot must not wait that
   * long again on top — by then other batches would have its slot, and it would be held back
   * once more, behind them.
   */
  const later: (Later & { decidedAt: number })[] = [];
  const toSend = new Map<ChannelAdapter, Send[]>();
  for (const job of items) {
    const delivery = byId.get(job.data.deliveryId);
    // Not claimable: already sent, or settled while the job waited. Nothing to do.
    if (!delivery) continue;
    try {
      const context = await contextOf(delivery.broadcast_id);
      const plan = planDelivery(deps, delivery, contacts.get(delivery.contact_id), context);
      if (plan.kind === 'settle') {
        settled.push({ delivery, orgPath: context.orgPath, settlement: plan.settlement });
      } else {
        const group = toSend.get(plan.adapter) ?? [];
        group.push({
          job,
          delivery,
          context,
          plan,
          waitMs: 0,
          probe: false,
          attempt: 0,
          quietHoursOverridden: false,
        });
        toSend.set(plan.adapter, group);
      }
    } catch (error) {
      fail(job, error);
    }
  }

  const gated = await runGates(DELIVERY_GATES, deps, toSend);
  const gatedAt = deps.now();
  for (const { item, verdict } of gated.stopped) {
    if (verdict.kind === 'later') {
      later.push({ ...verdict, delivery: item.delivery, decidedAt: gatedAt });
    } else {
      settled.push({
        delivery: item.delivery,
        orgPath: item.context.orgPath,
        settlement: verdict.settlement,
      });
    }
  }
  await Promise.all(
    gated.passed.map(async (send) => {
      try {
        const outcome = await deliver(deps, send);
        if ('afterMs' in outcome) later.push({ ...outcome, decidedAt: deps.now() });
        else settled.push(outcome);
      } catch (error) {
        fail(send.job, error);
      }
    }),
  );
  // One write per outcome status for the whole batch, not one per delivery.
  await settleMany(deps, settled);
  await giveBackAttempts(
    deps,
    later.filter((l) => l.giveBack).map((l) => l.delivery.id),
  );
  const phones = await heldPhoneQueues(deps, toSend);
  // A failed job comes back whole: what it holds for later waits for it, not in a job of its own.
  const jobOf = new Map(items.map((job) => [job.data.deliveryId, job.id]));
  await insertSendJobs(
    deps.boss,
    later
      .filter(({ delivery }) => !failed.has(jobOf.get(delivery.id) ?? ''))
      .map(({ delivery, afterMs, decidedAt, unavailableSince, providerFailures, queue }) => ({
        id: delivery.id,
        channel: delivery.channel,
        queue: queue ?? phones.get(delivery.id),
        startAfter: new Date(decidedAt + Math.max(0, afterMs)),
        ...(unavailableSince === undefined ? {} : { unavailableSince }),
        ...(providerFailures ? { providerFailures } : {}),
      })),
  );
  // The breaker has counted this batch's answers before its jobs are done: the next batch,
  // in this process or another, sees a channel that just failed.
  await deps.breakers.flush();
  return jobs.map((job) => failed.get(job.id) ?? { id: job.id, status: 'completed' });
}

/**
 * The queue of the next job of each send through a phone this process holds: the phone's own,
 * which only its holder works (by delivery id). Others go back on their channel's queue.
 */
async function heldPhoneQueues(
  deps: DispatchDeps,
  toSend: ReadonlyMap<ChannelAdapter, readonly Send[]>,
): Promise<Map<string, string>> {
  const queues = new Map<string, string>();
  for (const [adapter, sends] of toSend) {
    if (!adapter.pairing || (await deps.phones.whereHeld(adapter)) !== 'here') continue;
    for (const { delivery } of sends) queues.set(delivery.id, phoneSendQueue(adapter));
  }
  return queues;
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

/**
 * Sends one message after its pacing wait: its outcome, or when to try again. Every answer
 * counts for the channel's breaker: a failure of the provider itself as a failure, anything
 * else (accepted, refused for good, a problem of this recipient) as the provider working.
 */
async function deliver(deps: DispatchDeps, send: Send): Promise<Outcome | Later> {
  const { plan, waitMs, attempt } = send;
  const { adapter, message } = plan;
  const key = pacingKey(adapter);
  let answered: (() => void) | undefined;
  if (isPaced(adapter.pacing)) {
    const asked = performance.now();
    answered = await deps.spacing.turn(key, waitMs, adapter.pacing, costOf(adapter, message));
    deps.metrics.pacingWait.observe(
      { channel: adapter.channel },
      (performance.now() - asked) / 1000,
    );
  }
  // The breaker may have opened while this message waited for its slot: then it stays home.
  const held = send.probe ? undefined : deps.breakers.holds(key);
  if (held) {
    answered?.();
    return holdForProvider(deps, send, held.afterMs, true);
  }
  const count = (outcome: SendOutcome) =>
    deps.metrics.sends.inc({ channel: adapter.channel, provider: adapter.provider, outcome });
  let result: SendResult;
  try {
    result = await withTimeout(deps.sendTimeoutMs, (signal) =>
      adapter.send(message, { signal, attempt }),
    ).finally(answered);
  } catch (error) {
    if (!(error instanceof SafenetError)) {
      count('error');
      // Its words may quote the message it was given: they go to the log and the job.
      throw withoutQuotes(error, quotable(message));
    }
    return refused(deps, send, error, count);
  }
  count('accepted');
  deps.breakers.note(key, 'answered');
  return settled(send, {
    status: result.status,
    providerMessageId: result.providerMessageId,
    ...(result.status === 'sent' && plan.fallbackAfterMs !== null
      ? { receiptWaitSeconds: plan.fallbackAfterMs / 1000 }
      : {}),
  });
}

/** A send's outcome: its delivery settled as `settlement`, in the message's language. */
function settled(send: Send, settlement: Outcome['settlement']): Outcome {
  return {
    delivery: send.delivery,
    orgPath: send.context.orgPath,
    settlement: { language: send.plan.message.language, ...settlement },
  };
}

/**
 * What follows a provider's refusal: a failure of the provider itself (5xx, 429, timeout)
 * is tried again after Retry-After or a backoff, without spending the attempt, until the
 * outage horizon; a temporary failure about the recipient spends it, up to six; anything
 * else, or the last attempt, fails the delivery. Logged at debug level, personal data and
 * the message's text left out.
 */
async function refused(
  deps: DispatchDeps,
  send: Send,
  error: SafenetError,
  count: (outcome: SendOutcome) => void,
): Promise<Outcome | Later> {
  const { delivery, plan, job, attempt } = send;
  const key = pacingKey(plan.adapter);
  const aboutProvider = error.retryable && !error.aboutRecipient;
  const answer: SendOutcome = aboutProvider
    ? 'provider_error'
    : error.retryable
      ? 'recipient_unavailable'
      : 'rejected';
  count(answer);
  deps.debug(
    {
      deliveryId: delivery.id,
      channel: plan.adapter.channel,
      provider: plan.adapter.provider,
      outcome: answer,
      code: error.code,
      ...(error.reason ? { reason: error.reason } : {}),
      ...(error.providerCode ? { providerCode: error.providerCode } : {}),
      err: withoutQuotes(error, quotable(plan.message)),
    },
    'the provider did not take a message',
  );
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
      : settled(send, { status: 'failed', reason: failureReason(error) });
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
  const reason = failureReason(error);
  if (reason === 'opted_out') {
    // The recipient blocked the bot, or replied STOP: nothing more goes to them on this
    // channel until they consent again. Recorded once per delivery, however often its job runs.
    await withdrawOnRefusedSend(
      { db: share(deps.db) },
      { contactId: delivery.contact_id, channel: delivery.channel, deliveryId: delivery.id },
      { errorCode: error.providerCode, at: new Date(deps.now()) },
    );
  }
  return settled(send, { status: 'failed', reason });
}

/**
 * The texts of a message that a provider's error may quote back: its body, each of its lines
 * (a provider may quote the text without the footer or the opt-out link the hub added), and
 * its title. The whole body first, so a full quote is redacted as one.
 */
function quotable(message: OutgoingMessage): string[] {
  return [message.body, ...message.body.split('\n'), message.title ?? ''];
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
  const orgPath = await deps.orgPathOf(broadcast.orgId);
  const versionId = broadcast.contentVersion?.id ?? null;
  return {
    broadcast,
    content: await resolveContent(share(deps.db), broadcast.content, versionId),
    orgPath,
    signposting: await loadSignposting(
      share(deps.db),
      broadcast.orgId,
      orgPath,
      broadcast.signposting,
    ),
    attachments: await deps.files.forVersion(share(deps.db), versionId),
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
