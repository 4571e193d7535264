import { z } from 'zod';
import { Channel, Id, PageQuery, Timestamp } from '../common/common.schema.js';

/**
 * Who changed a consent: a person signed in to the console (`user`), an API key (`key`), the
 * contact themselves (`contact`: an unsubscribe link, a STOP or START reply), the provider
 * reporting an opt-out (`provider`), or the hub on its own (`system`). `id` is the person's or
 * the key's id, null for the others.
 */
export const CONSENT_ACTOR_KINDS = ['user', 'key', 'contact', 'provider', 'system'] as const;
export const ConsentActor = z.object({
  kind: z.enum(CONSENT_ACTOR_KINDS),
  id: Id.nullable(),
});
export type ConsentActor = z.infer<typeof ConsentActor>;

/**
 * One change of a contact's consent on a channel, as recorded when it happened: the consent
 * as it became (status, source, when it was given or withdrawn, `at`), when the hub recorded
 * it (`recordedAt`) and who acted (`by`). A contact's history is erased with the contact.
 *
 * @example
 * {
 *   id, contactId, channel: 'whatsapp', status: 'revoked', source: 'STOP reply on whatsapp',
 *   at: '2017-04-12T08:00:00.000Z', recordedAt: '2017-04-12T08:00:01.000Z',
 *   by: { kind: 'contact', id: null },
 * }
 */
export const ConsentEvent = z.object({
  id: Id,
  contactId: Id,
  channel: Channel,
  status: z.enum(['granted', 'revoked']),
  source: z.string(),
  at: Timestamp.describe('When the consent was given or withdrawn (the evidence’s time)'),
  recordedAt: Timestamp.describe('When the hub recorded the change'),
  by: ConsentActor,
});
export type ConsentEvent = z.infer<typeof ConsentEvent>;

/** `GET /v1/contacts/:id/consent-history`: newest first, a page at a time, optionally one channel. */
export const ConsentHistoryQuery = PageQuery.extend({
  channel: Channel.optional().describe('Only the changes on this channel'),
});
export type ConsentHistoryQuery = z.input<typeof ConsentHistoryQuery>;
