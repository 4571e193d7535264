import { calendarStatus } from '@safenet/core';
import { publishMove } from './campaigns.events.js';
import type { CampaignsDeps } from './campaigns.service.js';
import { campaignsDueRows, moveCampaignRow } from './campaigns.store.js';
import { own } from './campaigns.tables.js';

/** How often the calendar sweep looks for campaigns to turn active or completed. */
export const CALENDAR_SWEEP_MS = 30_000;

/**
 * The calendar's sweep: every scheduled or active campaign whose day has come, in its own
 * time zone, by the hub's clock, turns active (its first day's 00:00) or completed (its last
 * day ended), each move published as `campaign.updated` with `by: 'calendar'`. A campaign
 * whose whole window passed unseen goes from scheduled to completed in one move. Any number
 * of worker processes may sweep at once: a move is made only from the status it read, so each
 * is made, and published, once. Returns how many campaigns it moved.
 */
export async function sweepCampaignCalendar(deps: CampaignsDeps): Promise<number> {
  const db = own(deps.db);
  const now = new Date(deps.now());
  let moved = 0;
  for (const row of await campaignsDueRows(db, now)) {
    const window = { startsOn: row.starts_on, endsOn: row.ends_on, timeZone: row.time_zone };
    const to = calendarStatus({ ...window, status: row.status }, now);
    if (to === row.status) continue;
    await db.transaction().execute(async (trx) => {
      if (!(await moveCampaignRow(trx, row.id, row.status, to, now))) return;
      await publishMove(deps, trx, { ...row, status: to }, row.status, 'calendar', now);
      moved++;
    });
  }
  return moved;
}
