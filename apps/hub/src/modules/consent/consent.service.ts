import type { Channel, Consent, Consents } from '@safenet/core';
import { type Expression, type RawBuilder, type SqlBool, sql } from 'kysely';
import { type DatabaseHandle, type ExecutorHandle, share } from '../../platform/database/schema.js';
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

/**
 * Sets consent on `channel` for the contacts `which` selects, unless a contact's stored
 * consent there is as new or newer (see {@link isNewer}); returns how many changed. Every
 * consent change goes through here or {@link mergeConsents}: STOP/START replies, provider
 * opt-outs, unsubscribe links.
 */
export async function setConsent(
  deps: { db: ExecutorHandle | Executor },
  which: Expression<SqlBool>,
  channel: Channel,
  consent: Consent,
): Promise<number> {
  const candidate = sql`${JSON.stringify(consent)}::jsonb`;
  const changed = await own(deps.db)
    .updateTable('contacts')
    .set({
      consents: sql`contacts.consents || jsonb_build_object(${channel}::text, ${candidate})`,
      updated_at: new Date(),
    })
    .where(which)
    .where(isNewer(candidate, sql`contacts.consents -> ${channel}::text`))
    .executeTakeFirst();
  return Number(changed.numUpdatedRows ?? 0n);
}

/**
 * The contact's consents with those of `incoming` (a jsonb object of channel → `Consent`,
 * e.g. `excluded.consents` or a PATCH body's) merged in, each only where it is newer than
 * the stored one: an operator's form dated last month does not undo yesterday's STOP. An
 * expression for the UPDATE's SET, so the comparison happens on the row being written.
 */
export function mergeConsents(incoming: Expression<unknown>): RawBuilder<Consents> {
  return sql<Consents>`contacts.consents || coalesce((
    SELECT jsonb_object_agg(given.key, given.value)
    FROM jsonb_each(${incoming}) AS given(key, value)
    WHERE ${isNewer(sql.ref('given.value'), sql`contacts.consents -> given.key`)}
  ), '{}'::jsonb)`;
}

/**
 * Withdraws a contact's consent on `channel` because the provider refused a message as
 * opted out (Twilio 21610), once per provider message: a replayed status callback, stamped
 * with its own later receipt time, must not withdraw a consent given since.
 */
export async function withdrawOnProviderOptOut(
  deps: { db: DatabaseHandle | Db },
  target: { contactId: string; channel: Channel; providerMessageId: string },
  evidence: { errorCode: string | undefined; at: Date },
): Promise<number> {
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const eventId = `opt-out:${target.providerMessageId}`;
      if (!(await firstTime(share(trx), target.channel, eventId))) return 0;
      return setConsent(
        { db: trx },
        sql<boolean>`contacts.id = ${target.contactId}::uuid`,
        target.channel,
        {
          status: 'revoked',
          source: `provider reported an opt-out (${evidence.errorCode ?? 'no code'})`,
          at: evidence.at.toISOString(),
        },
      );
    });
}
