import type { ExecutorHandle } from '../../platform/database/schema.js';

/** What a reminder's link is for: one organisation's report of one period. */
export interface NudgeLinkRequest {
  formId: string;
  periodKey: string;
  orgId: string;
  /** When the link should stop working: the period's lock in the organisation's zone, else 14 days on. */
  expiresAt: Date;
  now: Date;
}

/**
 * SEAM (signed report links, branch `reports-links`): the organisation's own submission link
 * for a reminder — contact-less, for this one organisation, expiring at `expiresAt` — minted
 * in the reminder's transaction. Until the link service is on main there is none, and the
 * reminder goes without a link (its text has no link line). When it lands, this calls it
 * (`report-links*.ts`) and returns the public URL `/r/<token>`.
 */
export async function nudgeLink(
  _trx: ExecutorHandle,
  _request: NudgeLinkRequest,
): Promise<string | undefined> {
  return undefined;
}
