import type { ChannelAdapter, OutgoingAttachment, OutgoingMessage } from '@safenet/channels';
import {
  appendSmsOptOut,
  attachmentLinks,
  attachmentMode,
  type Broadcast,
  CHANNEL_ADDRESS,
  type Channel,
  isReachable,
  type Language,
  nextChannel,
  SafenetError,
  unreachableReason,
} from '@safenet/core';
import type { ContactRow } from '../contacts/index.js';
import type { ResolvedContent } from '../content/index.js';
import { type BroadcastSignposting, footerFor, renderSignposted } from '../hotlines/index.js';
import type { DispatchDeps } from './delivery.deps.js';
import type { DeliveryRow } from './delivery.tables.js';
import type { Settlement } from './settle.js';

/** What a send needs to know about its broadcast, loaded once per batch. */
export interface BroadcastContext {
  broadcast: Broadcast;
  content: ResolvedContent;
  orgPath: readonly string[];
  /** The broadcast's signposting and the help lines its footers are chosen from. */
  signposting: BroadcastSignposting;
  /** The files of the version it sends, with their links (content module). */
  attachments: readonly OutgoingAttachment[];
}

/** What to do with one delivery: end it without sending, or send this message. */
export type Plan =
  | { kind: 'settle'; settlement: Settlement }
  | {
      kind: 'send';
      adapter: ChannelAdapter;
      message: OutgoingMessage;
      /** Set when a missing receipt should hand the recipient to the next channel. */
      fallbackAfterMs: number | null;
      /** Where the recipient is: their wall clock and organisation decide their quiet hours. */
      recipient: { timeZone: string; orgPath: readonly string[] };
    };

/**
 * Decides a delivery's fate before any provider is involved: a cancelled broadcast, an erased
 * contact, consent withdrawn or address gone since planning (checked again now, per channel,
 * with the reasons planning gives), no text in the contact's languages; otherwise the
 * rendered message for the channel's adapter.
 */
export function planDelivery(
  deps: Pick<DispatchDeps, 'channels' | 'unsubscribe'>,
  delivery: DeliveryRow,
  contact: ContactRow | undefined,
  { broadcast, content, signposting, attachments }: BroadcastContext,
): Plan {
  const settle = (settlement: Settlement): Plan => ({ kind: 'settle', settlement });
  if (broadcast.status === 'cancelled') {
    return settle({ status: 'cancelled', reason: 'broadcast_cancelled' });
  }
  if (!contact) return settle({ status: 'suppressed', reason: 'contact_deleted' });
  const channel = delivery.channel;
  const unreachable = unreachableReason(contact, channel);
  if (unreachable) return settle({ status: 'suppressed', reason: unreachable });
  const language = contact.language as Language;
  const files = filesOn(channel, attachments);
  let rendered: ReturnType<typeof renderSignposted>;
  try {
    // The footer of the lines nearest the recipient, in their language (hotlines module).
    const footer = footerFor(signposting, contact.org_path, language);
    rendered = renderSignposted(content, language, broadcast.variables, footer, files.links);
  } catch (error) {
    if (error instanceof SafenetError && error.code === 'template_variable_missing') {
      return settle({ status: 'failed', reason: 'template_variable_missing' });
    }
    throw error;
  }
  if (!rendered) return settle({ status: 'suppressed', reason: 'no_content_in_language' });

  const adapter = deps.channels.adapterFor(channel, contact.org_path);
  const field = CHANNEL_ADDRESS[channel];
  const message: OutgoingMessage = {
    deliveryId: delivery.id,
    broadcastId: broadcast.id,
    orgId: broadcast.orgId,
    contactId: contact.id,
    to: field === null ? contact.id : (contact.addresses[field] as string),
    language: rendered.language,
    title: rendered.title,
    body:
      channel === 'sms' ? withSmsOptOut(deps, rendered.body, contact.id, language) : rendered.body,
    ...(channel === 'email'
      ? { unsubscribeUrl: deps.unsubscribe.urlFor(contact.id, channel) }
      : {}),
    ...(files.carried.length > 0 ? { attachments: files.carried } : {}),
  };
  const waitsForReceipt =
    broadcast.fallbackAfterSeconds !== null &&
    adapter.reportsDelivery === true &&
    nextChannel(broadcast.channels, channel, (c) => isReachable(contact, c)) !== null;
  return {
    kind: 'send',
    adapter,
    message,
    fallbackAfterMs: waitsForReceipt ? (broadcast.fallbackAfterSeconds as number) * 1000 : null,
    recipient: { timeZone: contact.time_zone, orgPath: contact.org_path },
  };
}

/**
 * How `channel` carries the version's files (core's `attachmentMode`, as the preview says):
 * the files themselves for its adapter (WhatsApp media, email attachments), or their links
 * written into the text — one per line, after the text and before the footer; in an SMS the
 * link alone, each character being billed.
 */
export function filesOn(
  channel: Channel,
  files: readonly OutgoingAttachment[],
): { carried: readonly OutgoingAttachment[]; links: string } {
  if (files.length === 0) return { carried: [], links: '' };
  const total = files.reduce((sum, file) => sum + file.sizeBytes, 0);
  if (attachmentMode(channel, total) !== 'links') return { carried: files, links: '' };
  return { carried: [], links: attachmentLinks(files, { names: channel !== 'sms' }) };
}

/**
 * An SMS body with the recipient's opt-out link as its last line (one-way senders cannot
 * receive STOP); the body as is when the link is turned off.
 */
function withSmsOptOut(
  deps: Pick<DispatchDeps, 'unsubscribe'>,
  body: string,
  contactId: string,
  language: Language,
): string {
  const url = deps.unsubscribe.smsOptOutUrlFor(contactId);
  return url ? appendSmsOptOut(body, url, language) : body;
}
