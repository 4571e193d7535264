import type { CampaignListParams, CampaignStatus } from '@safenet/sdk';
import { CAMPAIGN_STATUSES } from '../api/domain.js';

/** The campaigns page's URL search: an organisation's subtree, a status, a title prefix. */
export interface CampaignsSearch {
  orgId?: string;
  status?: CampaignStatus;
  q?: string;
}

/** Reads the URL's search, dropping what the page does not offer (a link edited by hand). */
export function campaignsSearch(search: Record<string, unknown>): CampaignsSearch {
  const status =
    typeof search.status === 'string' &&
    (CAMPAIGN_STATUSES as readonly string[]).includes(search.status)
      ? (search.status as CampaignStatus)
      : undefined;
  const q = typeof search.q === 'string' ? search.q.trim().slice(0, 300) : '';
  return {
    ...(typeof search.orgId === 'string' && search.orgId ? { orgId: search.orgId } : {}),
    ...(status ? { status } : {}),
    ...(q ? { q } : {}),
  };
}

/** The SDK's list parameters for a page search. */
export function campaignListParams(search: CampaignsSearch, orgId: string): CampaignListParams {
  return {
    orgId,
    ...(search.status ? { status: search.status } : {}),
    ...(search.q ? { q: search.q } : {}),
  };
}
