import type { ErasureStep } from '../../platform/privacy.js';
import { inTenantOf, scrubColumns } from '../../platform/privacy.js';

/**
 * An erased person's traces in alerts: an alert's message is written by the hub and names
 * no contact today, but a provider's error it quotes may hold an address.
 */
export const alertsErasure: ErasureStep = {
  name: 'alerts',
  erase: (trx, subject) =>
    scrubColumns(trx, 'alerts', [{ name: 'message' }], subject, inTenantOf('org_id', subject)),
};
