import type { PlanAssignmentState } from '@safenet/sdk';

/** The statuses a grid shows, `overdue` computed (core's `PLAN_ASSIGNMENT_STATES`). */
export const PLAN_STATES = [
  'planned',
  'in_progress',
  'done',
  'overdue',
] as const satisfies readonly PlanAssignmentState[];

/** The grid page's URL search: the subtree shown and a status to show only. */
export interface GridSearch {
  orgId?: string;
  status?: PlanAssignmentState;
}

/** Reads the URL's search, dropping what the page does not offer (a link edited by hand). */
export function gridSearch(search: Record<string, unknown>): GridSearch {
  const status =
    typeof search.status === 'string' && (PLAN_STATES as readonly string[]).includes(search.status)
      ? (search.status as PlanAssignmentState)
      : undefined;
  return {
    ...(typeof search.orgId === 'string' && search.orgId ? { orgId: search.orgId } : {}),
    ...(status ? { status } : {}),
  };
}
