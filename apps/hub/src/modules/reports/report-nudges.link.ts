import type { ReportActor } from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import { signReportLinkToken } from './report-link-token.js';
import { reportLinkUrl } from './report-links.js';
import type { Executor } from './reports.tables.js';

/** What a reminder's link is for: one organisation's report of one period. */
export interface NudgeLinkRequest {
  formId: string;
  periodKey: string;
  orgId: string;
  /** The language the link's page opens in: the organisation's (the link names no contact). */
  language: string;
  /** The period's lock in the organisation's zone, else some days on. */
  expiresAt: Date;
  now: Date;
  /** Who made it: the hub on the form's behalf unless given (a person asking to send it). */
  by?: ReportActor;
}

/**
 * The organisation's own submission link for a reminder, made in the reminder's transaction
 * (both commit or neither): a report link as `POST …/links` makes one, for the organisation at
 * large (no contact: the reminder goes to all its people), made by the hub on the form's
 * behalf (or by whoever asked for it). Returns its id and public URL, `<public URL>/r/<token>`.
 */
export async function nudgeLink(
  trx: Executor,
  deps: { publicUrl: string },
  secret: string,
  request: NudgeLinkRequest,
): Promise<{ id: string; url: string }> {
  const id = uuidv7();
  const by: ReportActor = request.by ?? { kind: 'hub', id: request.formId };
  await trx
    .insertInto('report_links')
    .values({
      id,
      form_id: request.formId,
      period_key: request.periodKey,
      org_id: request.orgId,
      contact_id: null,
      language: request.language,
      created_at: request.now,
      created_by: JSON.stringify(by),
      expires_at: request.expiresAt,
      revoked_at: null,
      revoked_by: null,
      last_used_at: null,
    })
    .execute();
  return { id, url: reportLinkUrl(deps, signReportLinkToken(secret, id)) };
}
