import type { PlanAssignmentPatch, PlanAssignmentState, PlanGrid } from '@safenet/sdk';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useStreamEvents } from '../stream/use-stream.js';
import { client } from './client.js';
import { gridConcerns, withAssignment } from './plan-grid.js';
import { TASKS_KEY } from './tasks.js';

/** Organisations per grid page: columns stay readable on a laptop's screen. */
export const GRID_PAGE = 12;

/** A campaign's activity plan (its items' titles, sections and deadlines). */
export function usePlan(campaignId: string) {
  return useQuery({
    queryKey: ['campaigns', campaignId, 'plan'],
    queryFn: () => client.campaigns.plan(campaignId),
  });
}

/**
 * The campaign's lineage: the plans it implements and those implementing it (the grid names
 * the latter's rows by their titles).
 */
export function useLineage(campaignId: string) {
  return useQuery({
    queryKey: ['campaigns', campaignId, 'lineage'],
    queryFn: () => client.campaigns.lineage(campaignId),
  });
}

/**
 * One page of the plan's grid for the subtree of `orgId`, only pairs in `status` when given,
 * at `cursor` ('' for the first).
 */
export function useGrid(
  campaignId: string,
  orgId: string,
  status: PlanAssignmentState | undefined,
  cursor: string,
) {
  return useQuery({
    queryKey: ['campaigns', campaignId, 'grid', orgId, status ?? '', cursor],
    queryFn: () =>
      client.campaigns.grid(campaignId, {
        orgId,
        ...(status ? { status } : {}),
        limit: GRID_PAGE,
        ...(cursor ? { cursor } : {}),
      }),
    // The page on screen stays while the next one (or another subtree) loads.
    placeholderData: keepPreviousData,
  });
}

/**
 * Keeps a campaign's grid live: on `plan.assignment.updated` of the campaign, the pair's cell
 * takes its new status at once and the grid is read again for its counts.
 */
export function useGridUpdates(campaignId: string): void {
  const queryClient = useQueryClient();
  useStreamEvents(['plan.assignment.updated'], (event) => {
    const gridKey = ['campaigns', campaignId, 'grid'];
    // A pair of another campaign matters only when its rows are on the grid (an implementing
    // campaign's): a ministry sees every school's events, and reads the grid only for these.
    const grids = queryClient.getQueriesData<PlanGrid>({ queryKey: gridKey });
    if (!grids.some(([, grid]) => grid && gridConcerns(grid, event.data.campaignId))) return;
    queryClient.setQueriesData<PlanGrid>({ queryKey: gridKey }, (old) =>
      old ? withAssignment(old, event.data) : old,
    );
    void queryClient.invalidateQueries({ queryKey: gridKey });
  });
}

/** The key of one (item, organisation) pair. */
export interface PairKey {
  /** The campaign the item belongs to (an implementing campaign's rows name theirs). */
  campaignId: string;
  itemKey: string;
  orgId: string;
}

/**
 * Records a pair's status, note and evidence link; the grid of `gridCampaignId` (when the
 * dialog is the grid's) and the lists of tasks read the hub again after.
 */
export function useSetAssignment(gridCampaignId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ pair, patch }: { pair: PairKey; patch: PlanAssignmentPatch }) =>
      client.campaigns.setAssignmentStatus(pair.campaignId, pair.itemKey, pair.orgId, patch),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: TASKS_KEY }),
        gridCampaignId === null
          ? undefined
          : queryClient.invalidateQueries({ queryKey: ['campaigns', gridCampaignId, 'grid'] }),
      ]),
  });
}

/** A campaign's calendar: phases and announcements' occurrences, past and future. */
export function useCalendar(campaignId: string) {
  return useQuery({
    queryKey: ['campaigns', campaignId, 'calendar'],
    queryFn: () => client.campaigns.calendar(campaignId),
  });
}

/** A campaign's announcements (for their titles on the calendar). */
export function useAnnouncements(campaignId: string) {
  return useQuery({
    queryKey: ['campaigns', campaignId, 'announcements'],
    queryFn: () => client.campaigns.announcements(campaignId),
  });
}

/** Keeps a campaign's calendar live: an occurrence fired or missed reads it again. */
export function useCalendarUpdates(campaignId: string): void {
  const queryClient = useQueryClient();
  useStreamEvents(['calendar.occurrence'], (event) => {
    if (event.data.campaignId !== campaignId) return;
    void queryClient.invalidateQueries({ queryKey: ['campaigns', campaignId, 'calendar'] });
  });
}
