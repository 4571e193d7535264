import { z } from 'zod';
import { AttachmentMode } from '../attachment/attachment.schema.js';
import { Channel } from '../common/common.schema.js';
import { LanguageCode } from '../locale/language.schema.js';
import { CostEstimate } from '../price/price.schema.js';
import { SMS_ENCODINGS } from '../sms/encoding.js';

const Count = z.int().min(0);

/** What readers of one contact language would get. */
export const BroadcastPreviewLanguage = z.object({
  language: LanguageCode.describe('The contacts’ language'),
  recipients: Count.describe('Recipients with this language'),
  reachable: Count.describe('Of them, reachable on one of the broadcast’s channels'),
  contentLanguage: LanguageCode.nullable().describe(
    'The language of the content they get after fallback (e.g. kk → ru); null when the content has none of their chain: the reachable ones end suppressed `no_content_in_language`',
  ),
});
export type BroadcastPreviewLanguage = z.infer<typeof BroadcastPreviewLanguage>;

/** The SMS that readers of one contact language would get. */
export const BroadcastPreviewSms = z.object({
  language: LanguageCode.describe('The contacts’ language'),
  contentLanguage: LanguageCode.describe('The language of the text they get'),
  recipients: Count.describe('Recipients whose message goes by SMS'),
  encoding: z.enum(SMS_ENCODINGS).describe('GSM-7 when every character fits, else UCS-2'),
  units: Count.describe(
    'Septets (GSM-7) or UTF-16 units (UCS-2) of the text as sent, NFC-normalised: with the files’ links, the signposting footer and the opt-out link. Footers differ by organisation; this is the longest among the organisations of these recipients (their worst case), so it equals what is sent when their footers are alike',
  ),
  segments: Count.describe(
    'SMS parts per message (of `units`): 160/153 per part in GSM-7, 70/67 in UCS-2',
  ),
  signposting: z
    .string()
    .describe(
      'The footer counted (the longest among these recipients’ organisations); empty when signposting is off or no line serves them',
    ),
});
export type BroadcastPreviewSms = z.infer<typeof BroadcastPreviewSms>;

/** How one channel would carry the files of the version a broadcast sends. */
export const BroadcastPreviewChannelFiles = z.object({
  mode: AttachmentMode.describe(
    '`media` (WhatsApp image and document messages), `attached` (email, while the files total at most 10 MiB), `links` (one short link per file in the text)',
  ),
  files: Count.describe('Files each message carries, whichever the mode'),
  bytes: Count.describe('Bytes of files each message carries itself: 0 as links'),
});
export type BroadcastPreviewChannelFiles = z.infer<typeof BroadcastPreviewChannelFiles>;

/** The files of the version a broadcast sends, and how each of its channels carries them. */
export const BroadcastPreviewAttachments = z.object({
  files: Count.describe('Files of the version sent (0 for text written in the broadcast)'),
  bytes: Count.describe('Their size, in all'),
  byChannel: z
    .partialRecord(Channel, BroadcastPreviewChannelFiles)
    .describe('Each of the broadcast’s channels, when there are files'),
});
export type BroadcastPreviewAttachments = z.infer<typeof BroadcastPreviewAttachments>;

/**
 * How the Zalo messages of one group of readers would go, by their `addresses.zalo`: the
 * counts of {@link BroadcastPreviewZalo}, for one contact language.
 */
export const BroadcastPreviewZaloLanguage = z.object({
  language: LanguageCode.describe('The contacts’ language'),
  contentLanguage: LanguageCode.describe(
    'The language of the text they get, which picks the ZNS template (kk → ru, vi → en…)',
  ),
  template: Count.describe('ZNS template messages: a Vietnamese phone, a template configured'),
  message: Count.describe('Free OA text messages: a follower’s Zalo user id'),
  noTemplate: Count.describe(
    'A Vietnamese phone, but no ZNS template for `contentLanguage`: `template_required`',
  ),
  notVietnamese: Count.describe(
    'A phone outside Vietnam, which ZNS does not serve: `invalid_address`',
  ),
});
export type BroadcastPreviewZaloLanguage = z.infer<typeof BroadcastPreviewZaloLanguage>;

/**
 * Which of the recipients whose message goes on Zalo would get a ZNS template and which a
 * free OA message — and which would fail on Zalo and go to the broadcast's next channel.
 * Only readers with content are counted (the others end `no_content_in_language`).
 */
export const BroadcastPreviewZalo = z.object({
  template: Count.describe(
    'Recipients whose `addresses.zalo` is a Vietnamese phone (+84) and whose text’s language has a ZNS template configured (`SAFENET_ZALO_TEMPLATES`): one template message each',
  ),
  message: Count.describe(
    'Recipients whose `addresses.zalo` is a Zalo user id: a free OA text message, which Zalo delivers only to a follower who wrote to the Official Account in the last 7 days (otherwise it fails `template_required` and falls back)',
  ),
  noTemplate: Count.describe(
    'Recipients with a Vietnamese phone whose text’s language has no ZNS template configured: they fail `template_required` and go to the next channel, if any',
  ),
  notVietnamese: Count.describe(
    'Recipients whose Zalo address is a phone outside Vietnam: ZNS refuses it (`invalid_address`) and they go to the next channel, if any',
  ),
  missingTemplates: z
    .array(LanguageCode)
    .describe(
      'The text languages the `noTemplate` recipients read: configure a ZNS template for each to reach them on Zalo',
    ),
  languages: z
    .array(BroadcastPreviewZaloLanguage)
    .describe('One entry per recipients’ language with Zalo recipients that have content'),
});
export type BroadcastPreviewZalo = z.infer<typeof BroadcastPreviewZalo>;

/**
 * What a broadcast would do, computed without writing anything (`POST /v1/broadcasts/preview`
 * with a broadcast's body). Each recipient counts once, on the first channel in the
 * broadcast's order they have an address and granted consent on — as sending decides.
 *
 * @example
 * {
 *   recipients: 7, byChannel: { whatsapp: 3, sms: 2, email: 1 }, unreachable: 1,
 *   unreachableReasons: { opted_out: 1, no_consent: 0, no_address: 0 },
 *   languages: [
 *     { language: 'ru', recipients: 3, reachable: 3, contentLanguage: 'ru' },
 *     { language: 'kk', recipients: 2, reachable: 2, contentLanguage: 'ru' },
 *     { language: 'vi', recipients: 1, reachable: 1, contentLanguage: 'en' },
 *     { language: 'en', recipients: 1, reachable: 0, contentLanguage: 'en' },
 *   ],
 *   sms: {
 *     languages: [{ language: 'kk', contentLanguage: 'ru', recipients: 2, encoding: 'UCS-2', units: 71, segments: 2, signposting: '' }],
 *     estimatedSegments: 4,
 *   },
 *   attachments: {
 *     files: 1, bytes: 482133,
 *     byChannel: {
 *       whatsapp: { mode: 'media', files: 1, bytes: 482133 },
 *       sms: { mode: 'links', files: 1, bytes: 0 },
 *       email: { mode: 'attached', files: 1, bytes: 482133 },
 *     },
 *   },
 * }
 */
export const BroadcastPreview = z.object({
  recipients: Count.describe('Contacts the segment matches under the organisation'),
  byChannel: z
    .partialRecord(Channel, Count)
    .describe('Recipients whose message goes on each of the broadcast’s channels (all listed)'),
  unreachable: Count.describe(
    'Recipients reachable on none of the channels: they end suppressed, counted by reason in `unreachableReasons`',
  ),
  unreachableReasons: z
    .object({
      opted_out: Count.describe('Withdrew consent on at least one of the channels'),
      no_consent: Count.describe(
        'Withdrew none, but have an address on a channel without consent on it',
      ),
      no_address: Count.describe('Have an address on none of the channels'),
    })
    .describe(
      'The unreachable recipients by the reason their delivery is suppressed with, as planning decides it',
    ),
  languages: z.array(BroadcastPreviewLanguage).describe('One entry per recipients’ language'),
  sms: z.object({
    languages: z
      .array(BroadcastPreviewSms)
      .describe('One entry per language with SMS recipients that have content'),
    estimatedSegments: Count.describe('Σ recipients × segments: the SMS parts billed'),
  }),
  attachments: BroadcastPreviewAttachments.describe(
    'The files of the recommendation’s version and how each channel carries them; an SMS’s links are counted in its `units` and `segments`',
  ),
  cost: CostEstimate.nullable().describe(
    'What sending would cost under the price table in force for the organisation (its own, the nearest above it, or the hub’s `SAFENET_PRICES`); null when there is no price table at all — not an error, nothing can be estimated',
  ),
  zalo: BroadcastPreviewZalo.optional().describe(
    'When the broadcast lists `zalo`: its recipients by how Zalo carries their message (ZNS template, OA message) or refuses it',
  ),
});
export type BroadcastPreview = z.infer<typeof BroadcastPreview>;
