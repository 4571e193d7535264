import {
  type BroadcastInput,
  type BroadcastPreview,
  countSmsSegments,
  type SegmentQuery,
  smsText,
  UNREACHABLE_REASONS,
} from '@safenet/core';
import type { z } from 'zod';
import { share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { audienceByLanguage } from '../contacts/index.js';
import { renderFor } from '../content/index.js';
import type { Pricing } from '../costs/index.js';
import { checkBroadcastInput } from './broadcasts.service.js';
import type { Executor } from './broadcasts.tables.js';

/**
 * What a broadcast would do, without writing anything: who it reaches on which channel, the
 * language each reader gets after fallback, and the SMS segments it would bill. It runs the
 * checks of `createBroadcast` (404 for records outside the caller's subtree, missing
 * variables), but an audience of nobody is a valid answer here, not `segment_empty`.
 */
export async function previewBroadcast(
  db: Executor,
  pricing: Pricing,
  auth: AuthContext,
  input: z.output<typeof BroadcastInput>,
): Promise<BroadcastPreview> {
  const { segment, content } = await checkBroadcastInput(db, auth, input);

  const counts = await audienceByLanguage(
    share(db),
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
    cost: null,
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
  preview.cost = await pricing.estimate(share(db), {
    orgId: input.orgId,
    query: segment.query as SegmentQuery,
    channels: input.channels,
    preview,
  });
  return preview;
}
