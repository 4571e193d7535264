import type { ErasureStep, RetentionClass } from '../../platform/privacy.js';
import { inTenantOf, scrubColumns } from '../../platform/privacy.js';
import { own } from './outbox.tables.js';

/**
 * An erased person's captured messages, in their tenant: the copy of each message addressed to them loses its
 * address and its text (a body may be personalised, and what was sent to whom is theirs);
 * the row stays, so the delivery it belongs to still counts. Any other message quoting one of
 * their addresses or their name has it replaced.
 */
export const outboxErasure: ErasureStep = {
  name: 'outbox messages',
  async erase(trx, subject) {
    const db = own(trx);
    const addressed = await db
      .updateTable('outbox_messages')
      .set({ recipient: subject.placeholder, subject: null, body: '' })
      .where('recipient', 'in', subject.identifiers)
      .where(inTenantOf('org_id', subject))
      .executeTakeFirst();
    const quoted = await scrubColumns(
      trx,
      'outbox_messages',
      [{ name: 'subject' }, { name: 'body' }],
      subject,
      inTenantOf('org_id', subject),
    );
    return Number(addressed.numUpdatedRows) + quoted;
  },
};

/**
 * `delivery`: the captured copies of sent messages (address, subject, body) are deleted once
 * older than the class's days; the deliveries themselves (status, counts) hold no address
 * and stay.
 */
export const deliveryRetention: RetentionClass = {
  name: 'delivery',
  defaultDays: 180,
  async purge(trx, cutoff) {
    const result = await own(trx)
      .deleteFrom('outbox_messages')
      .where('created_at', '<', cutoff)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
