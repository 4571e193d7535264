import { type Contact, isReachable } from '../contact/contact.schema.js';
import type { SegmentQuery } from './segment.schema.js';

type Matchable = Pick<
  Contact,
  'role' | 'orgPath' | 'language' | 'childAgeBands' | 'addresses' | 'consents'
> & { timeZone?: string };

/**
 * True when a contact matches a segment query. The hub runs the same query in SQL;
 * a test checks the two agree.
 */
export function matchesSegment(contact: Matchable, query: SegmentQuery): boolean {
  if (query.roles && !query.roles.includes(contact.role)) return false;
  if (query.underOrgIds && !query.underOrgIds.some((id) => contact.orgPath.includes(id))) {
    return false;
  }
  if (query.orgIds && !query.orgIds.includes(contact.orgPath.at(-1) ?? '')) return false;
  if (query.languages && !query.languages.includes(contact.language)) return false;
  if (query.timeZones && !query.timeZones.includes(contact.timeZone ?? '')) return false;
  const overlaps = (band: { min: number; max: number }) =>
    contact.childAgeBands.some((b) => b.min <= band.max && band.min <= b.max);
  if (query.ageBand && !overlaps(query.ageBand)) return false;
  if (query.parentAgeBands && contact.role === 'parent' && !query.parentAgeBands.some(overlaps)) {
    return false;
  }
  if (query.reachableOn && !query.reachableOn.some((channel) => isReachable(contact, channel))) {
    return false;
  }
  return true;
}
