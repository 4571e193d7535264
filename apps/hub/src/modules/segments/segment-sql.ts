import {
  CHANNEL_ADDRESS,
  CHANNELS,
  type Channel,
  type SegmentCount,
  type SegmentQuery,
} from '@safenet/core';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { Executor } from '../database.js';

/** SQL for the status of the contact's consent on `channel`; NULL when none was ever given. */
function consentSql(channel: Channel) {
  return sql<string | null>`(contacts.consents -> ${channel} ->> 'status')`;
}

/** SQL for "the contact has an address for `channel`" (always true for in-app messages). */
export function hasAddressSql(channel: Channel): Expression<SqlBool> {
  const field = CHANNEL_ADDRESS[channel];
  if (field === null) return sql<SqlBool>`true`;
  return sql<SqlBool>`(coalesce(contacts.addresses ->> ${field}, '') <> '')`;
}

/** SQL for "the contact withdrew consent on `channel`" — core's `opted_out`. */
export function optedOutSql(channel: Channel): Expression<SqlBool> {
  return sql<SqlBool>`coalesce(${consentSql(channel)} = 'revoked', false)`;
}

/**
 * SQL for "the contact has an address and granted consent on `channel`" — the database twin
 * of core's `isReachable`.
 */
export function reachableSql(channel: Channel): Expression<SqlBool> {
  const consent = sql<SqlBool>`${consentSql(channel)} = 'granted'`;
  if (CHANNEL_ADDRESS[channel] === null) return consent;
  return sql<SqlBool>`(${hasAddressSql(channel)} and ${consent})`;
}

/**
 * The conditions of a segment query over the `contacts` table — the database twin of
 * core's `matchesSegment`; a test checks they agree.
 */
export function segmentSql(query: SegmentQuery): Expression<SqlBool> {
  const parts: Expression<SqlBool>[] = [];
  if (query.roles) parts.push(sql<SqlBool>`contacts.role = any(${query.roles}::text[])`);
  if (query.underOrgIds)
    parts.push(sql<SqlBool>`contacts.org_path && ${query.underOrgIds}::uuid[]`);
  if (query.languages)
    parts.push(sql<SqlBool>`contacts.language = any(${query.languages}::text[])`);
  if (query.ageBand) {
    const { min, max } = query.ageBand;
    parts.push(sql<SqlBool>`exists (
      select 1 from jsonb_array_elements(contacts.child_age_bands) band
      where (band ->> 'min')::int <= ${max} and (band ->> 'max')::int >= ${min})`);
  }
  if (query.reachableOn) {
    parts.push(sql<SqlBool>`(${sql.join(query.reachableOn.map(reachableSql), sql` or `)})`);
  }
  if (parts.length === 0) return sql<SqlBool>`true`;
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** Counts a segment's contacts under `orgId`, in total and per reachable channel. */
export async function countSegment(
  db: Executor,
  orgId: string,
  query: SegmentQuery,
): Promise<SegmentCount> {
  const row = await db
    .selectFrom('contacts')
    .select(sql<number>`count(*)::int`.as('total'))
    .select(
      CHANNELS.map((c) => sql<number>`(count(*) filter (where ${reachableSql(c)}))::int`.as(c)),
    )
    .where(sql<boolean>`${orgId}::uuid = any(contacts.org_path)`)
    .where(segmentSql(query))
    .executeTakeFirstOrThrow();
  const counts = row as unknown as Record<string, number>;
  return {
    total: counts.total ?? 0,
    reachable: Object.fromEntries(CHANNELS.map((c) => [c, counts[c] ?? 0])),
  };
}
