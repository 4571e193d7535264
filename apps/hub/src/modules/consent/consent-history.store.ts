import type { Channel, ConsentEvent } from '@safenet/core';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import type { ConsentEventRow, Executor } from './consent.tables.js';

/** A `consent_events` row as the API answers it. Casts narrow columns the hub itself wrote. */
export function toConsentEvent(row: ConsentEventRow): ConsentEvent {
  return {
    id: row.id,
    contactId: row.contact_id,
    channel: row.channel as Channel,
    status: row.status as ConsentEvent['status'],
    source: row.source,
    at: row.at.toISOString(),
    recordedAt: row.recorded_at.toISOString(),
    by: { kind: row.actor_kind as ConsentEvent['by']['kind'], id: row.actor_id },
  };
}

/** One page of a contact's consent changes, newest first, on one channel or all. */
export function consentHistory(
  db: Executor,
  contactId: string,
  query: { channel?: Channel | undefined; cursor?: string | undefined; limit: number },
): Promise<Page<ConsentEvent>> {
  return keysetPage(
    db
      .selectFrom('consent_events')
      .selectAll()
      .where('contact_id', '=', contactId)
      .$if(query.channel !== undefined, (q) => q.where('channel', '=', query.channel as Channel)),
    query,
    toConsentEvent,
    'desc',
  );
}
