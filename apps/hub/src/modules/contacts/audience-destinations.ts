import type { Channel, Language, SegmentQuery } from '@safenet/core';
import { CHANNEL_ADDRESS } from '@safenet/core';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { reachableSql, segmentSql } from './audience.js';
import { type Executor, own } from './contacts.tables.js';

/**
 * SQL for "the contact's message goes on `channels[index]`": reachable on it and on none
 * before it — how `audienceByLanguage` counts them, as `firstChoice` decides.
 */
function firstOnSql(channels: readonly Channel[], index: number): Expression<SqlBool> {
  // NULL when a contact has no consent entry for a channel: coalesced, so `not` is true.
  const reachable = channels.map((c) => sql<SqlBool>`coalesce(${reachableSql(c)}, false)`);
  return index === 0
    ? (reachable[0] as Expression<SqlBool>)
    : sql<SqlBool>`(${reachable[index]} and not (${sql.join(reachable.slice(0, index), sql` or `)}))`;
}

/** Recipients of one language whose message goes to one address on a channel. */
export interface AddressCount {
  language: Language;
  address: string;
  recipients: number;
}

/**
 * The addresses on `channel` of the recipients whose message goes on it — the first of the
 * broadcast's `channels` they are reachable on, as `audienceByLanguage` counts them — with
 * their language: what a cost estimate needs to find each number's country. Grouped in the
 * database (a number shared by two contacts is one row counting two).
 */
export async function audienceAddresses(
  db: ExecutorHandle | Executor,
  orgId: string,
  query: SegmentQuery,
  channels: readonly Channel[],
  channel: Channel,
): Promise<AddressCount[]> {
  const index = channels.indexOf(channel);
  const field = CHANNEL_ADDRESS[channel];
  if (index < 0 || field === null) return [];
  const firstOn = firstOnSql(channels, index);
  // A literal, not a parameter: the select and the group by must be the same expression.
  const address = sql<string>`(contacts.addresses ->> ${sql.lit(field)})`;
  const rows = await own(db)
    .selectFrom('contacts')
    .select('contacts.language')
    .select(address.as('address'))
    .select(sql<number>`count(*)::int`.as('recipients'))
    .where(sql<boolean>`${orgId}::uuid = any(contacts.org_path)`)
    .where(segmentSql(query))
    .where(firstOn)
    .groupBy(['contacts.language', address])
    .execute();
  return rows.map((row) => ({
    language: row.language as Language,
    address: row.address,
    recipients: row.recipients,
  }));
}

/** Zalo recipients of one language, by the kind of their `addresses.zalo`. */
export interface ZaloAddressCount {
  language: Language;
  /** A Vietnamese phone (`+84`, 8–11 more digits): Zalo reaches it by a ZNS template. */
  vietnamesePhone: number;
  /** Digits only, a follower's Zalo user id: Zalo reaches it by an OA text message. */
  userId: number;
  /** Anything else, in practice a phone outside Vietnam: ZNS does not serve it. */
  other: number;
}

// The address shapes the Zalo adapter routes by (`toZaloRoute` in @safenet/channels, which
// keeps its own copy): a phone that is not Vietnamese is refused there as `invalid_address`.
/** A Vietnamese phone in E.164, as ZNS takes it. */
export const ZALO_VIETNAMESE_PHONE = '^\\+84[0-9]{8,11}$';
/** A Zalo user id: digits only (`ZaloAddress`). */
export const ZALO_USER_ID = '^[0-9]{1,24}$';

/**
 * Per contact language, the recipients whose message goes on `zalo` — the first of the
 * broadcast's `channels` they are reachable on — by the kind of their Zalo address: what tells
 * a ZNS template from a free OA message. Counted in the database, one row per language.
 */
export async function audienceZaloAddresses(
  db: ExecutorHandle | Executor,
  orgId: string,
  query: SegmentQuery,
  channels: readonly Channel[],
): Promise<ZaloAddressCount[]> {
  const index = channels.indexOf('zalo');
  if (index < 0) return [];
  const address = sql<string>`(contacts.addresses ->> 'zalo')`;
  const rows = await own(db)
    .selectFrom('contacts')
    .select('contacts.language')
    .select(sql<number>`count(*)::int`.as('total'))
    .select(
      sql<number>`(count(*) filter (where ${address} ~ ${ZALO_VIETNAMESE_PHONE}))::int`.as('phone'),
    )
    .select(sql<number>`(count(*) filter (where ${address} ~ ${ZALO_USER_ID}))::int`.as('user_id'))
    .where(sql<boolean>`${orgId}::uuid = any(contacts.org_path)`)
    .where(segmentSql(query))
    .where(firstOnSql(channels, index))
    .groupBy('contacts.language')
    .execute();
  return rows.map((row) => ({
    language: row.language as Language,
    vietnamesePhone: row.phone,
    userId: row.user_id,
    other: row.total - row.phone - row.user_id,
  }));
}
