import type {
  ApprovalAction,
  ApprovalEvent,
  ApprovalEventQuery,
  ApprovalSubject,
} from '@safenet/core';
import { SafenetError } from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { Page } from '../../platform/database/keyset.js';
import { keysetPage } from '../../platform/database/keyset.js';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { type AuthContext, actorId, personOf, requireScope } from '../../platform/tenancy/auth.js';
import { orgInScope } from '../../platform/tenancy/lookups.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import { type ApprovalEventRow, type Executor, own } from './approvals.tables.js';

/** What an approval event is about. */
export interface ApprovalTarget {
  subject: ApprovalSubject;
  subjectId: string;
  orgId: string;
}

/**
 * Appends an event to the approvals log, inside the caller's transaction: it commits with
 * the change it records, or neither does.
 */
export async function recordApprovalEvent(
  db: ExecutorHandle,
  auth: AuthContext,
  target: ApprovalTarget,
  action: ApprovalAction,
  detail: Record<string, unknown>,
  at: Date,
): Promise<void> {
  await own(db)
    .insertInto('approval_events')
    .values({
      id: uuidv7(),
      org_id: target.orgId,
      subject_kind: target.subject,
      subject_id: target.subjectId,
      action,
      actor: actorId(auth.actor),
      person: personOf(auth.actor),
      detail: JSON.stringify(detail),
      at,
    })
    .execute();
}

/**
 * The four-eyes check, before any approval or rejection: the caller holds `approve`
 * (`insufficient_scope` otherwise) and is not one of `people` — the authors of a version, the
 * requester of a send — counting a key as the person who created it (`approval_self`).
 * That the caller is in the subject's organisation or above it is the caller's lookup: a
 * subject outside their subtree is not found.
 */
export function checkSecondPerson(
  auth: AuthContext,
  people: readonly string[],
  what: string,
): void {
  requireScope(auth, 'approve');
  const me = personOf(auth.actor);
  if (people.includes(me)) {
    throw new SafenetError(
      'approval_self',
      `${what} is yours (${me}${auth.actor.kind === 'key' ? ', the person this key acts for' : ''}): another person with the "approve" scope must decide`,
    );
  }
}

export function toApprovalEvent(row: ApprovalEventRow): ApprovalEvent {
  return {
    id: row.id,
    orgId: row.org_id,
    subject: row.subject_kind,
    subjectId: row.subject_id,
    action: row.action,
    actor: row.actor,
    person: row.person,
    detail: row.detail,
    at: row.at.toISOString(),
  };
}

/** The approvals log of the caller's subtree (or of one organisation of it), newest first. */
export async function listApprovalEvents(
  db: Executor,
  auth: AuthContext,
  query: z.output<typeof ApprovalEventQuery>,
): Promise<Page<ApprovalEvent>> {
  if (query.orgId) await orgInScope(db, auth, query.orgId);
  return keysetPage(
    db
      .selectFrom('approval_events')
      .selectAll()
      .where(inSubtree('approval_events.org_id', query.orgId ?? auth.orgId))
      .$if(query.subject !== undefined, (q) =>
        q.where('subject_kind', '=', query.subject as ApprovalSubject),
      )
      .$if(query.subjectId !== undefined, (q) =>
        q.where('subject_id', '=', query.subjectId as string),
      ),
    query,
    toApprovalEvent,
    'desc',
  );
}
