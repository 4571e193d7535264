import type { ErasureStep } from '../../platform/privacy.js';
import { inTenantOf, scrubColumns } from '../../platform/privacy.js';

/**
 * An erased person's traces in broadcasts: a message written to one parent may name them or
 * quote an address in its text or variables, and the frozen audience query may search for
 * their phone. Replaced where quoted; the broadcast and its counts stay.
 */
export const broadcastsErasure: ErasureStep = {
  name: 'broadcasts',
  erase: (trx, subject) =>
    scrubColumns(
      trx,
      'broadcasts',
      [
        { name: 'content', json: true },
        { name: 'variables', json: true },
        { name: 'segment_query', json: true },
      ],
      subject,
      inTenantOf('org_id', subject),
    ),
};
