import {
  type CampaignStatus,
  calendarStatus,
  type Occurrence,
  occurrences,
  type PlanDeadlines,
  type Schedule,
} from '@safenet/core';
import type { CampaignOnCalendar } from '../campaigns/index.js';

/** The statuses whose announcements fire: the calendar runs them. */
const FIRING: ReadonlySet<CampaignStatus> = new Set(['scheduled', 'active', 'completed']);

/** Whether a campaign's announcements fire at `now` (its status as the calendar has it). */
export function campaignFires(campaign: CampaignOnCalendar, now: Date): boolean {
  return FIRING.has(calendarStatus(campaign, now));
}

/**
 * The occurrences of a schedule in the zones given (the campaign's, or each recipient zone
 * of the audience), inside `range`, sorted by instant: core's `occurrences`, per zone.
 */
export function occurrencesIn(
  schedule: Schedule,
  campaign: CampaignOnCalendar,
  plan: PlanDeadlines,
  zones: readonly string[],
  range: { from: Date; to: Date },
): Occurrence[] {
  const calendar = {
    startsOn: campaign.startsOn,
    endsOn: campaign.endsOn,
    timeZone: campaign.timeZone,
    phases: campaign.phases,
    plan,
  };
  const all: Occurrence[] = [];
  for (const zone of zones) {
    try {
      all.push(...occurrences(schedule, calendar, zone, range));
    } catch (error) {
      // An anchor whose phase or item is gone since (a phase removed by a campaign edit): it
      // fires nothing until the announcement is fixed. Anything else is a fault.
      if (!(error instanceof RangeError)) throw error;
    }
  }
  return all.sort((a, b) => a.at.getTime() - b.at.getTime());
}
