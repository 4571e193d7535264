import { z } from 'zod';
import { Id, Timestamp } from '../common/common.schema.js';

/**
 * The record of an erasure: that a contact's personal data was erased, by whom and when.
 * It holds no personal data — the contact's id no longer resolves to anyone.
 *
 * @example
 * {
 *   id: '0193c0de-0000-7000-8000-000000000001',
 *   orgId: '0193c0de-0000-7000-8000-0000000000aa',
 *   contactId: '0193c0de-0000-7000-8000-0000000000cc',
 *   erasedBy: { kind: 'key', id: '0193c0de-0000-7000-8000-0000000000bb' },
 *   rowsScrubbed: 7,
 *   erasedAt: '2026-12-06T21:00:00.000Z',
 * }
 */
export const Erasure = z.object({
  id: Id,
  orgId: Id.describe('The organisation the contact belonged to'),
  contactId: Id.describe('The erased contact’s id (it no longer resolves)'),
  erasedBy: z.object({ kind: z.enum(['user', 'key']), id: Id }),
  rowsScrubbed: z
    .int()
    .min(0)
    .describe('Rows deleted or scrubbed in every table, the contact’s own included'),
  erasedAt: Timestamp,
});
export type Erasure = z.infer<typeof Erasure>;
