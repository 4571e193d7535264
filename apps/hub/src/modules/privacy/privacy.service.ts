import type { Erasure } from '@safenet/core';
import { type SqlBool, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import { type DatabaseHandle, share } from '../../platform/database/schema.js';
import {
  type ErasureStep,
  type ErasureSubject,
  identifiersOf,
  scrubColumns,
} from '../../platform/privacy.js';
import { type AuthContext, actorUuid } from '../../platform/tenancy/auth.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import { contactInScope } from '../contacts/index.js';
import { type ContactErasureRow, type Executor, own } from './privacy.tables.js';

/** What an erasure needs: the database, the clock, and every module's steps. */
export interface ErasureDeps {
  readonly db: DatabaseHandle;
  readonly now: () => number;
  /** Every module's steps, in module order (read when an erasure runs). */
  readonly steps: () => readonly ErasureStep[];
}

/**
 * The platform's own tables: the event log (an event may carry an address, e.g. an inbound
 * reply's sender) and stored idempotent responses (a created contact's response holds its
 * addresses and name).
 */
export const platformErasure: ErasureStep = {
  name: 'events and idempotent responses',
  async erase(trx, subject) {
    // An in-app message event is addressed to the contact: what was sent to them goes.
    const messages = await sql`
      update events
      set event = jsonb_set(jsonb_set(event, '{data,body}', '""'), '{data,title}', 'null')
      where type = 'message' and event -> 'data' ->> 'contactId' = ${subject.contactId}`.execute(
      own(trx),
    );
    return (
      Number(messages.numAffectedRows ?? 0) +
      (await scrubColumns(
        trx,
        'events',
        [{ name: 'event', json: true }],
        subject,
        sql<SqlBool>`org_path[1] = ${subject.rootOrgId}`,
      )) +
      // Stored responses name no organisation: the ones about the contact hold its id.
      (await scrubColumns(
        trx,
        'idempotency_keys',
        [{ name: 'response_body' }],
        subject,
        sql<SqlBool>`strpos(response_body, ${subject.contactId}) > 0`,
      ))
    );
  },
};

/**
 * Erases the contact `id` of the caller's subtree (404 otherwise), in one transaction: every
 * module's step scrubs its tables of the contact's addresses and name (each replaced by
 * `erased:<erasure id>`), the contact's row goes, and the erasure is recorded. All or nothing.
 */
export async function eraseContact(
  deps: ErasureDeps,
  auth: AuthContext,
  id: string,
): Promise<Erasure> {
  const db = own(deps.db);
  return db.transaction().execute(async (trx) => {
    const contact = await contactInScope(share(trx), auth, id);
    const erasureId = uuidv7();
    const subject: ErasureSubject = {
      contactId: contact.id,
      orgId: contact.org_id,
      rootOrgId: contact.org_path[0] ?? contact.org_id,
      placeholder: `erased:${erasureId}`,
      identifiers: identifiersOf(contact.addresses, contact.display_name),
    };
    let rows = 0;
    for (const step of [platformErasure, ...deps.steps()]) {
      rows += await step.erase(share(trx), subject);
    }
    const row = await trx
      .insertInto('contact_erasures')
      .values({
        id: erasureId,
        org_id: contact.org_id,
        contact_id: contact.id,
        actor_kind: auth.actor.kind,
        actor_id: actorUuid(auth.actor),
        rows_scrubbed: rows,
        erased_at: new Date(deps.now()),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toErasure(row);
  });
}

export function toErasure(row: ContactErasureRow): Erasure {
  return {
    id: row.id,
    orgId: row.org_id,
    contactId: row.contact_id,
    erasedBy: { kind: row.actor_kind, id: row.actor_id },
    rowsScrubbed: row.rows_scrubbed,
    erasedAt: row.erased_at.toISOString(),
  };
}

/** The erasures of the subtree of `orgId`, newest first. */
export function listErasures(
  db: Executor,
  orgId: string,
  page: { cursor?: string | undefined; limit: number },
): Promise<Page<Erasure>> {
  return keysetPage(
    db
      .selectFrom('contact_erasures')
      .selectAll()
      .where(inSubtree('contact_erasures.org_id', orgId)),
    page,
    toErasure,
    'desc',
  );
}
