import { z } from 'zod';
import { Id, Timestamp } from '../common/common.schema.js';

/**
 * What an API key may do. `read` lists and reads; `write` creates and changes contacts,
 * segments, recommendations and campaigns; `send` creates and cancels broadcasts;
 * `admin` manages organisations and API keys; `cases` handles harmful-content cases (triage,
 * referral, resolution); `approve` is the second pair of eyes: it approves (or rejects)
 * another person's recommendation version and a large broadcast before it goes out. Scopes do
 * not imply one another.
 */
export const SCOPES = ['read', 'write', 'send', 'admin', 'cases', 'approve'] as const;
export const Scope = z.enum(SCOPES);
export type Scope = z.infer<typeof Scope>;

/**
 * @example
 * { orgId: schoolId, name: 'School dashboard', scopes: ['read'] }
 */
export const ApiKeyInput = z.strictObject({
  orgId: Id,
  name: z.string().trim().min(1).max(200),
  scopes: z
    .array(Scope)
    .min(1)
    .refine((list) => new Set(list).size === list.length, { message: 'list each scope once' })
    .meta({ uniqueItems: true }),
});
export type ApiKeyInput = z.input<typeof ApiKeyInput>;

/** A stored API key. The secret itself is never stored or shown again: only its hash. */
export const ApiKey = z.object({
  id: Id,
  orgId: Id,
  name: z.string(),
  scopes: z.array(Scope),
  prefix: z.string().describe('The first characters of the key, to recognise it'),
  createdAt: Timestamp,
  revokedAt: Timestamp.nullable(),
  createdBy: Id.nullable().describe(
    'The person the key acts for: who created it while signed in, or the person of the key that created it; null for keys the hub made at start and keys older than people. Four-eyes approval counts the key as this person',
  ),
});
export type ApiKey = z.infer<typeof ApiKey>;

/** The answer when a key is created: the only time the secret is shown. */
export const ApiKeyCreated = ApiKey.extend({
  secret: z.string().describe('Send as "Authorization: Bearer <secret>"; shown once'),
});
export type ApiKeyCreated = z.infer<typeof ApiKeyCreated>;
