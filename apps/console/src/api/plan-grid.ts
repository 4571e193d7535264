import type { EventOf, Plan, PlanAssignmentState, PlanGrid, PlanGridCell } from '@safenet/sdk';

/** A grid row: one item of the plan, with its title when the plan names it. */
export interface GridRow {
  key: string;
  number: string;
  /** The item's title per language; empty for an item the campaign's own plan does not hold. */
  title: Record<string, string>;
  counts: PlanGrid['items'][number]['counts'];
  /** The campaign the row belongs to, when the grid tags it (an implementing campaign's rows). */
  campaign: RowCampaign | null;
}

/** The campaign a row is tagged with, read leniently: an id, a title, or both. */
export interface RowCampaign {
  id: string | null;
  title: Record<string, string> | null;
}

/** A section of rows: the plan's heading when known, else its key. */
export interface GridSection {
  key: string;
  title: Record<string, string>;
  rows: GridRow[];
}

type Tagged = { campaign?: unknown };

/**
 * The campaign tag of a grid item or cell, when there is one: `campaign` as an id, or as an
 * object with `id` (or `campaignId`) and perhaps `title`. The grid is read generically so rows
 * of implementing campaigns show without the console knowing their exact shape.
 */
export function campaignTag(value: Tagged): RowCampaign | null {
  const tag = value.campaign;
  if (typeof tag === 'string') return { id: tag, title: null };
  if (typeof tag !== 'object' || tag === null) return null;
  const record = tag as Record<string, unknown>;
  const id = typeof record.id === 'string' ? record.id : null;
  const fallbackId = typeof record.campaignId === 'string' ? record.campaignId : null;
  const title =
    typeof record.title === 'object' && record.title !== null
      ? (record.title as Record<string, string>)
      : null;
  return { id: id ?? fallbackId, title };
}

/**
 * The grid's items grouped by section in the answer's order (items of one section may come
 * apart, e.g. a section of an implementing campaign after the own ones: each run keeps the
 * first place its section took), titled from the plan where it has them.
 */
export function gridSections(grid: PlanGrid, plan: Plan | undefined): GridSection[] {
  const titles = new Map<string, Record<string, string>>();
  const sectionTitles = new Map<string, Record<string, string>>();
  for (const section of plan?.sections ?? []) {
    sectionTitles.set(section.key, section.title);
    for (const item of section.items) titles.set(item.key, item.title);
  }
  const sections = new Map<string, GridSection>();
  for (const item of grid.items) {
    const campaign = campaignTag(item as Tagged);
    const own = campaign === null || campaign.id === null || campaign.id === grid.campaignId;
    const sectionKey = own ? item.sectionKey : `${campaign.id}/${item.sectionKey}`;
    let section = sections.get(sectionKey);
    if (!section) {
      section = {
        key: sectionKey,
        title: (own && sectionTitles.get(item.sectionKey)) || { en: item.sectionKey },
        rows: [],
      };
      sections.set(sectionKey, section);
    }
    section.rows.push({
      key: item.key,
      number: item.number,
      title: (own && titles.get(item.key)) || {},
      counts: item.counts,
      campaign: own ? null : campaign,
    });
  }
  return [...sections.values()];
}

/**
 * The cell of `row` in an organisation's cells, if the organisation is responsible for it: the
 * cell of the same item and campaign (an untagged one is the grid's own campaign's). When no
 * cell carries a tag, the item's key alone decides.
 */
export function cellOf(
  cells: readonly PlanGridCell[],
  row: GridRow,
  gridCampaignId: string,
): PlanGridCell | undefined {
  const wanted = row.campaign?.id ?? gridCampaignId;
  const campaignOf = (cell: PlanGridCell) => campaignTag(cell as Tagged)?.id ?? gridCampaignId;
  const exact = cells.find((cell) => cell.itemKey === row.key && campaignOf(cell) === wanted);
  if (exact || cells.some((cell) => campaignTag(cell as Tagged) !== null)) return exact;
  return cells.find((cell) => cell.itemKey === row.key);
}

/** Whether a pair of campaign `campaignId` may show on `grid`: its own, or a tagged row's. */
export function gridConcerns(grid: PlanGrid, campaignId: string): boolean {
  return (
    grid.campaignId === campaignId ||
    grid.items.some((item) => campaignTag(item as Tagged)?.id === campaignId)
  );
}

/**
 * The grid with one pair's status as `plan.assignment.updated` reports it, before the hub is
 * read again for the counts; the same grid when the pair is not on it.
 */
export function withAssignment(
  grid: PlanGrid,
  event: EventOf<'plan.assignment.updated'>['data'],
): PlanGrid {
  const { campaignId, itemKey, orgId, status } = event;
  let changed = false;
  const organisations = grid.organisations.map((org) => {
    if (org.orgId !== orgId) return org;
    const cells = org.cells.map((cell) => {
      const tag = campaignTag(cell as Tagged);
      const sameCampaign = (tag?.id ?? grid.campaignId) === campaignId;
      if (cell.itemKey !== itemKey || !sameCampaign || cell.status === status) return cell;
      changed = true;
      return {
        ...cell,
        status: status as PlanAssignmentState,
        overdueFor: status === 'overdue' ? cell.overdueFor : null,
      };
    });
    return changed ? { ...org, cells } : org;
  });
  return changed ? { ...grid, organisations } : grid;
}
