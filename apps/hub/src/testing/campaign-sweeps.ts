import { type SweepResult, sweepAnnouncements } from '../modules/calendar/index.js';
import { sweepCampaignCalendar } from '../modules/campaigns/index.js';
import { planDeadlines } from '../modules/plans/index.js';
import { type FollowUpSweep, sweepFollowUps } from '../modules/reminders/index.js';
import { share } from '../platform/database/schema.js';
import { createOrgPathCache } from '../platform/tenancy/org-paths.js';
import type { TestHub } from './test-hub.js';

/** What one round of the campaign sweeps did. */
export interface CampaignSweeps {
  /** Campaigns the calendar moved (scheduled → active → completed). */
  moved: number;
  /** Announcement occurrences fired and missed. */
  announcements: SweepResult;
  /** Reminder broadcasts created and (item, organisation) pairs escalated. */
  followUps: FollowUpSweep;
}

/**
 * Runs, once, what a worker process runs every 30–60 s for campaigns — the calendar's status
 * sweep, the announcement sweep, the follow-up sweep (reminders and escalation) — with the
 * hub's modules' deps on the clock `now`, for tests outside apps/hub that drive a campaign by
 * hand (a hub started with `workers: false` and that `now`).
 *
 * @example
 * clock = Date.parse('2017-04-10T03:00:00Z');
 * const { announcements } = await runCampaignSweeps(th, () => clock);
 */
export async function runCampaignSweeps(
  th: TestHub,
  now: () => number,
  { graceMs = 15 * 60_000 }: { graceMs?: number } = {},
): Promise<CampaignSweeps> {
  const deps = {
    db: share(th.hub.db),
    bus: th.hub.bus,
    boss: th.hub.boss,
    now,
    orgPathOf: createOrgPathCache(th.hub.db),
    graceMs,
    planOf: planDeadlines,
  };
  const moved = await sweepCampaignCalendar(deps);
  const announcements = await sweepAnnouncements(deps);
  const followUps = await sweepFollowUps(deps);
  return { moved, announcements, followUps };
}
