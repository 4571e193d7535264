import {
  FOLLOW_UP_ROLES,
  type ReportReturnInput,
  type ReportSubmission,
  reportReturnText,
  SafenetError,
} from '@safenet/core';
import type { PgBoss } from 'pg-boss';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { sendToOrganisations } from '../reminders/index.js';
import { when } from './report-approval.lock.js';
import { approvalsOnPath } from './report-approval.store.js';
import { appendAudit } from './report-audit.js';
import { nudgeLink } from './report-nudges.link.js';
import { orgInSubtree, periodOf, type ReportsDeps, visibleForm } from './reports.access.js';
import { orgOf } from './reports.store.js';
import { reportActor } from './reports.submissions.js';
import { type SubmissionKey, toSubmission, writeVersion } from './reports.submissions.store.js';
import { own } from './reports.tables.js';

/** What a return needs beyond the module's own: the queue and the links' key and address. */
export interface ReturnDeps extends ReportsDeps {
  boss: PgBoss;
  secret(): Promise<string>;
  publicUrl: string;
}

/** How long the link a return sends stays good: the report is open until submitted again. */
const RETURN_LINK_DAYS = 14;

/**
 * Returns: a level above sends a submission back to its organisation with what to fix. The
 * organisation changes it again — even after the lock — until it submits it again; the
 * return is refused under an approval, which would otherwise be approving something sent
 * back.
 */

/**
 * `POST …/submissions/:orgId/return`, by an organisation strictly above the submitter: the
 * submission becomes `returned` with the comment kept in the version it becomes; its values
 * still count, and the organisation may change them (even after the lock) until it submits
 * again. Refused under an approval (409 `report_approval_conflict`: withdraw it first).
 * Published as `report.returned` to the organisation's line, and told to its people (every
 * role but parents) on the form's nudge channels (email when it has none): who returned it,
 * the comment, and a link of its own to correct it — all in the return's transaction.
 */
export async function returnSubmission(
  deps: ReturnDeps,
  auth: AuthContext,
  key: SubmissionKey,
  input: z.output<typeof ReportReturnInput>,
): Promise<ReportSubmission> {
  const now = new Date(deps.now());
  const by = reportActor(auth);
  // Read before the transaction: the first read stores the key, on a connection of its own.
  const secret = await deps.secret();
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const form = await visibleForm(trx, auth, key.formId, { lock: 'share' });
      const period = periodOf(form, key.periodKey);
      const org = await orgInSubtree(trx, auth, key.orgId);
      if (org.id === auth.orgId) {
        throw new SafenetError(
          'report_not_approver',
          `Only an organisation above ${org.name} returns its report: ${org.name} changes it by submitting again`,
        );
      }
      const [approval] = await approvalsOnPath(trx, key, org.path);
      if (approval) {
        throw new SafenetError(
          'report_approval_conflict',
          `${approval.orgName} approved ${key.periodKey} at ${when(approval)}: withdraw that approval before returning ${org.name}'s report`,
        );
      }
      const row = await trx
        .selectFrom('report_submissions')
        .selectAll()
        .where('form_id', '=', key.formId)
        .where('period_key', '=', key.periodKey)
        .where('org_id', '=', key.orgId)
        .forUpdate()
        .executeTakeFirst();
      if (!row || row.version === 0) {
        throw notFound('report submission', `${key.periodKey}/${key.orgId}`);
      }
      if (row.state !== 'submitted') {
        throw new SafenetError(
          'conflict',
          `The report of ${org.name} for ${key.periodKey} is ${row.state === 'draft' ? 'a draft: there is nothing submitted to return' : 'already returned: it waits for its resubmission'}`,
        );
      }
      const written = await writeVersion(trx, row, {
        state: 'returned',
        values: row.values,
        changed: [],
        firstSubmittedAt: row.first_submitted_at,
        submittedAt: row.submitted_at,
        onTime: row.on_time,
        at: now,
        by,
        comment: input.comment,
      });
      await appendAudit(trx, {
        ...key,
        action: 'returned',
        actor: by,
        at: now,
        detail: { version: written.version, comment: input.comment, returnedBy: auth.orgId },
      });
      await deps.bus.publish(
        {
          orgPath: org.path,
          event: {
            type: 'report.returned',
            orgId: key.orgId,
            at: now.toISOString(),
            data: {
              formId: key.formId,
              periodKey: key.periodKey,
              orgId: key.orgId,
              version: written.version,
              comment: input.comment,
              returnedBy: auth.orgId,
            },
          },
        },
        trx,
      );
      // Its people hear of it, with a link of their own to correct it.
      const returner = await orgOf(trx, auth.orgId);
      const { url: link } = await nudgeLink(trx, deps, secret, {
        formId: key.formId,
        periodKey: key.periodKey,
        orgId: org.id,
        language: org.default_language,
        expiresAt: new Date(now.getTime() + RETURN_LINK_DAYS * 86_400_000),
        now,
        by,
      });
      await sendToOrganisations(deps.boss, share(trx), {
        id: uuidv7(),
        ownerOrgId: form.org_id,
        campaignId: form.campaign_id,
        orgIds: [org.id],
        roles: FOLLOW_UP_ROLES,
        channels: form.nudges?.channels ?? ['email'],
        body: reportReturnText(
          { formTitle: form.title, periodKey: period.key, dueOn: period.dueOn },
          returner?.name ?? auth.orgId,
          input.comment,
          link,
        ),
        now,
      });
      return toSubmission(written);
    });
}
