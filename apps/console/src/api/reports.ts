import type {
  FieldError,
  OrganisationKind,
  ReportAssignee,
  ReportForm,
  ReportFormInput,
  ReportPeriod,
  RollUpNode,
} from '@safenet/core';
import {
  keepPreviousData,
  useInfiniteQuery,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { useStreamEvents } from '../stream/use-stream.js';
import { client } from './client.js';

/*
 * The results reports through the SDK's `client.reports` (issue 13). The resource is being
 * written with the hub's module (branch reports-hub); until it is merged, these are the
 * shapes its brief and core's report-api schema give, and `reports()` reaches it untyped.
 * TODO(after the merge): import the types from @safenet/sdk and use `client.reports`.
 */

export interface ReportAssignment {
  formId: string;
  assignees: ReportAssignee[];
  expected: number;
}
export interface ReportRollUp {
  formId: string;
  period: ReportPeriod;
  node: RollUpNode;
  rows: RollUpNode[];
}
export interface ReportContact {
  id: string;
  displayName: string | null;
  role: string;
  language: string;
  addresses: Record<string, string>;
}
export interface ReportMissing {
  formId: string;
  period: ReportPeriod;
  orgId: string;
  missing: {
    orgId: string;
    name: string;
    kind: OrganisationKind;
    code: string | null;
    contacts: ReportContact[];
  }[];
}
interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
interface ReportsResource {
  listForms(params: {
    campaignId?: string;
    orgId?: string;
    limit?: number;
    cursor?: string;
  }): Promise<Page<ReportForm>>;
  createForm(input: ReportFormInput): Promise<ReportForm>;
  getForm(formId: string): Promise<ReportForm>;
  assignment(formId: string): Promise<ReportAssignment>;
  setAssignment(formId: string, input: { assignees: ReportAssignee[] }): Promise<ReportAssignment>;
  periods(
    formId: string,
    query?: { from?: string; until?: string },
  ): Promise<{ formId: string; periods: ReportPeriod[] }>;
  rollup(
    formId: string,
    periodKey: string,
    query?: { orgId?: string; level?: OrganisationKind },
  ): Promise<ReportRollUp>;
  missing(formId: string, periodKey: string, query?: { orgId?: string }): Promise<ReportMissing>;
}

const reports = () => (client as unknown as { reports: ReportsResource }).reports;

/** The query key of everything about report forms. */
export const REPORTS_KEY = ['report-forms'] as const;

/** Forms per page of the list. */
const PAGE = 50;

/** The forms the person may see (their subtree's, and those above assigning it), a page at a time. */
export function useReportForms(campaignId: string | undefined) {
  return useInfiniteQuery({
    queryKey: [...REPORTS_KEY, 'list', campaignId ?? ''],
    queryFn: ({ pageParam }) =>
      reports().listForms({
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
    queryFn: () => reports().getForm(formId),
  });
}

/** A form's periods up to today (an open-ended schedule's) or to its end. */
export function useReportPeriods(formId: string) {
  return useQuery({
    queryKey: [...REPORTS_KEY, formId, 'periods'],
    queryFn: () => reports().periods(formId),
  });
}

/** Who must report on a form, with how many that is in the tree now. */
export function useReportAssignment(formId: string) {
  return useQuery({
    queryKey: [...REPORTS_KEY, formId, 'assignment'],
    queryFn: () => reports().assignment(formId),
  });
}

/** Replaces a form's assignment; the hub answers the new expected count. */
export function useSetReportAssignment(formId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (assignees: ReportAssignee[]) => reports().setAssignment(formId, { assignees }),
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
    mutationFn: (input: ReportFormInput) => reports().createForm(input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...REPORTS_KEY, 'list'] }),
  });
}

/** A period's roll-up of an organisation's subtree, one row per organisation of `level`. */
export function useRollUp(
  formId: string,
  periodKey: string,
  query: { orgId?: string; level?: OrganisationKind },
) {
  return useQuery({
    queryKey: [...REPORTS_KEY, formId, 'rollup', periodKey, query.orgId ?? '', query.level ?? ''],
    queryFn: () => reports().rollup(formId, periodKey, query),
    placeholderData: keepPreviousData,
  });
}

/** Who in an organisation's subtree has not submitted, with their responsible contacts. */
export function useMissing(formId: string, periodKey: string, orgId: string | undefined) {
  return useQuery({
    queryKey: [...REPORTS_KEY, formId, 'missing', periodKey, orgId ?? ''],
    queryFn: () => reports().missing(formId, periodKey, orgId ? { orgId } : {}),
    placeholderData: keepPreviousData,
  });
}

/**
 * Keeps a period's roll-up and missing list live: a `report.submitted` of the form and
 * period (the stream carries the events of the reader's subtree) reads them again.
 */
export function useRollUpUpdates(formId: string, periodKey: string): void {
  const queryClient = useQueryClient();
  useStreamEvents(['report.submitted' as never], (event: { data: unknown }) => {
    const data = event.data as { formId?: string; periodKey?: string };
    if (data.formId !== formId || data.periodKey !== periodKey) return;
    void queryClient.invalidateQueries({ queryKey: [...REPORTS_KEY, formId, 'rollup', periodKey] });
    void queryClient.invalidateQueries({
      queryKey: [...REPORTS_KEY, formId, 'missing', periodKey],
    });
  });
}

/** The CSV export of a roll-up: a plain link, the session cookie signs it. */
export function exportCsvUrl(
  formId: string,
  periodKey: string,
  query: { orgId?: string; level?: OrganisationKind; language?: string },
): string {
  const params = new URLSearchParams({ format: 'csv' });
  if (query.orgId) params.set('orgId', query.orgId);
  if (query.level) params.set('level', query.level);
  if (query.language) params.set('language', query.language);
  return `/v1/report-forms/${encodeURIComponent(formId)}/periods/${encodeURIComponent(periodKey)}/export?${params}`;
}

export type { FieldError };
