import type { Channel, Language, SegmentQuery } from '@safenet/core';
import { CHANNEL_ADDRESS } from '@safenet/core';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { reachableSql, segmentSql } from './audience.js';
import { type Executor, own } from './contacts.tables.js';

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
  const reachable = channels.map((c) => sql<SqlBool>`coalesce(${reachableSql(c)}, false)`);
  const firstOn: Expression<SqlBool> =
    index === 0
      ? (reachable[0] as Expression<SqlBool>)
      : sql<SqlBool>`(${reachable[index]} and not (${sql.join(reachable.slice(0, index), sql` or `)}))`;
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
