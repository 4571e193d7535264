import {
  CHANNEL_ADDRESS,
  CHANNELS,
  type Channel,
  LANGUAGES,
  type Language,
  type SegmentCount,
  type SegmentQuery,
  UNREACHABLE_REASONS,
  type UnreachableReason,
} from '@safenet/core';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { type Executor, own } from './contacts.tables.js';

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
  if (query.orgIds) parts.push(sql<SqlBool>`contacts.org_id = any(${query.orgIds}::uuid[])`);
  if (query.languages)
    parts.push(sql<SqlBool>`contacts.language = any(${query.languages}::text[])`);
  if (query.timeZones)
    parts.push(sql<SqlBool>`contacts.time_zone = any(${query.timeZones}::text[])`);
  if (query.ageBand) {
    const { min, max } = query.ageBand;
    parts.push(sql<SqlBool>`exists (
      select 1 from jsonb_array_elements(contacts.child_age_bands) band
      where (band ->> 'min')::int <= ${max} and (band ->> 'max')::int >= ${min})`);
  }
  if (query.parentAgeBands) {
    parts.push(sql<SqlBool>`(contacts.role <> 'parent' or exists (
      select 1 from jsonb_array_elements(contacts.child_age_bands) band,
        jsonb_array_elements(${JSON.stringify(query.parentAgeBands)}::jsonb) wanted
      where (band ->> 'min')::int <= (wanted ->> 'max')::int
        and (band ->> 'max')::int >= (wanted ->> 'min')::int))`);
  }
  if (query.reachableOn) {
    parts.push(sql<SqlBool>`(${sql.join(query.reachableOn.map(reachableSql), sql` or `)})`);
  }
  if (parts.length === 0) return sql<SqlBool>`true`;
  return sql<SqlBool>`(${sql.join(parts, sql` and `)})`;
}

/** Counts a segment's contacts under `orgId`, in total and per reachable channel. */
export async function countSegment(
  db: ExecutorHandle | Executor,
  orgId: string,
  query: SegmentQuery,
): Promise<SegmentCount> {
  const row = await own(db)
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

/**
 * The distinct time zones of the contacts a segment matches under `orgId`, sorted: the zones
 * an announcement read in each recipient's own zone fires in (one occurrence per zone).
 */
export async function audienceZones(
  db: ExecutorHandle | Executor,
  orgId: string,
  query: SegmentQuery,
): Promise<string[]> {
  const rows = await own(db)
    .selectFrom('contacts')
    .select('contacts.time_zone')
    .distinct()
    .where(sql<boolean>`${orgId}::uuid = any(contacts.org_path)`)
    .where(segmentSql(query))
    .orderBy('contacts.time_zone')
    .execute();
  return rows.map((row) => row.time_zone);
}

/** Recipients of one contact language: in total, and by the channel their message goes on. */
export interface LanguageCounts {
  language: Language;
  total: number;
  /** Aligned with the broadcast's channels. */
  byChannel: number[];
  /** Those reachable on none, by the reason planning suppresses them with. */
  unreachable: Record<UnreachableReason, number>;
}

/**
 * One query: per contact language, the contacts the segment matches under `orgId` and how
 * many get their message on each channel — the first, in the broadcast's order, they are
 * reachable on — or, reachable on none, why not, as `expandBroadcast` decides both with
 * core's `firstChoice`. Counted in the database so a preview of 50,000 contacts reads no
 * contact rows.
 */
export async function audienceByLanguage(
  db: ExecutorHandle | Executor,
  orgId: string,
  query: SegmentQuery,
  channels: readonly Channel[],
): Promise<LanguageCounts[]> {
  // `reachableSql` is NULL when a contact has no consent entry for the channel: coalesced, so
  // `not` of an earlier channel is true rather than NULL for them.
  const reachable = channels.map((c) => sql<SqlBool>`coalesce(${reachableSql(c)}, false)`);
  const firstOn = (i: number): Expression<SqlBool> =>
    i === 0
      ? (reachable[0] as Expression<SqlBool>)
      : sql<SqlBool>`(${reachable[i]} and not (${sql.join(reachable.slice(0, i), sql` or `)}))`;
  const anyOf = (each: (channel: Channel) => Expression<SqlBool>) =>
    sql<SqlBool>`(${sql.join(channels.map(each), sql` or `)})`;
  const unreachable = sql<SqlBool>`not (${sql.join(reachable, sql` or `)})`;
  // firstChoice's order: a withdrawal on any channel, else an address on any, else none.
  const why: Record<UnreachableReason, Expression<SqlBool>> = {
    opted_out: anyOf(optedOutSql),
    no_consent: sql<SqlBool>`(not ${anyOf(optedOutSql)} and ${anyOf(hasAddressSql)})`,
    no_address: sql<SqlBool>`(not ${anyOf(optedOutSql)} and not ${anyOf(hasAddressSql)})`,
  };
  const count = (where: Expression<SqlBool>) =>
    sql<number>`(count(*) filter (where ${where}))::int`;
  const rows = await own(db)
    .selectFrom('contacts')
    .select('contacts.language')
    .select(sql<number>`count(*)::int`.as('total'))
    .select(channels.map((_, i) => count(firstOn(i)).as(`c${i}`)))
    .select(
      UNREACHABLE_REASONS.map((reason) =>
        count(sql<SqlBool>`(${unreachable} and ${why[reason]})`).as(reason),
      ),
    )
    .where(sql<boolean>`${orgId}::uuid = any(contacts.org_path)`)
    .where(segmentSql(query))
    .groupBy('contacts.language')
    .execute();
  return rows
    .map((row) => {
      const counts = row as unknown as Record<string, number>;
      return {
        language: row.language as Language,
        total: counts.total ?? 0,
        byChannel: channels.map((_, i) => counts[`c${i}`] ?? 0),
        unreachable: {
          opted_out: counts.opted_out ?? 0,
          no_consent: counts.no_consent ?? 0,
          no_address: counts.no_address ?? 0,
        },
      };
    })
    .sort((a, b) => LANGUAGES.indexOf(a.language) - LANGUAGES.indexOf(b.language));
}

/**
 * The next `limit` contacts a segment matches under `orgId`, after the contact id `after`,
 * in id order: what planning a broadcast needs of each (`firstChoice`).
 */
export function audiencePage(
  db: ExecutorHandle | Executor,
  orgId: string,
  query: SegmentQuery,
  after: string | null,
  limit: number,
) {
  return own(db)
    .selectFrom('contacts')
    .select(['id', 'language', 'addresses', 'consents'])
    .where(sql<boolean>`${orgId}::uuid = any(contacts.org_path)`)
    .where(segmentSql(query))
    .$if(after !== null, (q) => q.where('id', '>', after as string))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * The distinct organisation paths, by language, of the contacts a segment matches under
 * `orgId` that are reachable on `channel`: where a preview finds each reader's help-line
 * footer (the hotlines module chooses lines by organisation path).
 */
export async function audienceOrgPaths(
  db: ExecutorHandle | Executor,
  orgId: string,
  query: SegmentQuery,
  channel: Channel,
): Promise<{ language: Language; orgPath: string[] }[]> {
  const rows = await own(db)
    .selectFrom('contacts')
    .select(['contacts.language', 'contacts.org_path'])
    .distinct()
    .where(sql<boolean>`${orgId}::uuid = any(contacts.org_path)`)
    .where(segmentSql(query))
    .where(sql<SqlBool>`coalesce(${reachableSql(channel)}, false)`)
    .execute();
  return rows.map((row) => ({ language: row.language as Language, orgPath: row.org_path }));
}
