import {
  attachmentMode,
  type BroadcastInput,
  type BroadcastPreview,
  type BroadcastPreviewAttachments,
  type BroadcastPreviewZalo,
  type Channel,
  LANGUAGES,
  type Language,
  UNREACHABLE_REASONS,
} from '@safenet/core';
import type { z } from 'zod';
import { share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import type { UnsubscribeLinks } from '../consent/index.js';
import {
  audienceByLanguage,
  audienceZaloAddresses,
  type ZaloAddressCount,
} from '../contacts/index.js';
import { type AttachmentFiles, type ResolvedContent, renderFor } from '../content/index.js';
import type { Pricing } from '../costs/index.js';
import { checkBroadcastInput } from './broadcasts.service.js';
import type { Executor } from './broadcasts.tables.js';
import { previewSms } from './preview-sms.js';

/**
 * What a broadcast would do, without writing anything: who it reaches on which channel, the
 * language each reader gets after fallback, the SMS segments it would bill, and on Zalo who
 * gets a ZNS template and who a free OA message. It runs the
 * checks of `createBroadcast` (404 for records outside the caller's subtree, missing
 * variables), but an audience of nobody is a valid answer here, not `segment_empty`.
 */
export async function previewBroadcast(
  db: Executor,
  auth: AuthContext,
  input: z.output<typeof BroadcastInput>,
  services: {
    /** The SMS opt-out links, whose length every SMS carries (consent module). */
    unsubscribe: Pick<UnsubscribeLinks, 'smsOptOutUrlFor'>;
    /** The files' links, one per file in an SMS (content module). */
    files: Pick<AttachmentFiles, 'sampleUrl'>;
    /** The price tables the estimate reads (costs module). */
    pricing: Pricing;
    /** The languages with a ZNS template configured (`SAFENET_ZALO_TEMPLATES`). */
    zaloTemplates: readonly Language[];
  },
): Promise<BroadcastPreview> {
  const { unsubscribe, files, pricing, zaloTemplates } = services;
  const { content, terms } = await checkBroadcastInput(db, auth, input);
  // What each SMS carries besides the content: the files' links, footers and the opt-out
  // link (hotlines).
  const sms = await previewSms(db, auth, input, terms.segmentQuery, {
    unsubscribe,
    fileUrl: files.sampleUrl,
  });

  const counts = await audienceByLanguage(
    share(db),
    input.orgId,
    terms.segmentQuery,
    input.channels,
  );
  const zalo = await audienceZaloAddresses(
    share(db),
    input.orgId,
    terms.segmentQuery,
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
    attachments: filesByChannel(content, input.channels),
    cost: null,
    ...(input.channels.includes('zalo') ? { zalo: noZalo() } : {}),
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
    // Without content these recipients are suppressed at send time: not counted on Zalo.
    const onZalo = zalo.find((row) => row.language === language);
    if (preview.zalo && onZalo && rendered) {
      addZalo(preview.zalo, { ...onZalo, contentLanguage: rendered.language }, zaloTemplates);
    }
    const bySms = smsIndex < 0 ? 0 : (byChannel[smsIndex] ?? 0);
    // Without content these recipients are suppressed at send time: no SMS, nothing billed.
    if (bySms === 0 || !rendered) continue;
    const { count, footer } = sms.worstFor(content, language);
    const { encoding, units, segments } = count;
    preview.sms.languages.push({
      language,
      contentLanguage: rendered.language,
      recipients: bySms,
      encoding,
      units,
      segments,
      signposting: footer,
    });
    preview.sms.estimatedSegments += bySms * segments;
  }
  preview.zalo?.missingTemplates.sort((a, b) => LANGUAGES.indexOf(a) - LANGUAGES.indexOf(b));
  preview.cost = await pricing.estimate(share(db), {
    orgId: input.orgId,
    query: terms.segmentQuery,
    channels: input.channels,
    preview,
  });
  return preview;
}

function noZalo(): BroadcastPreviewZalo {
  return {
    template: 0,
    message: 0,
    noTemplate: 0,
    notVietnamese: 0,
    missingTemplates: [],
    languages: [],
  };
}

/**
 * Adds one language's Zalo recipients: a Vietnamese phone gets the ZNS template of the text's
 * language (the adapter picks it by the message's language, after fallback) or, without one,
 * fails `template_required`; a user id gets OA text; another phone fails `invalid_address`.
 */
function addZalo(
  zalo: BroadcastPreviewZalo,
  counts: ZaloAddressCount & { contentLanguage: Language },
  templates: readonly Language[],
): void {
  const { language, contentLanguage, vietnamesePhone, userId, other } = counts;
  if (vietnamesePhone + userId + other === 0) return;
  const hasTemplate = templates.includes(contentLanguage);
  const entry = {
    language,
    contentLanguage,
    template: hasTemplate ? vietnamesePhone : 0,
    message: userId,
    noTemplate: hasTemplate ? 0 : vietnamesePhone,
    notVietnamese: other,
  };
  zalo.languages.push(entry);
  zalo.template += entry.template;
  zalo.message += entry.message;
  zalo.noTemplate += entry.noTemplate;
  zalo.notVietnamese += entry.notVietnamese;
  if (entry.noTemplate > 0 && !zalo.missingTemplates.includes(contentLanguage)) {
    zalo.missingTemplates.push(contentLanguage);
  }
}

/** The version's files, and how each of the broadcast's channels carries them. */
function filesByChannel(
  content: ResolvedContent,
  channels: readonly Channel[],
): BroadcastPreviewAttachments {
  const files = content.files.length;
  const bytes = content.files.reduce((sum, file) => sum + file.sizeBytes, 0);
  if (files === 0) return { files, bytes, byChannel: {} };
  return {
    files,
    bytes,
    byChannel: Object.fromEntries(
      channels.map((channel) => {
        const mode = attachmentMode(channel, bytes);
        return [channel, { mode, files, bytes: mode === 'links' ? 0 : bytes }];
      }),
    ),
  };
}
