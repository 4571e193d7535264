import {
  FOLLOW_UP_ROLES,
  type ReportLinkSendInput,
  reportRequestText,
  type SentReportLink,
} from '@safenet/core';
import type { PgBoss } from 'pg-boss';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { share } from '../../platform/database/schema.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { sendToOrganisations } from '../reminders/index.js';
import { mustBeExpected, type ReportLinksDeps, toLink } from './report-links.js';
import { nudgeLink } from './report-nudges.link.js';
import { orgInSubtree, periodOf, visibleForm } from './reports.access.js';
import { reportActor } from './reports.submissions.js';
import { own } from './reports.tables.js';

/** What sending a link needs beyond making one: the queue its broadcast goes on. */
export interface SendLinkDeps extends ReportLinksDeps {
  boss: PgBoss;
}

/** How long a link sent on request stays good (the period's lock still ends it). */
const SENT_LINK_DAYS = 14;

/**
 * `POST …/links/send { orgId }`: makes the organisation's own link (in its language, for 14
 * days) and sends it to its people — every role but parents — on the form's nudge channels
 * (email when it has none), asking for the report by its due date; both in one transaction,
 * so a link is never made without its message or sent twice by one request. The
 * organisation must be expected (422 `report_not_expected`).
 */
export async function sendLink(
  deps: SendLinkDeps,
  auth: AuthContext,
  formId: string,
  periodKey: string,
  input: z.output<typeof ReportLinkSendInput>,
): Promise<SentReportLink> {
  const now = new Date(deps.now());
  // Read before the transaction: the first read stores the key, on a connection of its own.
  const secret = await deps.secret();
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const form = await visibleForm(trx, auth, formId);
      const period = periodOf(form, periodKey);
      const org = await orgInSubtree(trx, auth, input.orgId);
      await mustBeExpected(trx, form, org);
      const link = await nudgeLink(trx, deps, secret, {
        formId: form.id,
        periodKey: period.key,
        orgId: org.id,
        language: org.default_language,
        expiresAt: new Date(now.getTime() + SENT_LINK_DAYS * 86_400_000),
        now,
        by: reportActor(auth),
      });
      const broadcastId = uuidv7();
      await sendToOrganisations(deps.boss, share(trx), {
        id: broadcastId,
        ownerOrgId: form.org_id,
        campaignId: form.campaign_id,
        orgIds: [org.id],
        roles: FOLLOW_UP_ROLES,
        channels: form.nudges?.channels ?? ['email'],
        body: reportRequestText(
          { formTitle: form.title, periodKey: period.key, dueOn: period.dueOn },
          link.url,
        ),
        now,
      });
      const row = await trx
        .selectFrom('report_links')
        .selectAll()
        .where('id', '=', link.id)
        .executeTakeFirstOrThrow();
      return { link: toLink(row), broadcastId };
    });
}
