import { CHANNEL_ADDRESS, type Channel, type SegmentQuery } from '@safenet/core';
import { type Expression, type SqlBool, sql } from 'kysely';

/**
 * SQL for "the contact has an address and granted consent on `channel`" — the database twin
 * of core's `isReachable`.
 */
export function reachableSql(channel: Channel): Expression<SqlBool> {
  const field = CHANNEL_ADDRESS[channel];
  const consent = sql<SqlBool>`(contacts.consents -> ${channel} ->> 'status') = 'granted'`;
  if (field === null) return consent;
  return sql<SqlBool>`(coalesce(contacts.addresses ->> ${field}, '') <> '' and ${consent})`;
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
