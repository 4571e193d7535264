import { sql } from 'kysely';
import { type DatabaseHandle, share } from '../../platform/database/schema.js';
import { type RaiseDeps, raiseAlert } from '../alerts/index.js';
import { own } from './cases.tables.js';

/** What the response-time sweep needs: the database, and how alerts are raised. */
export interface ClockDeps extends RaiseDeps {
  db: DatabaseHandle;
}

/** A timestamp column as `Date#toISOString` writes it, in SQL. */
const ISO = (column: string) =>
  sql`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** How many breached cases one pass raises at most; the next pass takes the rest. */
const BATCH = 500;

/**
 * Raises an alert for each open case past one of its response times, for the organisation that
 * handles it: `case_acknowledge_overdue` (critical) for a case still `new` past its triage time,
 * `case_resolve_overdue` (warning) for one not resolved in time. Each breach is raised once —
 * its dedupe key names the case and the deadline, so two workers sweeping at once, or a later
 * sweep, raise nothing more — and the alerts then escalate up the tree by their policies until
 * someone acknowledges them. Returns how many alerts it raised.
 */
export async function sweepCaseClocks(deps: ClockDeps): Promise<number> {
  const db = own(deps.db);
  const now = new Date(deps.now());
  const breached = await db
    .selectFrom('cases')
    .select(['id', 'number', 'org_id', 'state', 'severity', 'acknowledge_by', 'resolve_by'])
    .where('state', 'in', ['new', 'triaged', 'referred', 'in_action'])
    // Breached and not yet raised: no alert carries this breach's dedupe key.
    .where(
      sql<boolean>`(state = 'new' and acknowledge_by <= ${now} and not exists (
          select 1 from alerts a where a.dedupe_key = ${sql.lit('case_acknowledge_overdue:')} || cases.id || '@' || ${ISO('cases.acknowledge_by')}))
        or (resolve_by <= ${now} and not exists (
          select 1 from alerts a where a.dedupe_key = ${sql.lit('case_resolve_overdue:')} || cases.id || '@' || ${ISO('cases.resolve_by')}))`,
    )
    .orderBy('acknowledge_by')
    .limit(BATCH)
    .execute();
  let raised = 0;
  for (const kase of breached) {
    await db.transaction().execute(async (trx) => {
      if (kase.state === 'new' && kase.acknowledge_by <= now) {
        const alert = await raiseAlert(deps, share(trx), {
          orgId: kase.org_id,
          code: 'case_acknowledge_overdue',
          subjectId: kase.id,
          message: `Case ${kase.number} (${kase.severity}) was due to be triaged by ${kase.acknowledge_by.toISOString()}`,
          dedupeKey: `case_acknowledge_overdue:${kase.id}@${kase.acknowledge_by.toISOString()}`,
        });
        if (alert) raised += 1;
      }
      if (kase.resolve_by <= now) {
        const alert = await raiseAlert(deps, share(trx), {
          orgId: kase.org_id,
          code: 'case_resolve_overdue',
          subjectId: kase.id,
          message: `Case ${kase.number} (${kase.severity}) was due to be resolved by ${kase.resolve_by.toISOString()}`,
          dedupeKey: `case_resolve_overdue:${kase.id}@${kase.resolve_by.toISOString()}`,
        });
        if (alert) raised += 1;
      }
    });
  }
  return raised;
}
