import type { Channel, Consent, ConsentActor, Consents } from '@safenet/core';
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { type DatabaseHandle, type ExecutorHandle, share } from '../../platform/database/schema.js';
import type { Actor } from '../../platform/tenancy/auth.js';
import { firstTime } from '../inbound/index.js';
import { type Db, type Executor, own } from './consent.tables.js';

/**
 * Whether the consent `candidate` is newer than `stored` (both jsonb `Consent`s; a missing
 * `stored` is older than anything). Consents are ordered by their event time `at`, then —
 * for the same instant — a withdrawal before a grant (when in doubt, do not message), then
 * by `source` in byte order, so every order of the same changes ends on the same consent.
 *
 * Used inside the UPDATE that writes, so the comparison and the write are one atomic step:
 * PostgreSQL re-checks the condition on the row it locked when another writer got there
 * first, and an older event can never override a newer one, whatever order they come in.
 */
function isNewer(candidate: Expression<unknown>, stored: Expression<unknown>): RawBuilder<SqlBool> {
  return sql<SqlBool>`(${stored} IS NULL OR (
    (${candidate} ->> 'at')::timestamptz,
    (${candidate} ->> 'status') = 'revoked',
    (${candidate} ->> 'source') COLLATE "C"
  ) > (
    (${stored} ->> 'at')::timestamptz,
    (${stored} ->> 'status') = 'revoked',
    (${stored} ->> 'source') COLLATE "C"
  ))`;
}

/** Who changed a consent, as recorded with the change (see `ConsentActor` in core). */
export type ConsentBy = ConsentActor;

/** The consent record's actor for a request's actor: the person or the API key. */
export function consentByActor(actor: Actor): ConsentBy {
  return actor.kind === 'user'
    ? { kind: 'user', id: actor.userId }
    : { kind: 'key', id: actor.apiKeyId };
}

/** The contact themselves (an unsubscribe link, a STOP or START reply). */
export const BY_CONTACT: ConsentBy = { kind: 'contact', id: null };
/** The provider reporting an opt-out. */
export const BY_PROVIDER: ConsentBy = { kind: 'provider', id: null };
/** The hub on its own (the demo data). */
export const BY_SYSTEM: ConsentBy = { kind: 'system', id: null };

/** What a consent change needs besides the database: the clock that stamps `recorded_at`. */
interface ConsentDeps {
  db: ExecutorHandle | Executor;
  /** Epoch milliseconds; `Date.now` when not given. */
  now?: () => number;
}

/** The columns of a `consent_events` row besides the change itself. */
function recordColumns(by: ConsentBy, now: Date) {
  return {
    recorded_at: sql<Date>`${now}::timestamptz`,
    actor_kind: sql<string>`${by.kind}::text`,
    actor_id: sql<string | null>`${by.id}::uuid`,
  };
}

/**
 * Sets consent on `channel` for the contacts `which` selects, unless a contact's stored
 * consent there is as new or newer (see {@link isNewer}); returns how many changed. Every
 * consent change goes through here or {@link mergeConsents}: STOP/START replies, provider
 * opt-outs, unsubscribe links. Each change is recorded in `consent_events` (who acted: `by`)
 * by the same statement, so a change and its record are written, or not, together.
 */
export async function setConsent(
  deps: ConsentDeps,
  which: Expression<SqlBool>,
  channel: Channel,
  consent: Consent,
  by: ConsentBy,
): Promise<number> {
  const candidate = sql`${JSON.stringify(consent)}::jsonb`;
  const now = new Date((deps.now ?? Date.now)());
  const record = recordColumns(by, now);
  const result = await own(deps.db)
    .with('changed', (db) =>
      db
        .updateTable('contacts')
        .set({
          consents: sql`contacts.consents || jsonb_build_object(${channel}::text, ${candidate})`,
          updated_at: now,
        })
        .where(which)
        .where(isNewer(candidate, sql`contacts.consents -> ${channel}::text`))
        .returning('contacts.id'),
    )
    .insertInto('consent_events')
    .columns(['id', 'contact_id', 'channel', 'status', 'source', 'at', ...RECORD_COLUMNS])
    .expression((eb) =>
      eb
        .selectFrom('changed')
        .select([
          sql<string>`consent_event_id()`.as('id'),
          'changed.id as contact_id',
          sql<string>`${channel}::text`.as('channel'),
          sql<string>`${consent.status}::text`.as('status'),
          sql<string>`${consent.source}::text`.as('source'),
          sql<Date>`${consent.at}::timestamptz`.as('at'),
          record.recorded_at.as('recorded_at'),
          record.actor_kind.as('actor_kind'),
          record.actor_id.as('actor_id'),
        ]),
    )
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n);
}

const RECORD_COLUMNS = ['recorded_at', 'actor_kind', 'actor_id'] as const;

/** Consents given for one contact, e.g. a PATCH body's or one item of a bulk upsert. */
export interface ConsentsOf {
  contactId: string;
  consents: Consents;
}

/**
 * Merges each contact's `consents` into its stored ones, per channel, only where the given
 * consent is newer than the stored one (see {@link isNewer}): an operator's form dated last
 * month does not undo yesterday's STOP. Each channel that changes is recorded in
 * `consent_events` by the same statement. Returns how many channels changed.
 *
 * The contacts are locked first (in id order, so two merges never wait on each other in a
 * circle): the statement then compares with the rows as they are, and no other writer can
 * change them before it writes. Runs in the caller's transaction, or in one of its own.
 */
export async function mergeConsents(
  deps: ConsentDeps,
  given: readonly ConsentsOf[],
  by: ConsentBy,
): Promise<number> {
  const changes = given.filter((g) => Object.keys(g.consents).length > 0);
  if (changes.length === 0) return 0;
  const db = own(deps.db);
  if (!db.isTransaction) {
    return (db as Db)
      .transaction()
      .execute((trx) => mergeConsents({ ...deps, db: trx }, given, by));
  }
  const now = new Date((deps.now ?? Date.now)());
  await db
    .selectFrom('contacts')
    .select('id')
    .where(
      'id',
      'in',
      changes.map((c) => c.contactId),
    )
    .orderBy('id')
    .forUpdate()
    .execute();
  const incoming = JSON.stringify(
    changes.map((c) => ({ contact_id: c.contactId, consents: c.consents })),
  );
  const result = await sql<never>`
    WITH given AS (
      SELECT contacts.id AS contact_id, g.key AS channel, g.value AS consent
      FROM jsonb_to_recordset(${incoming}::jsonb) AS i(contact_id uuid, consents jsonb)
      JOIN contacts ON contacts.id = i.contact_id
      CROSS JOIN LATERAL jsonb_each(i.consents) AS g(key, value)
      WHERE ${isNewer(sql.ref('g.value'), sql`contacts.consents -> g.key`)}
    ), changed AS (
      UPDATE contacts SET consents = contacts.consents || m.merged, updated_at = ${now}::timestamptz
      FROM (
        SELECT contact_id, jsonb_object_agg(channel, consent) AS merged FROM given GROUP BY contact_id
      ) AS m
      WHERE contacts.id = m.contact_id
      RETURNING contacts.id
    )
    INSERT INTO consent_events
      (id, contact_id, channel, status, source, at, recorded_at, actor_kind, actor_id)
    SELECT consent_event_id(), given.contact_id, given.channel, given.consent ->> 'status',
      given.consent ->> 'source', (given.consent ->> 'at')::timestamptz, ${now}::timestamptz,
      ${by.kind}::text, ${by.id}::uuid
    FROM given WHERE given.contact_id IN (SELECT id FROM changed)
  `.execute(db);
  return Number(result.numAffectedRows ?? 0n);
}

/**
 * Withdraws a contact's consent on `channel` because the provider refused a message as
 * opted out (Twilio 21610), once per provider message: a replayed status callback, stamped
 * with its own later receipt time, must not withdraw a consent given since.
 */
export function withdrawOnProviderOptOut(
  deps: { db: DatabaseHandle | Db },
  target: { contactId: string; channel: Channel; providerMessageId: string },
  evidence: { errorCode: string | undefined; at: Date },
): Promise<number> {
  return withdrawOnce(
    deps,
    `opt-out:${target.providerMessageId}`,
    target,
    `provider reported an opt-out (${evidence.errorCode ?? 'no code'})`,
    evidence.at,
  );
}

/**
 * Withdraws a contact's consent on `channel` because the provider refused to send a delivery
 * as opted out (Telegram's 403 "bot was blocked by the user", Twilio 21610 at send time), once
 * per delivery: a retried send job records it once.
 */
export function withdrawOnRefusedSend(
  deps: { db: DatabaseHandle | Db },
  target: { contactId: string; channel: Channel; deliveryId: string },
  evidence: { errorCode: string | undefined; at: Date },
): Promise<number> {
  return withdrawOnce(
    deps,
    `send-opt-out:${target.deliveryId}`,
    target,
    `provider refused a send as opted out (${evidence.errorCode ?? 'no code'})`,
    evidence.at,
  );
}

/** Consent withdrawn by the provider, unless `eventId` was seen on the channel before. */
function withdrawOnce(
  deps: { db: DatabaseHandle | Db },
  eventId: string,
  target: { contactId: string; channel: Channel },
  source: string,
  at: Date,
): Promise<number> {
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      if (!(await firstTime(share(trx), target.channel, eventId))) return 0;
      return setConsent(
        { db: trx },
        sql<boolean>`contacts.id = ${target.contactId}::uuid`,
        target.channel,
        { status: 'revoked', source, at: at.toISOString() },
        BY_PROVIDER,
      );
    });
}
