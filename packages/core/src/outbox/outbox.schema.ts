import { z } from 'zod';
import { Channel, Id, Timestamp } from '../common/common.schema.js';
import { LanguageCode } from '../locale/language.schema.js';

/**
 * A message kept in the hub's capture outbox instead of being sent, because no provider
 * is configured for its channel (as in the demo). Its delivery ends `captured`.
 */
export const OutboxMessage = z.object({
  id: Id,
  orgId: Id,
  deliveryId: Id,
  channel: Channel,
  to: z.string(),
  language: LanguageCode,
  subject: z.string().nullable(),
  body: z.string(),
  createdAt: Timestamp,
});
export type OutboxMessage = z.infer<typeof OutboxMessage>;
