import { SafenetError, type SegmentQuery } from '@safenet/core';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import type { CampaignOnCalendar } from '../campaigns/index.js';
import { audienceZones } from '../contacts/index.js';
import { getRecommendation } from '../content/index.js';
import { findSegment, type SegmentRow } from '../segments/index.js';
import type { AnnouncementRow } from './calendar.tables.js';

/**
 * The calendar acts for the campaign's owner: an announcement's segment and recommendation
 * must be the owner's or beneath it, when written and when fired. No key or person acts, so
 * the actor is a nil key id that matches no key.
 */
export function ownerAuth(orgId: string): AuthContext {
  return {
    actor: { kind: 'key', apiKeyId: '00000000-0000-0000-0000-000000000000' },
    orgId,
    orgPath: [],
    scopes: ['read'],
  };
}

const isNotFound = (error: unknown) => error instanceof SafenetError && error.code === 'not_found';

/** The segment `id` if it is the owner's or beneath it, else undefined. */
export async function ownersSegment(
  db: ExecutorHandle,
  ownerOrgId: string,
  id: string,
): Promise<SegmentRow | undefined> {
  try {
    return await findSegment(db, ownerAuth(ownerOrgId), id);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** Whether the recommendation `id` is the owner's or beneath it. */
export async function ownersRecommendation(
  db: ExecutorHandle,
  ownerOrgId: string,
  id: string,
): Promise<boolean> {
  try {
    await getRecommendation(db, ownerAuth(ownerOrgId), id);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

/**
 * The zones an announcement is read in: the campaign's, or — `zone: 'recipient'` — each
 * distinct zone of the contacts its segment reaches now (one occurrence per zone; the
 * broadcast of each goes to that zone's contacts only).
 */
export async function zonesOf(
  db: ExecutorHandle,
  announcement: AnnouncementRow,
  campaign: CampaignOnCalendar,
): Promise<string[]> {
  if (announcement.schedule.zone === 'campaign') return [campaign.timeZone];
  const segment = await ownersSegment(db, campaign.orgId, announcement.segment_id);
  if (!segment) return [];
  return audienceZones(db, campaign.orgId, segment.query as SegmentQuery);
}
