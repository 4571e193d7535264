import { z } from 'zod';
import { Id, PageQuery, Timestamp } from '../common/common.schema.js';

/** What an approval event is about: a recommendation's version, or a broadcast. */
export const APPROVAL_SUBJECTS = ['recommendation_version', 'broadcast'] as const;
export const ApprovalSubject = z.enum(APPROVAL_SUBJECTS);
export type ApprovalSubject = z.infer<typeof ApprovalSubject>;

/**
 * What happened. A version is `created`, `edited`, `submitted` for review, `approved` (and so
 * published) or `rejected` back to draft, `archived`. A broadcast is `approval_requested`
 * (its audience is over the organisation's threshold), `approved`, `rejected`, `voided` (what
 * was approved changed), or sent with the recommendation's targeting overridden
 * (`targeting_overridden`).
 */
export const APPROVAL_ACTIONS = [
  'created',
  'edited',
  'submitted',
  'approved',
  'rejected',
  'archived',
  'approval_requested',
  'voided',
  'targeting_overridden',
] as const;
export const ApprovalAction = z.enum(APPROVAL_ACTIONS);
export type ApprovalAction = z.infer<typeof ApprovalAction>;

/**
 * A person, as four-eyes approval counts them: `user:<id>` for a signed-in person and for
 * every key they created; `key:<id>` for a key nobody created (the hub's bootstrap key).
 */
export const Person = z
  .string()
  .regex(/^(user|key):[0-9a-f-]{36}$/)
  .describe('`user:<id>`, or `key:<id>` for a key no person created');
export type Person = z.infer<typeof Person>;

/**
 * One entry of the approvals audit log: append-only, never changed.
 *
 * @example
 * { id, orgId, subject: 'recommendation_version', subjectId: versionId, action: 'approved',
 *   actor: 'key:0190…', person: 'user:0190…', detail: { recommendationId, version: 2 },
 *   at: '2017-04-05T10:12:00.000Z' }
 */
export const ApprovalEvent = z.object({
  id: Id,
  orgId: Id.describe('The organisation of the version or broadcast'),
  subject: ApprovalSubject,
  subjectId: Id,
  action: ApprovalAction,
  actor: z.string().describe('Who acted: `user:<id>` or `key:<id>`'),
  person: Person.describe('The person behind the actor (a key counts as its creator)'),
  detail: z
    .record(z.string(), z.unknown())
    .describe(
      'What was acted on: the recommendation and version number, a rejection’s comment, a broadcast’s approved terms',
    ),
  at: Timestamp,
});
export type ApprovalEvent = z.infer<typeof ApprovalEvent>;

/** Filters of the approvals log: one subject, one kind of subject, one organisation. */
export const ApprovalEventQuery = PageQuery.extend({
  subject: ApprovalSubject.optional(),
  subjectId: Id.optional(),
  orgId: Id.optional().describe('Events of this organisation of your subtree (and beneath it)'),
});
export type ApprovalEventQuery = z.input<typeof ApprovalEventQuery>;

/** A reviewer's rejection: the comment says what to change. */
export const RejectionInput = z.strictObject({
  comment: z.string().trim().min(1).max(2000).describe('What the author should change'),
});
export type RejectionInput = z.input<typeof RejectionInput>;
