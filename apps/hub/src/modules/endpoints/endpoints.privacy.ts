import { type SqlBool, sql } from 'kysely';
import type { ErasureStep } from '../../platform/privacy.js';
import { inTenantOf, scrubColumns } from '../../platform/privacy.js';

/**
 * An erased person's traces in outbound webhooks: a message's body is a copy of an event, an
 * attempt keeps an excerpt of the receiver's answer (which may echo it back), and its error.
 */
export const webhooksErasure: ErasureStep = {
  name: 'webhook messages',
  async erase(trx, subject) {
    const messages = sql<SqlBool>`endpoint_id in (select id from webhook_endpoints
      where ${inTenantOf('org_id', subject)})`;
    return (
      (await scrubColumns(trx, 'webhook_messages', [{ name: 'body' }], subject, messages)) +
      (await scrubColumns(
        trx,
        'webhook_attempts',
        [{ name: 'response_excerpt' }, { name: 'error' }],
        subject,
        sql<SqlBool>`message_id in (select id from webhook_messages where ${messages})`,
      ))
    );
  },
};
