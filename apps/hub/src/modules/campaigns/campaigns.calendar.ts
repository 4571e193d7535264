import type { CampaignStatus, Phase } from '@safenet/core';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import { campaignChildren } from './campaigns.store.js';
import { own } from './campaigns.tables.js';

/** What the campaign calendar (the `calendar` module) reads of a campaign. */
export interface CampaignOnCalendar {
  id: string;
  orgId: string;
  /** As stored: the calendar reads it up to date with core's `calendarStatus`. */
  status: CampaignStatus;
  startsOn: string;
  endsOn: string;
  timeZone: string;
  phases: Phase[];
}

/**
 * A campaign with its phases for the calendar, or undefined. `lock: 'share'` holds the row
 * against edits until the caller's transaction ends (the fire step re-reads it so), `inSubtreeOf`
 * limits it to a caller's subtree.
 */
export async function campaignOnCalendar(
  db: ExecutorHandle,
  id: string,
  options: { lock?: 'share' | 'update'; inSubtreeOf?: string } = {},
): Promise<CampaignOnCalendar | undefined> {
  const { lock, inSubtreeOf } = options;
  const row = await own(db)
    .selectFrom('campaigns')
    .select(['id', 'org_id', 'status', 'starts_on', 'ends_on', 'time_zone'])
    .where('id', '=', id)
    .$if(inSubtreeOf !== undefined, (q) =>
      q.where(inSubtree('campaigns.org_id', inSubtreeOf as string)),
    )
    .$if(lock === 'share', (q) => q.forShare())
    .$if(lock === 'update', (q) => q.forUpdate())
    .executeTakeFirst();
  if (!row) return undefined;
  const children = await campaignChildren(own(db), [row.id]);
  return {
    id: row.id,
    orgId: row.org_id,
    status: row.status,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    timeZone: row.time_zone,
    phases: children.get(row.id)?.phases ?? [],
  };
}

/**
 * The ids of the campaigns whose announcements may be due: scheduled, active, or completed
 * with a last day on or after `endsSince` (an announcement may count days after the end).
 */
export async function campaignIdsOnCalendar(
  db: ExecutorHandle,
  endsSince: string,
): Promise<string[]> {
  const rows = await own(db)
    .selectFrom('campaigns')
    .select('id')
    .where('status', 'in', ['scheduled', 'active', 'completed'])
    .where('ends_on', '>=', endsSince)
    .execute();
  return rows.map((row) => row.id);
}
