import { z } from 'zod';
import { Channel, Id, Timestamp } from '../common/common.schema.js';
import { DELIVERY_STATUSES } from '../delivery/delivery.schema.js';
import { Signposting, SignpostingInput } from '../hotline/hotline.schema.js';
import { LocalizedText } from '../locale/language.schema.js';
import { CostEstimate } from '../price/price.schema.js';
import { SendApprovalTerms } from './send-approval.schema.js';

/** What a broadcast sends: a saved recommendation, or text written for this broadcast. */
export const BroadcastContentInput = z.union([
  z.strictObject({ recommendationId: Id }),
  z.strictObject({ title: LocalizedText.optional(), body: LocalizedText }),
]);
export type BroadcastContentInput = z.input<typeof BroadcastContentInput>;

/**
 * A broadcast: content sent to a segment over channels in order of preference. Each
 * recipient gets it on the first channel they are reachable on; when that fails for good
 * (not on WhatsApp, opted out, refused…) or, with `fallbackAfterSeconds`, no delivery
 * receipt comes in time, on the next one. Never twice on the same channel.
 *
 * @example
 * { orgId, segmentId, channels: ['whatsapp', 'sms', 'email'], content: { recommendationId },
 *   variables: { hotline: '111' }, sendAt: '2017-04-10T09:00:00+06:00' }
 */
export const BroadcastInput = z.strictObject({
  orgId: Id,
  campaignId: Id.optional(),
  segmentId: Id,
  channels: z
    .array(Channel)
    .min(1)
    .max(5)
    .refine((list) => new Set(list).size === list.length, { message: 'list each channel once' })
    .meta({ uniqueItems: true }),
  content: BroadcastContentInput,
  variables: z
    .record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/), z.string().max(1000))
    .default({})
    .describe('Values for {{variables}} in the content'),
  sendAt: Timestamp.optional().describe('When to start sending; now when omitted'),
  fallbackAfterSeconds: z
    .int()
    .min(1)
    .max(7 * 24 * 3600)
    .optional()
    .describe(
      'Try the next channel when a sent message has no delivery receipt after this many seconds; unset: only failures fall back',
    ),
  urgent: z
    .boolean()
    .default(false)
    .describe(
      'Send at once even inside recipients’ quiet hours; each delivery sent inside them records `quietHoursOverridden`',
    ),
  ignoreTargeting: z
    .boolean()
    .default(false)
    .describe(
      'Send a recommendation to the whole segment, past its target roles and children’s age bands; recorded in the approvals log',
    ),
  signposting: SignpostingInput.default({ enabled: true }).describe(
    'The help-line footer each recipient gets, in their language, from the lines nearest their organisation; a template may place it with {{signposting}}',
  ),
});
export type BroadcastInput = z.input<typeof BroadcastInput>;

export const BROADCAST_STATUSES = [
  'scheduled',
  'queued',
  'sending',
  'completed',
  'cancelled',
  'awaiting_approval',
  'rejected',
] as const;
export const BroadcastStatus = z.enum(BROADCAST_STATUSES);
export type BroadcastStatus = z.infer<typeof BroadcastStatus>;

export const Broadcast = z.object({
  id: Id,
  orgId: Id,
  campaignId: Id.nullable(),
  segmentId: Id.nullable().describe(
    'The saved segment it was sent to; null when the hub chose the audience (a plan’s reminder or escalation to one organisation’s people)',
  ),
  channels: z.array(Channel),
  content: z.union([
    z.object({ recommendationId: Id }),
    z.object({
      title: z.record(z.string(), z.string()).optional(),
      body: z.record(z.string(), z.string()),
    }),
  ]),
  variables: z.record(z.string(), z.string()),
  sendAt: Timestamp,
  fallbackAfterSeconds: z.int().nullable(),
  urgent: z.boolean().describe('Overrides recipients’ quiet hours'),
  contentVersion: z
    .object({ id: Id, number: z.int() })
    .nullable()
    .describe(
      'The recommendation version it sends, fixed when it was created (the published one then); null for its own text',
    ),
  ignoreTargeting: z
    .boolean()
    .describe('Sent past the recommendation’s target roles and age bands, by the sender’s choice'),
  signposting: Signposting.describe('Whether and which help lines the footer signposts'),
  status: BroadcastStatus,
  createdAt: Timestamp,
  updatedAt: Timestamp,
  requestedBy: z
    .string()
    .nullable()
    .describe(
      'The person who created (or last changed) it, when its audience needed approval: they may not approve it',
    ),
  approvedTerms: SendApprovalTerms.nullable().describe(
    'What a second person approved, while the approval holds; null when none was needed or it was voided',
  ),
  estimatedCost: CostEstimate.nullable().describe(
    'The cost estimate recorded when the broadcast was created (see `POST /v1/broadcasts/preview`); null without a price table',
  ),
});
export type Broadcast = z.infer<typeof Broadcast>;

/** Counts of a broadcast's deliveries by status, and whether every recipient is planned. */
export const BroadcastProgress = z.object({
  broadcastId: Id,
  status: BroadcastStatus,
  expanded: z.boolean().describe('True once every recipient has a delivery'),
  total: z.int().describe('Deliveries planned so far, fallbacks included'),
  recipients: z.int().describe('Contacts with at least one delivery'),
  fallbacks: z.int().describe('Deliveries on a later channel after an earlier one failed'),
  deferred: z
    .int()
    .describe(
      'Queued deliveries waiting for their recipient’s morning (quiet hours); counted in `counts.queued` too',
    ),
  counts: z.partialRecord(z.enum(DELIVERY_STATUSES), z.int()),
  channels: z
    .partialRecord(Channel, z.partialRecord(z.enum(DELIVERY_STATUSES), z.int()))
    .describe('The counts by channel: each channel of the broadcast, fallbacks included'),
});
export type BroadcastProgress = z.infer<typeof BroadcastProgress>;
