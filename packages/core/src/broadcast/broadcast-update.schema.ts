import { z } from 'zod';
import { Channel, Id, Timestamp } from '../common/common.schema.js';
import { BroadcastContentInput } from './broadcast.schema.js';

/**
 * A change to a broadcast that has not started sending: the fields given replace the stored
 * ones. Everything creating a broadcast checks is checked again, its audience is counted
 * against the threshold again, and an approval it had is void.
 *
 * @example
 * { channels: ['sms'], sendAt: '2017-04-10T09:00:00+06:00' }
 */
export const BroadcastUpdateInput = z
  .strictObject({
    segmentId: Id,
    channels: z
      .array(Channel)
      .min(1)
      .max(5)
      .refine((list) => new Set(list).size === list.length, { message: 'list each channel once' })
      .meta({ uniqueItems: true }),
    content: BroadcastContentInput,
    variables: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9_]*$/), z.string().max(1000)),
    sendAt: Timestamp,
  })
  .partial()
  .refine((patch) => Object.keys(patch).length > 0, { message: 'give at least one field' });
export type BroadcastUpdateInput = z.input<typeof BroadcastUpdateInput>;
