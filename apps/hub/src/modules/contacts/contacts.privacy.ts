import type { ErasureStep } from '../../platform/privacy.js';
import { own } from './contacts.tables.js';

/**
 * The contact itself: its row goes, and with it (by foreign key) its consent history; a
 * report link sent to it keeps no contact (`ON DELETE SET NULL`).
 */
export const contactErasure: ErasureStep = {
  name: 'contact',
  async erase(trx, subject) {
    const result = await own(trx)
      .deleteFrom('contacts')
      .where('id', '=', subject.contactId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
