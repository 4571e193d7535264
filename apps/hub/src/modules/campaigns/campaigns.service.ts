import type { Campaign, CampaignInput } from '@safenet/core';
import type { z } from 'zod';
import type { Page } from '../../platform/database/keyset.js';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { findInScope, orgInScope } from '../../platform/tenancy/lookups.js';
import { campaignsPage, insertCampaign, toCampaign } from './campaigns.store.js';
import { type Executor, own } from './campaigns.tables.js';

/** One page of the campaigns of the caller's subtree. */
export function listCampaigns(
  db: Executor,
  auth: AuthContext,
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<Campaign>> {
  return campaignsPage(db, auth.orgId, page);
}

/** Creates a campaign for an organisation of the caller's subtree (404 otherwise). */
export async function createCampaign(
  db: Executor,
  auth: AuthContext,
  input: z.output<typeof CampaignInput>,
): Promise<Campaign> {
  await orgInScope(db, auth, input.orgId);
  return toCampaign(await insertCampaign(db, input));
}

/** One campaign of the caller's subtree, or 404. */
export async function getCampaign(
  db: ExecutorHandle | Executor,
  auth: AuthContext,
  id: string,
): Promise<Campaign> {
  return toCampaign(await findInScope(own(db), auth, 'campaigns', id));
}
