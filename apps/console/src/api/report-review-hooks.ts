import type { CampaignTargetsParams, ReportLinkInput } from '@safenet/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from './client.js';
import { REPORTS_KEY } from './reports.js';

/*
 * Reviewing a period's reports (issue 13) through the SDK: approvals, returns, report links
 * and a campaign's targets. Every write reads the period's roll-up and missing list again.
 */

/** After a write: the period's roll-up, missing list and links are read again. */
function useRefreshPeriod(formId: string, periodKey: string) {
  const queryClient = useQueryClient();
  return () =>
    Promise.all(
      ['rollup', 'missing', 'links'].map((part) =>
        queryClient.invalidateQueries({ queryKey: [...REPORTS_KEY, formId, part, periodKey] }),
      ),
    );
}

/** Approves (or withdraws the approval of) an organisation's subtree for the period. */
export function useApproval(formId: string, periodKey: string) {
  const refresh = useRefreshPeriod(formId, periodKey);
  return useMutation({
    mutationFn: async ({ orgId, approve }: { orgId: string; approve: boolean }) => {
      if (approve) await client.reports.approve(formId, periodKey, orgId);
      else await client.reports.unapprove(formId, periodKey, orgId);
    },
    onSettled: refresh,
  });
}

/** Sends an organisation's submitted report back with what to fix. */
export function useReturnSubmission(formId: string, periodKey: string) {
  const refresh = useRefreshPeriod(formId, periodKey);
  return useMutation({
    mutationFn: ({ orgId, comment }: { orgId: string; comment: string }) =>
      client.reports.returnSubmission(formId, periodKey, orgId, comment),
    onSuccess: refresh,
  });
}

/** The period's report links (newest first, without tokens). */
export function useReportLinks(formId: string, periodKey: string) {
  return useQuery({
    queryKey: [...REPORTS_KEY, formId, 'links', periodKey],
    queryFn: () => client.reports.links(formId, periodKey),
  });
}

/** Makes a no-login link to an organisation's report; its URL is in the answer only. */
export function useCreateReportLink(formId: string, periodKey: string) {
  const refresh = useRefreshPeriod(formId, periodKey);
  return useMutation({
    mutationFn: (input: ReportLinkInput) => client.reports.createLink(formId, periodKey, input),
    onSuccess: refresh,
  });
}

/** Revokes a link: its page refuses from now on. */
export function useRevokeReportLink(formId: string, periodKey: string) {
  const refresh = useRefreshPeriod(formId, periodKey);
  return useMutation({
    mutationFn: (linkId: string) => client.reports.revokeLink(linkId),
    onSuccess: refresh,
  });
}

/** A campaign's targets measured over a subtree, in a period (default: the current one). */
export function useCampaignTargets(campaignId: string, params: CampaignTargetsParams) {
  return useQuery({
    queryKey: [...REPORTS_KEY, 'targets', campaignId, params.orgId ?? '', params.periodKey ?? ''],
    queryFn: () => client.campaigns.targets(campaignId, params),
  });
}
