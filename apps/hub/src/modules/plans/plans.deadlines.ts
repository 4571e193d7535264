import type { PlanDeadlines } from '@safenet/core';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { own } from './plans.tables.js';

/**
 * A campaign's stored plan as the calendar reads it: its sections' items in order, each with
 * its key and deadline (what an announcement's `item.deadline` anchor counts from), read in
 * the caller's transaction. A campaign without a plan has no items.
 */
export async function planDeadlines(
  handle: ExecutorHandle,
  campaignId: string,
): Promise<PlanDeadlines> {
  const db = own(handle);
  const [sections, items] = await Promise.all([
    db
      .selectFrom('plan_sections')
      .select('key')
      .where('campaign_id', '=', campaignId)
      .orderBy('position')
      .execute(),
    db
      .selectFrom('plan_items')
      .select(['key', 'section_key', 'deadline'])
      .where('campaign_id', '=', campaignId)
      .orderBy('position')
      .execute(),
  ]);
  return sections.map((section) => ({
    items: items
      .filter((item) => item.section_key === section.key)
      .map(({ key, deadline }) => ({ key, deadline })),
  }));
}
