import type { OutgoingMessage } from '@safenet/channels';
import {
  type Broadcast,
  CHANNEL_ADDRESS,
  DELIVERY_REASONS,
  type DeliveryReason,
  type DeliveryStatus,
  isReachable,
  type Language,
  SafenetError,
} from '@safenet/core';
import type { JobResult, JobWithMetadata } from 'pg-boss';
import type { SendJob } from '../queue/boss.js';
import type { ContactRow, DeliveryRow } from '../store/database.js';
import { toBroadcast } from '../store/mappers.js';
import { type ResolvedContent, renderFor, resolveContent } from './content.js';
import type { DispatchDeps } from './dispatcher.js';
import { type Outcome, type Settlement, settleMany } from './settle.js';

interface BroadcastContext {
  broadcast: Broadcast;
  content: ResolvedContent;
  orgPath: readonly string[];
}

/**
 * Sends one batch of delivery jobs. Each delivery is claimed (`sending`) in the database
 * before its provider is called, so after a crash at most the claimed ones can go out twice.
 * A temporary failure fails the job for pg-boss to retry with backoff; the last attempt,
 * or a permanent failure, ends the delivery `failed` with its reason.
 */
export async function sendBatch(
  deps: DispatchDeps,
  jobs: JobWithMetadata<SendJob>[],
): Promise<JobResult[]> {
  const ids = jobs.map((job) => job.data.deliveryId);
  const claimed = await deps.db
    .updateTable('deliveries')
    .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), updated_at: new Date() }))
    .where('id', 'in', ids)
    .where('status', 'in', ['queued', 'sending'])
    .returningAll()
    .execute();
  const byId = new Map(claimed.map((row) => [row.id, row]));
  const contactIds = [...new Set(claimed.map((row) => row.contact_id))];
  const contacts = new Map(
    contactIds.length === 0
      ? []
      : (
          await deps.db.selectFrom('contacts').selectAll().where('id', 'in', contactIds).execute()
        ).map((c) => [c.id, c] as const),
  );
  const broadcasts = new Map<string, Promise<BroadcastContext>>();
  const contextOf = (broadcastId: string) => {
    let context = broadcasts.get(broadcastId);
    if (!context) {
      context = loadBroadcast(deps, broadcastId);
      broadcasts.set(broadcastId, context);
    }
    return context;
  };

  const settled: Outcome[] = [];
  const results = await Promise.all(
    jobs.map(async (job): Promise<JobResult> => {
      const delivery = byId.get(job.data.deliveryId);
      // Not claimable: already sent, or settled while the job waited. Nothing to do.
      if (!delivery) return { id: job.id, status: 'completed' };
      const finalAttempt = job.retryCount >= job.retryLimit;
      try {
        const context = await contextOf(delivery.broadcast_id);
        const settlement = await sendOne(
          deps,
          delivery,
          contacts.get(delivery.contact_id),
          context,
          finalAttempt,
        );
        settled.push({ delivery, orgPath: context.orgPath, settlement });
        return { id: job.id, status: 'completed' };
      } catch (error) {
        deps.onError(error, `delivery ${delivery.id}`);
        return { id: job.id, status: 'failed', output: { message: String(error) } };
      }
    }),
  );
  // One write per outcome status for the whole batch, not one per delivery: on the
  // embedded store every query runs on the event loop the providers' sockets share.
  await settleMany(deps, settled);
  return results;
}

async function loadBroadcast(deps: DispatchDeps, broadcastId: string): Promise<BroadcastContext> {
  const row = await deps.db
    .selectFrom('broadcasts')
    .selectAll()
    .where('id', '=', broadcastId)
    .executeTakeFirstOrThrow();
  const broadcast = toBroadcast(row);
  return {
    broadcast,
    content: await resolveContent(deps.db, broadcast.content),
    orgPath: await deps.orgPathOf(broadcast.orgId),
  };
}

async function sendOne(
  deps: DispatchDeps,
  delivery: DeliveryRow,
  contact: ContactRow | undefined,
  { broadcast, content }: BroadcastContext,
  finalAttempt: boolean,
): Promise<Settlement> {
  const settle = (status: DeliveryStatus, extra: Omit<Settlement, 'status'> = {}): Settlement => ({
    status,
    ...extra,
  });

  if (broadcast.status === 'cancelled')
    return settle('cancelled', { reason: 'broadcast_cancelled' });
  if (!contact) return settle('suppressed', { reason: 'contact_deleted' });
  const channel = delivery.channel;
  // Consent is checked again at send time: it may have been withdrawn since planning.
  if (!isReachable(contact, channel)) {
    const revoked = contact.consents[channel]?.status === 'revoked';
    return settle('suppressed', { reason: revoked ? 'opted_out' : 'not_reachable' });
  }
  let rendered: ReturnType<typeof renderFor>;
  try {
    rendered = renderFor(content, contact.language as Language, broadcast.variables);
  } catch (error) {
    if (error instanceof SafenetError && error.code === 'template_variable_missing') {
      return settle('failed', { reason: 'template_variable_missing' });
    }
    throw error;
  }
  if (!rendered) return settle('suppressed', { reason: 'no_content_in_language' });

  const field = CHANNEL_ADDRESS[channel];
  const message: OutgoingMessage = {
    deliveryId: delivery.id,
    broadcastId: broadcast.id,
    orgId: broadcast.orgId,
    contactId: contact.id,
    to: field === null ? contact.id : (contact.addresses[field] as string),
    language: rendered.language,
    title: rendered.title,
    body: rendered.body,
  };
  const adapter = deps.channels.get(channel);
  if (!adapter) throw new Error(`No adapter for channel ${channel}`);
  try {
    const result = await adapter.send(message, {
      signal: AbortSignal.timeout(deps.sendTimeoutMs),
      attempt: delivery.attempts,
    });
    return settle(result.status, {
      providerMessageId: result.providerMessageId,
      language: rendered.language,
    });
  } catch (error) {
    if (!(error instanceof SafenetError)) throw error;
    if (error.retryable && !finalAttempt) throw error;
    return settle('failed', {
      reason: failureReason(error),
      language: rendered.language,
    });
  }
}

/**
 * The delivery reason of a provider failure: the adapter's own (`not_on_whatsapp`,
 * `opted_out`, …) when it is a known one, else whether retries ran out or it was refused.
 */
function failureReason(error: SafenetError): DeliveryReason {
  if (error.reason && Object.hasOwn(DELIVERY_REASONS, error.reason)) {
    return error.reason as DeliveryReason;
  }
  return error.retryable ? 'provider_unavailable' : 'provider_rejected';
}
