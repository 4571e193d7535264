import type { CampaignLineage, InheritedPlanItem, LineageDescendant } from '@safenet/sdk';

/** The inherited items of one campaign up the chain, in its plan's order. */
export interface InheritedGroup {
  campaign: InheritedPlanItem['campaign'];
  items: InheritedPlanItem[];
}

/**
 * A plan's inherited items grouped by the campaign they come from, in the answer's order
 * (nearest campaign first, each in its plan's order).
 */
export function inheritedGroups(items: readonly InheritedPlanItem[]): InheritedGroup[] {
  const groups = new Map<string, InheritedGroup>();
  for (const item of items) {
    let group = groups.get(item.campaign.id);
    if (!group) {
      group = { campaign: item.campaign, items: [] };
      groups.set(item.campaign.id, group);
    }
    group.items.push(item);
  }
  return [...groups.values()];
}

/**
 * The campaign with which `orgId` already carries out the lineage's campaign (a plan directly
 * beneath it, owned by `orgId`), if any: "Adopt" then links to it instead.
 */
export function adoptedBy(lineage: CampaignLineage, orgId: string): LineageDescendant | undefined {
  return lineage.descendants.find(
    (d) => d.implementsCampaignId === lineage.campaign.id && d.owner.id === orgId,
  );
}

/** Statuses in which a campaign can no longer be adopted (`campaign_adopt_closed`). */
export const ADOPT_CLOSED: ReadonlySet<string> = new Set(['completed', 'archived', 'cancelled']);

/** A share of done pairs as a whole percentage: 0 for a plan with no pairs. */
export function percentDone(progress: { done: number; total: number }): number {
  return progress.total === 0 ? 0 : Math.round((100 * progress.done) / progress.total);
}

/** The file name a campaign's programme downloads as: its key, else its id. */
export function programmeFileName(campaign: { id: string; key: string | null }): string {
  return `${campaign.key ?? campaign.id}.yaml`;
}
