import { share } from '../../platform/database/schema.js';
import { resolveAlertsOf } from '../alerts/index.js';
import { parentsSettled } from './report-nudges.store.js';
import type { Executor } from './reports.tables.js';

/** The subject of a parent's `report_overdue` alert: its subtree's reports of one period. */
export const overdueSubject = (formId: string, periodKey: string, parentId: string) =>
  `${formId}/${periodKey}/${parentId}`;

/**
 * After `orgId` submitted (form, period), in the submission's transaction: resolves the
 * `report_overdue` alert of each parent a digest told it was missing, once none of the
 * children a digest named to that parent is missing any more.
 */
export async function settleOverdue(
  deps: { now(): number },
  trx: Executor,
  key: { formId: string; periodKey: string; orgId: string },
): Promise<void> {
  for (const parentId of await parentsSettled(trx, key.formId, key.periodKey, key.orgId)) {
    await resolveAlertsOf(
      deps,
      share(trx),
      'report_overdue',
      overdueSubject(key.formId, key.periodKey, parentId),
    );
  }
}
