import {
  type BroadcastInput,
  type BroadcastPreview,
  type Channel,
  countSmsSegments,
  LANGUAGES,
  type Language,
  type SegmentQuery,
  smsText,
  UNREACHABLE_REASONS,
  type UnreachableReason,
} from '@safenet/core';
import { type Expression, type SqlBool, sql } from 'kysely';
import type { z } from 'zod';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { renderFor } from '../content/index.js';
import type { Executor } from '../database.js';
import { hasAddressSql, optedOutSql, reachableSql, segmentSql } from '../segments/index.js';
import { checkBroadcastInput } from './broadcasts.service.js';

/** Recipients of one contact language: in total, and by the channel their message goes on. */
interface LanguageCounts {
  language: Language;
  total: number;
  /** Aligned with the broadcast's channels. */
  byChannel: number[];
  /** Those reachable on none, by the reason planning suppresses them with. */
  unreachable: Record<UnreachableReason, number>;
}

/**
 * What a broadcast would do, without writing anything: who it reaches on which channel, the
 * language each reader gets after fallback, and the SMS segments it would bill. It runs the
 * checks of `createBroadcast` (404 for records outside the caller's subtree, missing
 * variables), but an audience of nobody is a valid answer here, not `segment_empty`.
 */
export async function previewBroadcast(
  db: Executor,
  auth: AuthContext,
  input: z.output<typeof BroadcastInput>,
): Promise<BroadcastPreview> {
  const { segment, content } = await checkBroadcastInput(db, auth, input);

  const counts = await countByLanguage(
    db,
    input.orgId,
    segment.query as SegmentQuery,
    input.channels,
  );
  const smsIndex = input.channels.indexOf('sms');
  const preview: BroadcastPreview = {
    recipients: 0,
    byChannel: Object.fromEntries(input.channels.map((c) => [c, 0])),
    unreachable: 0,
    unreachableReasons: { opted_out: 0, no_consent: 0, no_address: 0 },
    languages: [],
    sms: { languages: [], estimatedSegments: 0 },
  };
  for (const { language, total, byChannel, unreachable } of counts) {
    const reachable = byChannel.reduce((sum, n) => sum + n, 0);
    preview.recipients += total;
    preview.unreachable += total - reachable;
    for (const reason of UNREACHABLE_REASONS) {
      preview.unreachableReasons[reason] += unreachable[reason];
    }
    input.channels.forEach((channel, i) => {
      preview.byChannel[channel] = (preview.byChannel[channel] ?? 0) + (byChannel[i] ?? 0);
    });
    const rendered = renderFor(content, language, input.variables);
    preview.languages.push({
      language,
      recipients: total,
      reachable,
      contentLanguage: rendered?.language ?? null,
    });
    const bySms = smsIndex < 0 ? 0 : (byChannel[smsIndex] ?? 0);
    // Without content these recipients are suppressed at send time: no SMS, nothing billed.
    if (bySms === 0 || !rendered) continue;
    const { encoding, units, segments } = countSmsSegments(smsText(rendered));
    preview.sms.languages.push({
      language,
      contentLanguage: rendered.language,
      recipients: bySms,
      encoding,
      units,
      segments,
    });
    preview.sms.estimatedSegments += bySms * segments;
  }
  return preview;
}

/**
 * One query: per contact language, the contacts the segment matches under `orgId` and how
 * many get their message on each channel — the first, in the broadcast's order, they are
 * reachable on — or, reachable on none, why not, as `expandBroadcast` decides both with
 * core's `firstChoice`. Counted in the database so a preview of 50,000 contacts reads no
 * contact rows.
 */
async function countByLanguage(
  db: Executor,
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
  const rows = await db
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
