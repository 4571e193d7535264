import type { ErasureStep } from '../../platform/privacy.js';
import { inTenantOf, scrubColumns } from '../../platform/privacy.js';

/** An erased person's traces in recommendations: a version's text may quote a contact's address. */
export const recommendationsErasure: ErasureStep = {
  name: 'recommendations',
  erase: (trx, subject) =>
    scrubColumns(
      trx,
      'recommendation_versions',
      [
        { name: 'title', json: true },
        { name: 'body', json: true },
      ],
      subject,
      inTenantOf('org_id', subject),
    ),
};
