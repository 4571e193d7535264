import { z } from 'zod';
import { Channel, Id, Timestamp } from '../common/common.schema.js';
import { AgeBand, Role } from '../contact/contact.schema.js';
import { Language, LanguageCode } from '../locale/language.schema.js';

/**
 * A query over contact fields. Every given condition must hold (AND); inside a list any
 * value may match (OR). An empty query matches every contact the organisation can see.
 *
 * @example
 * { roles: ['parent'], underOrgIds: [almatyId], languages: ['kk', 'ru'], ageBand: { min: 6, max: 10 }, reachableOn: ['whatsapp', 'sms'] }
 */
export const SegmentQueryInput = z.strictObject({
  roles: z.array(Role).min(1).optional(),
  underOrgIds: z
    .array(Id)
    .min(1)
    .max(100)
    .optional()
    .describe('Contacts of these organisations or anywhere beneath them'),
  languages: z.array(Language).min(1).optional(),
  ageBand: AgeBand.optional().describe('Contacts with a child in an overlapping age band'),
  reachableOn: z
    .array(Channel)
    .min(1)
    .optional()
    .describe('Contacts with an address and granted consent on at least one of these channels'),
});
export type SegmentQueryInput = z.input<typeof SegmentQueryInput>;

export const SegmentQuery = z.object({
  roles: z.array(Role).optional(),
  underOrgIds: z.array(Id).optional(),
  languages: z.array(LanguageCode).optional(),
  ageBand: z.object({ min: z.int(), max: z.int() }).optional(),
  reachableOn: z.array(Channel).optional(),
  /**
   * Contacts in one of these IANA zones: set by the hub only, on the broadcast an
   * announcement fires for one zone of recipients (`zone: 'recipient'`); never an input.
   */
  timeZones: z.array(z.string()).optional(),
  /**
   * Contacts of exactly these organisations, not of those beneath them: set by the hub only,
   * on the reminders and escalations it sends a plan's responsible organisations; never an
   * input.
   */
  orgIds: z.array(Id).optional(),
  /**
   * Parents with a child in one of these age bands (other roles pass): set by the hub only,
   * from the target age bands of the recommendation a broadcast sends; never an input.
   */
  parentAgeBands: z.array(z.object({ min: z.int(), max: z.int() })).optional(),
});
export type SegmentQuery = z.infer<typeof SegmentQuery>;

/** A saved segment of an organisation. */
export const Segment = z.object({
  id: Id,
  orgId: Id,
  name: z.string(),
  query: SegmentQuery,
  createdAt: Timestamp,
});
export type Segment = z.infer<typeof Segment>;

export const SegmentInput = z.strictObject({
  orgId: Id,
  name: z.string().trim().min(1).max(200),
  query: SegmentQueryInput,
});
export type SegmentInput = z.input<typeof SegmentInput>;

/**
 * A change to a saved segment: a new name, a new query, or both. A large send approved for the
 * old query loses its approval (the hub compares them before planning it).
 *
 * @example
 * { query: { roles: ['parent'], languages: ['vi'] } }
 */
export const SegmentPatch = z
  .strictObject({ name: z.string().trim().min(1).max(200), query: SegmentQueryInput })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'give a name, a query or both' });
export type SegmentPatch = z.input<typeof SegmentPatch>;

/** A segment dry run: who a query would reach under an organisation, without saving it. */
export const SegmentDryRunInput = z.strictObject({ orgId: Id, query: SegmentQueryInput });
export type SegmentDryRunInput = z.input<typeof SegmentDryRunInput>;

/** The answer of a segment dry run: how many contacts match, per reachable channel. */
export const SegmentCount = z.object({
  total: z.int(),
  reachable: z.partialRecord(Channel, z.int()),
});
export type SegmentCount = z.infer<typeof SegmentCount>;
