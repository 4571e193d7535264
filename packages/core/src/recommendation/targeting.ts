import type { SegmentQuery } from '../segment/segment.schema.js';
import type { RecommendationVersion } from './recommendation.schema.js';

/**
 * The audience a broadcast of a recommendation reaches: the segment's query narrowed to the
 * version's target roles (intersected with the segment's own, when it names some) and, for
 * parents, to its target age bands. A version with no targets narrows nothing. The sender may
 * override this explicitly (`ignoreTargeting`), which is recorded.
 *
 * @example
 * narrowToTargets({ roles: ['parent', 'teacher'] }, { targetRoles: ['teacher'], targetAgeBands: [] });
 * // { roles: ['teacher'] }
 */
export function narrowToTargets(
  query: SegmentQuery,
  version: Pick<RecommendationVersion, 'targetRoles' | 'targetAgeBands'>,
): SegmentQuery {
  const narrowed: SegmentQuery = { ...query };
  if (version.targetRoles.length > 0) {
    narrowed.roles = query.roles
      ? query.roles.filter((role) => version.targetRoles.includes(role))
      : [...version.targetRoles];
  }
  if (version.targetAgeBands.length > 0) {
    narrowed.parentAgeBands = version.targetAgeBands.map(({ min, max }) => ({ min, max }));
  }
  return narrowed;
}
