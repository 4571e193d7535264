import type { StatusUpdate, WebhookEvents } from '@safenet/channels';
import {
  CHANNEL_ADDRESS,
  type Channel,
  type Consent,
  helpReply,
  parseConsentKeyword,
} from '@safenet/core';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { DispatchDeps } from './dispatcher.js';
import { parkReceipts, receiptReason } from './parked-receipts.js';
import { applyParkedReceipts, settleDelivery } from './settle.js';

/** What applying provider receipts needs (failed receipts can plan a fallback send). */
export type ReceiptDeps = Pick<
  DispatchDeps,
  'db' | 'bus' | 'progress' | 'orgPathOf' | 'boss' | 'interleave'
>;

/**
 * Applies what a provider reported: status receipts move their deliveries forward (late,
 * replayed or out-of-order receipts change nothing; unknown message ids are ignored), and
 * STOP/START replies withdraw or give consent on that channel for every contact with the
 * sender's address. A failure the provider attributes to an opt-out (Twilio 21610) withdraws
 * consent too.
 */
export async function applyWebhookEvents(
  deps: ReceiptDeps,
  channel: Channel,
  events: WebhookEvents,
): Promise<{ statuses: number; consentChanges: number; replies: HelpReply[] }> {
  let statuses = 0;
  const ids = [...new Set(events.statuses.map((s) => s.providerMessageId))];
  const deliveries =
    ids.length === 0
      ? []
      : await deps.db
          .selectFrom('deliveries')
          .selectAll()
          .where('channel', '=', channel)
          .where('provider_message_id', 'in', ids)
          .execute();
  const byMessageId = new Map(deliveries.map((d) => [d.provider_message_id, d]));
  await deps.interleave?.('receipt:looked-up');
  let consentChanges = 0;
  const unknown: StatusUpdate[] = [];
  for (const update of events.statuses) {
    const delivery = byMessageId.get(update.providerMessageId);
    if (!delivery) {
      unknown.push(update);
      continue;
    }
    const reason = receiptReason(update.status, update.reason);
    await settleDelivery(deps, delivery, await deps.orgPathOf(delivery.org_id), {
      status: update.status,
      ...(reason ? { reason } : {}),
    });
    statuses += 1;
    if (reason === 'opted_out') {
      consentChanges += await setConsent(
        deps,
        sql<boolean>`contacts.id = ${delivery.contact_id}::uuid`,
        channel,
        {
          status: 'revoked',
          source: `provider reported an opt-out (${update.errorCode ?? 'no code'})`,
          at: update.at.toISOString(),
        },
      );
    }
  }
  statuses += await parkUnknown(deps, channel, unknown);
  const field = CHANNEL_ADDRESS[channel];
  const replies: HelpReply[] = [];
  for (const message of events.inbound) {
    const keyword = parseConsentKeyword(message.body);
    if (field && keyword === 'help') {
      replies.push(await helpFor(deps, field, message.from));
      continue;
    }
    if (!field || (keyword !== 'stop' && keyword !== 'start')) continue;
    const consent: Consent = {
      status: keyword === 'stop' ? 'revoked' : 'granted',
      source: `${keyword.toUpperCase()} reply on ${channel}`,
      at: message.at.toISOString(),
    };
    consentChanges += await setConsent(
      deps,
      sql<boolean>`contacts.addresses ->> ${field} = ${message.from}`,
      channel,
      consent,
    );
  }
  return { statuses, consentChanges, replies };
}

/**
 * Parks receipts for ids no delivery had (not ours yet, or never: swept after a week), then
 * looks again. The send batch that records such an id claims the receipts parked by then in
 * the same transaction, and looks once more after its commit; this second look covers a
 * receipt parked just after the batch's: one of the two always sees the other's write.
 * Answers how many deliveries moved.
 */
async function parkUnknown(
  deps: ReceiptDeps,
  channel: Channel,
  unknown: readonly StatusUpdate[],
): Promise<number> {
  if (unknown.length === 0) return 0;
  await parkReceipts(deps.db, channel, unknown);
  await deps.interleave?.('receipt:parked');
  const recorded = await deps.db
    .selectFrom('deliveries')
    .selectAll()
    .where('channel', '=', channel)
    .where('provider_message_id', 'in', [...new Set(unknown.map((u) => u.providerMessageId))])
    .execute();
  if (recorded.length === 0) return 0;
  const sends = await Promise.all(
    recorded.map(async (delivery) => ({
      delivery,
      orgPath: await deps.orgPathOf(delivery.org_id),
      providerMessageId: delivery.provider_message_id as string,
    })),
  );
  return applyParkedReceipts(deps, sends);
}

/** The answer to a HELP reply, for the provider to send back (Twilio: in its TwiML). */
export interface HelpReply {
  to: string;
  text: string;
}

/**
 * Names the organisation of the contact with this address, in the contact's language; a
 * sender the hub does not know gets the English text signed "Safenet".
 */
async function helpFor(deps: ReceiptDeps, field: string, from: string): Promise<HelpReply> {
  const contact = await deps.db
    .selectFrom('contacts')
    .innerJoin('organisations', 'organisations.id', 'contacts.org_id')
    .select(['contacts.language', 'organisations.name'])
    .where(sql<boolean>`contacts.addresses ->> ${field} = ${from}`)
    .orderBy('contacts.created_at')
    .executeTakeFirst();
  return { to: from, text: helpReply(contact?.language ?? 'en', contact?.name ?? 'Safenet') };
}

/**
 * Sets consent on `channel` for the contacts `which` selects; returns how many changed.
 * Shared with the unsubscribe links (consent/), which change consent the same way.
 */
export async function setConsent(
  deps: Pick<DispatchDeps, 'db'>,
  which: Expression<SqlBool>,
  channel: Channel,
  consent: Consent,
): Promise<number> {
  const changed = await deps.db
    .updateTable('contacts')
    .set({
      consents: sql`contacts.consents || jsonb_build_object(${channel}::text, ${JSON.stringify(consent)}::jsonb)`,
      updated_at: new Date(),
    })
    .where(which)
    .executeTakeFirst();
  return Number(changed.numUpdatedRows ?? 0n);
}
