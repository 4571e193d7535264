import type { ErasureStep } from '../../platform/privacy.js';
import { scrubColumns } from '../../platform/privacy.js';

/**
 * An erased person's traces in outbound webhooks: a message's body is a copy of an event (an
 * inbound reply carries the sender's address), an attempt keeps an excerpt of the
 * receiver's answer (which may echo it back), and its error text.
 */
export const webhooksErasure: ErasureStep = {
  name: 'webhook messages',
  async erase(trx, subject) {
    return (
      (await scrubColumns(trx, 'webhook_messages', [{ name: 'body' }], subject)) +
      (await scrubColumns(
        trx,
        'webhook_attempts',
        [{ name: 'response_excerpt' }, { name: 'error' }],
        subject,
      ))
    );
  },
};
