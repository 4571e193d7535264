import type { ErasureStep } from '../../platform/privacy.js';
import { inTenantOf, scrubColumns } from '../../platform/privacy.js';

/** An erased person's traces in segments: a saved query may search for their address. */
export const segmentsErasure: ErasureStep = {
  name: 'segments',
  erase: (trx, subject) =>
    scrubColumns(
      trx,
      'segments',
      [{ name: 'query', json: true }],
      subject,
      inTenantOf('org_id', subject),
    ),
};
