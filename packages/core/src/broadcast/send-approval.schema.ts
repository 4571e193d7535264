import { z } from 'zod';
import { Channel, Id, Timestamp } from '../common/common.schema.js';

/**
 * What a second person approved when they let a large broadcast go: the recommendation
 * version, the segment and a hash of its query as it stood then (narrowed to the version's
 * targets), the channels, and the audience counted then. Changing the version, the segment's
 * query or the channels before the broadcast starts sending voids the approval.
 *
 * @example
 * { contentVersionId, segmentId, segmentHash: 'sha256:9f…', channels: ['sms'], audience: 166 }
 */
export const SendApprovalTerms = z.object({
  contentVersionId: Id.nullable().describe(
    'The recommendation version approved; null for text written for the broadcast',
  ),
  segmentId: Id.nullable(),
  segmentHash: z
    .string()
    .describe('SHA-256 of the audience query at approval (the segment narrowed to the targets)'),
  channels: z.array(Channel),
  audience: z.int().describe('Contacts reachable on the channels at approval'),
  approvedAt: Timestamp,
});
export type SendApprovalTerms = z.infer<typeof SendApprovalTerms>;

/**
 * An organisation's send-approval threshold: a broadcast whose audience is larger waits in
 * `awaiting_approval` for a second person. `null` inherits from above (or the hub's default).
 *
 * @example
 * { threshold: 1000 }
 */
export const SendApprovalInput = z.strictObject({
  threshold: z
    .int()
    .min(0)
    .max(100_000_000)
    .nullable()
    .describe(
      'Audience size above which a broadcast waits for approval; 0: every broadcast does; null: inherit',
    ),
});
export type SendApprovalInput = z.input<typeof SendApprovalInput>;

/** The threshold an organisation set, and the one in force for it (its own or inherited). */
export const SendApprovalSetting = z.object({
  orgId: Id,
  threshold: z.int().nullable().describe('What the organisation set itself; null: it inherits'),
  inForce: z
    .int()
    .nullable()
    .describe(
      'The threshold its broadcasts meet: its own, the nearest above, or the hub default; null: none wait',
    ),
  definedBy: Id.nullable().describe(
    'The organisation whose setting is in force; null when it is the hub’s default or none',
  ),
});
export type SendApprovalSetting = z.infer<typeof SendApprovalSetting>;
