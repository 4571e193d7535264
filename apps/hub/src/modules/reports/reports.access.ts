import { type ReportPeriod, reportPeriod, SafenetError } from '@safenet/core';
import type { DatabaseHandle } from '../../platform/database/schema.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { type FormWithOwner, formRow, orgOf } from './reports.store.js';
import type { Executor } from './reports.tables.js';

/** Who may read or change a report form, submit on it, and for which organisation. */

/** What the reports' service needs of the hub. */
export interface ReportsDeps {
  db: DatabaseHandle;
  bus: EventBus;
  /** The hub's clock, epoch ms. */
  now(): number;
}

/**
 * The form `id` if the caller may see it: its owner, an organisation above it, or one
 * beneath it (a province reads the ministry's form it reports on); 404 otherwise. `write`
 * asks for the owner or above, who alone change the form, its assignment and exceptions.
 */
export async function visibleForm(
  db: Executor,
  auth: AuthContext,
  id: string,
  options: { write?: boolean; lock?: 'update' | 'share' } = {},
): Promise<FormWithOwner> {
  const form = await formRow(db, id, options.lock);
  if (!form) throw notFound('report form', id);
  const above = form.owner_path.includes(auth.orgId);
  const beneath = auth.orgPath.includes(form.org_id);
  if (!(above || (beneath && !options.write))) throw notFound('report form', id);
  return form;
}

/** The period `key` of the form's schedule, or 404 `report_period_unknown`. */
export function periodOf(form: FormWithOwner, key: string): ReportPeriod {
  const period = reportPeriod(form.schedule, key);
  if (!period) {
    throw new SafenetError(
      'report_period_unknown',
      `The form "${form.key}" has no period "${key}": list its periods with GET /v1/report-forms/${form.id}/periods`,
    );
  }
  return period;
}

/** An organisation of the caller's subtree (404 otherwise, as elsewhere), with its zone. */
export async function orgInSubtree(db: Executor, auth: AuthContext, orgId: string) {
  const org = await orgOf(db, orgId);
  if (!org?.path.includes(auth.orgId)) throw notFound('organisation', orgId);
  return org;
}
