import type { WebhookEvents } from '@safenet/channels';
import {
  CHANNEL_ADDRESS,
  type Channel,
  type Consent,
  DELIVERY_REASONS,
  type DeliveryReason,
  helpReply,
  parseConsentKeyword,
} from '@safenet/core';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { DispatchDeps } from './dispatcher.js';
import { settleDelivery } from './settle.js';

/** What applying provider receipts needs (failed receipts can plan a fallback send). */
export type ReceiptDeps = Pick<DispatchDeps, 'db' | 'bus' | 'progress' | 'orgPathOf' | 'boss'>;

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
  let consentChanges = 0;
  for (const update of events.statuses) {
    const delivery = byMessageId.get(update.providerMessageId);
    if (!delivery) {
      // Not ours yet, or never: parked until a send of ours records this id (swept later).
      await deps.db
        .insertInto('pending_receipts')
        .values({
          channel,
          provider_message_id: update.providerMessageId,
          status: update.status,
          reason: update.reason ?? null,
          received_at: update.at,
        })
        .onConflict((oc) => oc.columns(['channel', 'provider_message_id', 'status']).doNothing())
        .execute();
      continue;
    }
    const reason =
      update.status === 'failed'
        ? update.reason && Object.hasOwn(DELIVERY_REASONS, update.reason)
          ? (update.reason as DeliveryReason)
          : 'provider_rejected'
        : undefined;
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
