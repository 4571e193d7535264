import {
  answeredKeys,
  breakingFieldChanges,
  localDateOf,
  type Page,
  type ReportAssignment,
  type ReportAssignmentInput,
  type ReportForm,
  type ReportFormListQuery,
  type ReportFormPatch,
  type ReportPeriods,
  type ReportPeriodsQuery,
  reportPeriod,
  reportPeriods,
  SafenetError,
} from '@safenet/core';
import type { z } from 'zod';
import { keysetPage } from '../../platform/database/keyset.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { orgInSubtree, type ReportsDeps, visibleForm } from './reports.access.js';
import {
  assigneesOf,
  campaignOfOwner,
  expectedIn,
  type FormInput,
  formValues,
  inOwnerTree,
  insertForm,
  replaceAssignees,
  submittedPeriodKeys,
  toReportForm,
  updateForm,
  visibleForms,
} from './reports.store.js';
import { own } from './reports.tables.js';

/** Report forms: creating, listing, changing, assigning them, and their periods. */

const isUniqueViolation = (error: unknown) => (error as { code?: string })?.code === '23505';

/**
 * `POST /v1/report-forms`: a form owned by an organisation of the caller's subtree (404
 * otherwise), of one of its own campaigns or one beneath it (404 otherwise); a key its owner
 * already uses answers 409 `report_form_key_taken`.
 */
export async function createForm(
  deps: ReportsDeps,
  auth: AuthContext,
  input: FormInput,
): Promise<ReportForm> {
  const db = own(deps.db);
  await orgInSubtree(db, auth, input.orgId);
  if (input.campaignId !== null && !(await campaignOfOwner(db, input.campaignId, input.orgId))) {
    throw notFound('campaign of the form’s owner (or beneath it)', input.campaignId);
  }
  try {
    return toReportForm(await insertForm(db, input, new Date(deps.now())));
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new SafenetError(
      'report_form_key_taken',
      `The organisation already has a report form with the key "${input.key}": choose another key, or change that form (PATCH)`,
      { cause: error },
    );
  }
}

/** `GET /v1/report-forms`: the forms owned in the caller's subtree or above it, by id. */
export function listForms(
  deps: ReportsDeps,
  auth: AuthContext,
  query: z.output<typeof ReportFormListQuery>,
): Promise<Page<ReportForm>> {
  const db = own(deps.db);
  return keysetPage(
    db
      .selectFrom('report_forms')
      .selectAll()
      .where(visibleForms(auth.orgPath))
      .$if(query.campaignId !== undefined, (q) =>
        q.where('campaign_id', '=', query.campaignId as string),
      )
      .$if(query.orgId !== undefined, (q) => q.where('org_id', '=', query.orgId as string)),
    query,
    toReportForm,
  );
}

/** `GET /v1/report-forms/:id`. */
export async function getForm(deps: ReportsDeps, auth: AuthContext, id: string) {
  return toReportForm(await visibleForm(own(deps.db), auth, id));
}

/**
 * `PATCH /v1/report-forms/:id`, by the owner or above: a change of fields that would drop or
 * retype what submissions already answer (or remove an answered option), or a schedule
 * without a period that submissions are filed under, answers 409 `report_form_in_use`,
 * naming them; the form row is locked meanwhile. Due and lock dates may move: on time stays
 * as decided at each first submission.
 */
export async function patchForm(
  deps: ReportsDeps,
  auth: AuthContext,
  id: string,
  patch: z.output<typeof ReportFormPatch>,
): Promise<ReportForm> {
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const form = await visibleForm(trx, auth, id, { write: true, lock: 'update' });
      if (patch.fields !== undefined) {
        const answered = answeredKeys(form.fields, await formValues(trx, id));
        const breaks = breakingFieldChanges(form.fields, patch.fields, answered);
        if (breaks.length > 0) {
          throw new SafenetError(
            'report_form_in_use',
            `Submissions already answer ${breaks.map((k) => `"${k}"`).join(', ')}: keep those fields (and their answered options) with the same type, or add new fields instead`,
          );
        }
      }
      if (patch.schedule !== undefined) {
        const schedule = patch.schedule;
        const orphaned = (await submittedPeriodKeys(trx, id)).filter(
          (key) => reportPeriod(schedule, key) === undefined,
        );
        if (orphaned.length > 0) {
          throw new SafenetError(
            'report_form_in_use',
            `Submissions are filed under the period${orphaned.length === 1 ? '' : 's'} ${orphaned.map((k) => `"${k}"`).join(', ')}, which the new schedule does not have: keep those periods (dates may move), or make a new form`,
          );
        }
      }
      return toReportForm(await updateForm(trx, id, patch, new Date(deps.now())));
    });
}

/**
 * `PUT /v1/report-forms/:id/assignment`, by the owner or above: every organisation named must
 * be the form's owner or beneath it (422 `report_assignee_outside_tree`, all of them named,
 * nothing written).
 */
export async function putAssignment(
  deps: ReportsDeps,
  auth: AuthContext,
  id: string,
  input: z.output<typeof ReportAssignmentInput>,
): Promise<ReportAssignment> {
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const form = await visibleForm(trx, auth, id, { write: true, lock: 'update' });
      const named = input.assignees.map((a) => ('orgId' in a ? a.orgId : a.under));
      const inTree = await inOwnerTree(trx, form.org_id, [...new Set(named)]);
      const outside = named.filter((orgId) => !inTree.has(orgId));
      if (outside.length > 0) {
        throw new SafenetError(
          'report_assignee_outside_tree',
          `${[...new Set(outside)].join(', ')} ${outside.length === 1 ? 'is' : 'are'} not the form’s owner or beneath it: assign organisations of the owner’s subtree`,
          {
            errors: input.assignees.flatMap((a, index) => {
              const orgId = 'orgId' in a ? a.orgId : a.under;
              if (inTree.has(orgId)) return [];
              const field = 'orgId' in a ? 'orgId' : 'under';
              return [
                {
                  path: `body.assignees.${index}.${field}`,
                  code: 'report_assignee_outside_tree',
                  message: `${orgId} is not ${form.org_id} or beneath it`,
                },
              ];
            }),
          },
        );
      }
      await replaceAssignees(trx, id, input.assignees);
      return {
        formId: id,
        assignees: input.assignees,
        expected: (await expectedIn(trx, id, form.org_id)).length,
      };
    });
}

/** `GET /v1/report-forms/:id/assignment`: the assignees and how many are expected now. */
export async function getAssignment(
  deps: ReportsDeps,
  auth: AuthContext,
  id: string,
): Promise<ReportAssignment> {
  const db = own(deps.db);
  const form = await visibleForm(db, auth, id);
  const [assignees, expected] = await Promise.all([
    assigneesOf(db, id),
    expectedIn(db, id, form.org_id),
  ]);
  return { formId: id, assignees, expected: expected.length };
}

/**
 * `GET /v1/report-forms/:id/periods`: the schedule's periods overlapping the range; an
 * open-ended schedule runs until today in the owner's zone unless `until` says.
 */
export async function listPeriods(
  deps: ReportsDeps,
  auth: AuthContext,
  id: string,
  query: z.output<typeof ReportPeriodsQuery>,
): Promise<ReportPeriods> {
  const form = await visibleForm(own(deps.db), auth, id);
  const today = localDateOf(new Date(deps.now()), form.owner_time_zone);
  const schedule = form.schedule;
  const until =
    query.until ?? (schedule.kind === 'once' ? schedule.endsOn : (schedule.until ?? today));
  return {
    formId: id,
    periods: reportPeriods(schedule, { ...(query.from ? { from: query.from } : {}), until }),
  };
}
