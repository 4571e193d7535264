import type { CampaignStatus } from '@safenet/core';
import type { EventBus } from '../../platform/events/event-bus.js';
import type { CampaignRow } from './campaigns.store.js';
import type { Executor } from './campaigns.tables.js';

/**
 * Publishes a campaign's move as `campaign.updated`, in the transaction that made it: the
 * event is logged if and only if the move commits.
 */
export async function publishMove(
  deps: { bus: EventBus; orgPathOf(orgId: string): Promise<readonly string[]> },
  trx: Executor,
  row: CampaignRow,
  previousStatus: CampaignStatus,
  by: 'request' | 'calendar',
  at: Date,
): Promise<void> {
  await deps.bus.publish(
    {
      orgPath: await deps.orgPathOf(row.org_id),
      event: {
        type: 'campaign.updated',
        orgId: row.org_id,
        at: at.toISOString(),
        data: { campaignId: row.id, status: row.status, previousStatus, by },
      },
    },
    trx,
  );
}
