import type { EventOf, Plan, PlanAssignmentState, PlanGrid, PlanGridCell } from '@safenet/sdk';

/** A grid row: one item of the plan, with its title when the plan names it. */
export interface GridRow {
  key: string;
  number: string;
  /** The item's title per language; empty for an item of an implementing campaign. */
  title: Record<string, string>;
  counts: PlanGrid['items'][number]['counts'];
  /** The implementing campaign the row belongs to; null for the grid's own campaign. */
  campaign: RowCampaign | null;
}

/** An implementing campaign of a row: its id, key and title (from the lineage, once read). */
export interface RowCampaign {
  id: string;
  key: string | null;
  title: Record<string, string> | null;
}

/** A section of rows: the plan's heading when known, else its key. */
export interface GridSection {
  key: string;
  title: Record<string, string>;
  rows: GridRow[];
}

/**
 * The grid's items grouped by section in the answer's order: the campaign's own items first,
 * titled from its plan, then those of each campaign implementing it (a school's own plan
 * under a district's), each section headed by that campaign's title where `campaignTitles`
 * (the lineage's) has it.
 */
export function gridSections(
  grid: PlanGrid,
  plan: Plan | undefined,
  campaignTitles: ReadonlyMap<string, Record<string, string>> = new Map(),
): GridSection[] {
  const titles = new Map<string, Record<string, string>>();
  const sectionTitles = new Map<string, Record<string, string>>();
  for (const section of plan?.sections ?? []) {
    sectionTitles.set(section.key, section.title);
    for (const item of section.items) titles.set(item.key, item.title);
  }
  const sections = new Map<string, GridSection>();
  for (const item of grid.items) {
    const own = item.campaign.id === grid.campaignId;
    const campaign: RowCampaign | null = own
      ? null
      : {
          id: item.campaign.id,
          key: item.campaign.key,
          title: campaignTitles.get(item.campaign.id) ?? null,
        };
    const sectionKey = own ? item.sectionKey : `${item.campaign.id}/${item.sectionKey}`;
    let section = sections.get(sectionKey);
    if (!section) {
      section = { key: sectionKey, title: sectionTitle(item.sectionKey, campaign), rows: [] };
      if (own) section.title = sectionTitles.get(item.sectionKey) ?? section.title;
      sections.set(sectionKey, section);
    }
    section.rows.push({
      key: item.key,
      number: item.number,
      title: (own && titles.get(item.key)) || {},
      counts: item.counts,
      campaign,
    });
  }
  return [...sections.values()];
}

/** An implementing campaign's section: "<its title> — <section key>" in each language. */
function sectionTitle(sectionKey: string, campaign: RowCampaign | null): Record<string, string> {
  const name = campaign?.title;
  if (!name) {
    return { en: campaign?.key ? `${campaign.key} — ${sectionKey}` : sectionKey };
  }
  return Object.fromEntries(
    Object.entries(name).map(([language, text]) => [language, `${text} — ${sectionKey}`]),
  );
}

/** The cell of `row` in an organisation's cells, if it is responsible: same campaign and item. */
export function cellOf(
  cells: readonly PlanGridCell[],
  row: GridRow,
  gridCampaignId: string,
): PlanGridCell | undefined {
  const campaignId = row.campaign?.id ?? gridCampaignId;
  return cells.find((cell) => cell.itemKey === row.key && cell.campaignId === campaignId);
}

/** Whether a pair of campaign `campaignId` may show on `grid`: its own, or a row's campaign. */
export function gridConcerns(grid: PlanGrid, campaignId: string): boolean {
  return (
    grid.campaignId === campaignId || grid.items.some((item) => item.campaign.id === campaignId)
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
      const same = cell.itemKey === itemKey && cell.campaignId === campaignId;
      if (!same || cell.status === status) return cell;
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
