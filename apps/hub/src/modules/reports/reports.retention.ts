import { sql } from 'kysely';
import type { RetentionClass } from '../../platform/privacy.js';
import { own } from './reports.tables.js';

/**
 * `audit`: entries of the reports' audit log older than the class's days (5 years by
 * default: a school year's reports are read back for several years). The log refuses UPDATE
 * and DELETE (migration 028) except a DELETE of entries older than the cutoff this purge
 * sets for its own transaction (migration 035), so nothing else can shorten it.
 */
export const auditRetention: RetentionClass = {
  name: 'audit',
  defaultDays: 1_826,
  async purge(trx, cutoff) {
    const db = own(trx);
    await sql`select set_config('safenet.audit_purge_before', ${cutoff.toISOString()}, true)`.execute(
      db,
    );
    const result = await db.deleteFrom('report_audit').where('at', '<', cutoff).executeTakeFirst();
    return Number(result.numDeletedRows);
  },
};
