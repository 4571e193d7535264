import type {
  ReportAssignee,
  ReportExportParams,
  ReportFormInput,
  ReportRollUpParams,
} from '@safenet/sdk';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useStreamEvents } from '../stream/use-stream.js';
import { client } from './client.js';

/* The results reports (issue 13) through the SDK's `client.reports`. */

export type { ReportMissing } from '@safenet/sdk';

/** The query key of everything about report forms. */
export const REPORTS_KEY = ['report-forms'] as const;

/** Forms per page of the list. */
const PAGE = 50;

/** The forms the person may see (their subtree's, and those above assigning it), a page at a time. */
export function useReportForms(campaignId: string | undefined) {
  return useInfiniteQuery({
    queryKey: [...REPORTS_KEY, 'list', campaignId ?? ''],
    queryFn: ({ pageParam }) =>
      client.reports.listForms({
        ...(campaignId ? { campaignId } : {}),
        limit: PAGE,
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
}

/** One form. */
export function useReportForm(formId: string) {
  return useQuery({
    queryKey: [...REPORTS_KEY, formId],
    queryFn: () => client.reports.getForm(formId),
  });
}

/** A form's periods up to today (an open-ended schedule's) or to its end. */
export function useReportPeriods(formId: string) {
  return useQuery({
    queryKey: [...REPORTS_KEY, formId, 'periods'],
    queryFn: () => client.reports.periods(formId),
  });
}

/** Who must report on a form, with how many that is in the tree now. */
export function useReportAssignment(formId: string) {
  return useQuery({
    queryKey: [...REPORTS_KEY, formId, 'assignment'],
    queryFn: () => client.reports.assignment(formId),
  });
}

/** Replaces a form's assignment; the hub answers the new expected count. */
export function useSetReportAssignment(formId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (assignees: ReportAssignee[]) =>
      client.reports.setAssignment(formId, { assignees }),
    onSuccess: (assignment) => {
      queryClient.setQueryData([...REPORTS_KEY, formId, 'assignment'], assignment);
      return queryClient.invalidateQueries({ queryKey: [...REPORTS_KEY, formId] });
    },
  });
}

/** Creates a form; the lists read the hub again. */
export function useCreateReportForm() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: ReportFormInput) => client.reports.createForm(input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...REPORTS_KEY, 'list'] }),
  });
}

/** A period's roll-up of an organisation's subtree, one row per organisation of `level`. */
export function useRollUp(formId: string, periodKey: string, query: ReportRollUpParams) {
  return useQuery({
    queryKey: [...REPORTS_KEY, formId, 'rollup', periodKey, query.orgId ?? '', query.level ?? ''],
    queryFn: () => client.reports.rollup(formId, periodKey, query),
    placeholderData: keepPreviousData,
  });
}

/** Who in an organisation's subtree has not submitted, with their responsible contacts. */
export function useMissing(formId: string, periodKey: string, orgId: string | undefined) {
  return useQuery({
    queryKey: [...REPORTS_KEY, formId, 'missing', periodKey, orgId ?? ''],
    queryFn: () => client.reports.missing(formId, periodKey, orgId ? { orgId } : {}),
    placeholderData: keepPreviousData,
  });
}

/**
 * Keeps a period's roll-up and missing list live: a `report.submitted` of the form and
 * period (the stream carries the events of the reader's subtree) reads them again.
 */
export function useRollUpUpdates(formId: string, periodKey: string): void {
  const queryClient = useQueryClient();
  useStreamEvents(['report.submitted'], ({ data }) => {
    if (data.formId !== formId || data.periodKey !== periodKey) return;
    void queryClient.invalidateQueries({ queryKey: [...REPORTS_KEY, formId, 'rollup', periodKey] });
    void queryClient.invalidateQueries({
      queryKey: [...REPORTS_KEY, formId, 'missing', periodKey],
    });
  });
}

/**
 * The export of a roll-up — CSV, or XLSX with the missing list as a second sheet — as a plain
 * link (`GET …/periods/:periodKey/export`, the route `client.reports.exportCsv` and
 * `exportXlsx` read): the browser sends the session cookie and saves the file under the name
 * the hub gives it.
 */
export function exportUrl(
  formId: string,
  periodKey: string,
  format: 'csv' | 'xlsx',
  params: Omit<ReportExportParams, 'format'>,
): string {
  const query = new URLSearchParams({ format });
  if (params.orgId) query.set('orgId', params.orgId);
  if (params.level) query.set('level', params.level);
  if (params.language) query.set('language', params.language);
  return `/v1/report-forms/${encodeURIComponent(formId)}/periods/${encodeURIComponent(periodKey)}/export?${query}`;
}
