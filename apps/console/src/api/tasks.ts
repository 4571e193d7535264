import type { PlanAssignmentState } from '@safenet/sdk';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { useStreamEvents } from '../stream/use-stream.js';
import { client } from './client.js';

/** Tasks per page: a school's list fits on one, a district's pages. */
export const TASKS_PAGE = 25;

/** The query key of every list of tasks: a status recorded anywhere reads them again. */
export const TASKS_KEY = ['plan-assignments'] as const;

/** One page of the organisation's tasks across campaigns, at `cursor` ('' for the first). */
export function useTasks(status: PlanAssignmentState | undefined, cursor: string) {
  return useQuery({
    queryKey: [...TASKS_KEY, status ?? '', cursor],
    queryFn: () =>
      client.campaigns.tasks({
        ...(status ? { status } : {}),
        limit: TASKS_PAGE,
        ...(cursor ? { cursor } : {}),
      }),
    placeholderData: keepPreviousData,
  });
}

/**
 * Keeps the list live: a `plan.assignment.updated` of a pair on screen (the stream carries
 * the events of the caller's subtree, the pairs the list shows) reads it again.
 */
export function useTasksUpdates(): void {
  const queryClient = useQueryClient();
  useStreamEvents(['plan.assignment.updated'], () => {
    void queryClient.invalidateQueries({ queryKey: TASKS_KEY });
  });
}
