import type { ErasureStep } from '../../platform/privacy.js';
import { inTenantOf, scrubColumns } from '../../platform/privacy.js';

/** An erased person's traces in plans: a responsible unit's note or evidence link may quote them. */
export const plansErasure: ErasureStep = {
  name: 'plan assignments',
  erase: (trx, subject) =>
    scrubColumns(
      trx,
      'plan_assignments',
      [{ name: 'note' }, { name: 'evidence_url' }],
      subject,
      inTenantOf('org_id', subject),
    ),
};
