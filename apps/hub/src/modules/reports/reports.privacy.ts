import { type SqlBool, sql } from 'kysely';
import type { ErasureStep } from '../../platform/privacy.js';
import { inTenantOf, scrubColumns } from '../../platform/privacy.js';

/**
 * An erased person's traces in results reports: a text answer, or a comment on a version,
 * may quote a parent's phone or name. Replaced in the submissions and every version. The
 * audit log refuses every UPDATE, so a return's comment copied into it stays until the
 * `audit` retention class purges it (docs/guides/privacy.md says so).
 */
export const reportsErasure: ErasureStep = {
  name: 'report submissions',
  async erase(trx, subject) {
    const tenant = inTenantOf('org_id', subject);
    return (
      (await scrubColumns(
        trx,
        'report_submissions',
        [{ name: 'values', json: true }],
        subject,
        tenant,
      )) +
      (await scrubColumns(
        trx,
        'report_submission_versions',
        [{ name: 'values', json: true }, { name: 'comment' }],
        subject,
        sql<SqlBool>`submission_id in (select id from report_submissions where ${tenant})`,
      ))
    );
  },
};
