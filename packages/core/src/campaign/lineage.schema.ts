import { z } from 'zod';
import { Id } from '../common/common.schema.js';
import { LocalizedText } from '../locale/language.schema.js';
import { CampaignStatus } from './campaign.schema.js';
import { Key } from './shapes.schema.js';

/**
 * Cascading plans (issue 12): a district adopts its province's campaign as its own plan, a
 * school its district's, each campaign naming the one it implements.
 */

/**
 * `POST /v1/campaigns/:id/adopt`: an organisation strictly beneath the campaign's owner makes
 * its own draft campaign implementing it — window, time zone, phases, title and goal copied.
 *
 * @example { key: 'gia-lam-2022', title: { vi: 'Kế hoạch của huyện Gia Lâm', en: 'Gia Lâm district plan' } }
 */
export const CampaignAdoptInput = z
  .strictObject({
    orgId: Id.optional().describe(
      'The adopting organisation, strictly beneath the campaign’s owner (default: yours)',
    ),
    key: Key.describe('The new campaign’s stable key, unique in the adopting organisation'),
    title: z
      .union([z.string().trim().min(1).max(300), LocalizedText])
      .optional()
      .describe('The new campaign’s title (default: the adopted campaign’s)'),
  })
  .describe('An organisation adopting a campaign as its own plan');
export type CampaignAdoptInput = z.input<typeof CampaignAdoptInput>;

/** A campaign of a lineage, with its progress. */
export const LineageCampaign = z.object({
  id: Id,
  key: z.string().nullable(),
  title: LocalizedText,
  owner: z.object({ id: Id, name: z.string() }),
  status: CampaignStatus.describe('As the calendar has it at the moment of reading'),
  progress: z
    .object({ done: z.int(), total: z.int() })
    .describe(
      'The campaign’s own (item, organisation) pairs in your subtree: recorded done, and all',
    ),
});
export type LineageCampaign = z.infer<typeof LineageCampaign>;

/** A campaign of the tree below: the one it implements, and how far down it is. */
export const LineageDescendant = LineageCampaign.extend({
  implementsCampaignId: Id.describe('The campaign it implements: the root or one listed before'),
  depth: z.int().min(1).describe('1 for a campaign implementing the root, 2 beneath those, …'),
});
export type LineageDescendant = z.infer<typeof LineageDescendant>;

/**
 * `GET /v1/campaigns/:id/lineage`: the chain of plans above a campaign and the tree below.
 * Campaigns whose owner is neither above you nor in your subtree (a sibling district's plan
 * seen from a school) are left out, with everything beneath them.
 */
export const CampaignLineage = z.object({
  campaign: LineageCampaign,
  ancestors: z.array(LineageCampaign).describe('The campaigns it implements, nearest first'),
  descendants: z
    .array(LineageDescendant)
    .describe(
      'The campaigns implementing it, recursively, depth first: each after the one it implements',
    ),
});
export type CampaignLineage = z.infer<typeof CampaignLineage>;
