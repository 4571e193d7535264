import {
  type CreatedReportLink,
  FOLLOW_UP_ROLES,
  type Language,
  type ReportActor,
  type ReportLink,
  type ReportLinkInput,
  type ReportLinkListQuery,
  type ReportPeriod,
  type ReportSubmission,
  type ReportSubmissionInput,
  SafenetError,
} from '@safenet/core';
import type { Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import type { DatabaseHandle } from '../../platform/database/schema.js';
import { lazySecret } from '../../platform/database/secrets.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { contactsByIds } from '../contacts/index.js';
import {
  invalidReportLink,
  signReportLinkToken,
  verifyReportLinkToken,
} from './report-link-token.js';
import type { ReportLinksTable } from './report-links.tables.js';
import { orgInSubtree, periodOf, type ReportsDeps, visibleForm } from './reports.access.js';
import { type FormWithOwner, formRow, isExpected, orgOf } from './reports.store.js';
import {
  lockedAt,
  reportActor,
  type SubmittingOrg,
  writeSubmission,
} from './reports.submissions.js';
import { submissionRow, toSubmission } from './reports.submissions.store.js';
import { type Executor, own } from './reports.tables.js';

/** Signed no-login links to one organisation's report for one period: made, listed, revoked, opened. */

/** The path report links open under the hub's public URL: short, for an SMS. */
export const REPORT_LINK_PATH = '/r';
/** The `hub_secrets` row holding the links' signing key. */
const SECRET_NAME = 'report-links';
const DAY_MS = 86_400_000;

/** What the links need besides the reports' deps: the signing key and where the hub is. */
export interface ReportLinksDeps extends ReportsDeps {
  /** The signing key, read (or generated) on first use. */
  secret(): Promise<string>;
  publicUrl: string;
}

/**
 * The signing key, generated once and kept in the database (every hub process agrees), read
 * on first use rather than at start: a hub built only for its OpenAPI document has no
 * database. A failed read is retried by the next request.
 */
export function reportLinkSecret(db: DatabaseHandle): () => Promise<string> {
  return lazySecret(own(db), SECRET_NAME);
}

type LinkRow = Selectable<ReportLinksTable>;

export function toLink(row: LinkRow): ReportLink {
  return {
    id: row.id,
    formId: row.form_id,
    periodKey: row.period_key,
    orgId: row.org_id,
    contactId: row.contact_id,
    language: row.language as Language,
    createdAt: row.created_at.toISOString(),
    createdBy: row.created_by,
    expiresAt: row.expires_at.toISOString(),
    revokedAt: row.revoked_at?.toISOString() ?? null,
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}

/** `<public URL>/r/<token>`. */
export function reportLinkUrl(deps: Pick<ReportLinksDeps, 'publicUrl'>, token: string): string {
  return `${deps.publicUrl.replace(/\/+$/, '')}${REPORT_LINK_PATH}/${token}`;
}

/**
 * `POST /v1/report-forms/:id/periods/:periodKey/links`, by the organisation's keys or an
 * ancestor's: a link for an organisation the form expects, made for one of its contacts
 * (never a parent) or for the organisation at large. The token is shown here only.
 */
export async function createLink(
  deps: ReportLinksDeps,
  auth: AuthContext,
  formId: string,
  periodKey: string,
  input: z.output<typeof ReportLinkInput>,
): Promise<CreatedReportLink> {
  const db = own(deps.db);
  const form = await visibleForm(db, auth, formId);
  const period = periodOf(form, periodKey);
  const org = await orgInSubtree(db, auth, input.orgId);
  await mustBeExpected(db, form, org);
  const language = input.language ?? (await contactLanguage(deps, org, input.contactId));
  const now = new Date(deps.now());
  const row = await db
    .insertInto('report_links')
    .values({
      id: uuidv7(),
      form_id: form.id,
      period_key: period.key,
      org_id: org.id,
      contact_id: input.contactId ?? null,
      language,
      created_at: now,
      created_by: JSON.stringify(reportActor(auth)),
      expires_at: new Date(now.getTime() + input.expiresInDays * DAY_MS),
      revoked_at: null,
      revoked_by: null,
      last_used_at: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  const token = signReportLinkToken(await deps.secret(), row.id);
  return { ...toLink(row), token, url: reportLinkUrl(deps, token) };
}

export async function mustBeExpected(db: Executor, form: FormWithOwner, org: SubmittingOrg) {
  if (!(await isExpected(db, form.id, org.id))) {
    throw new SafenetError(
      'report_not_expected',
      `${org.name} is not assigned the form "${form.key}": the form's owner assigns it (PUT /v1/report-forms/${form.id}/assignment)`,
    );
  }
}

/** The contact's language (it must be a responsible contact of `org`), else the org's. */
async function contactLanguage(
  deps: ReportsDeps,
  org: SubmittingOrg,
  contactId: string | undefined,
): Promise<string> {
  if (contactId === undefined) return org.default_language;
  const [contact] = await contactsByIds(deps.db, [contactId]);
  if (!contact || contact.org_id !== org.id) {
    throw new SafenetError(
      'validation_failed',
      `The contact ${contactId} is not one of ${org.name}'s: a link is made for a contact of the organisation that reports`,
      {
        errors: [
          { path: 'contactId', code: 'validation_failed', message: 'Not a contact of orgId' },
        ],
      },
    );
  }
  if (!(FOLLOW_UP_ROLES as readonly string[]).includes(contact.role)) {
    throw new SafenetError(
      'validation_failed',
      `The contact ${contactId} is a ${contact.role}: report links go to the people responsible for the organisation's report, never to parents`,
      {
        errors: [
          { path: 'contactId', code: 'validation_failed', message: 'Not a responsible contact' },
        ],
      },
    );
  }
  return contact.language;
}

/** `GET …/links?orgId=`: the period's links within the caller's subtree, newest first, no tokens. */
export async function listLinks(
  deps: ReportsDeps,
  auth: AuthContext,
  formId: string,
  periodKey: string,
  query: z.output<typeof ReportLinkListQuery>,
): Promise<{ items: ReportLink[] }> {
  const db = own(deps.db);
  const form = await visibleForm(db, auth, formId);
  const period = periodOf(form, periodKey);
  if (query.orgId) await orgInSubtree(db, auth, query.orgId);
  let select = db
    .selectFrom('report_links')
    .innerJoin('organisations', 'organisations.id', 'report_links.org_id')
    .selectAll('report_links')
    .where('report_links.form_id', '=', form.id)
    .where('report_links.period_key', '=', period.key)
    .where((eb) => eb(eb.val(auth.orgId), '=', eb.fn.any('organisations.path')))
    .orderBy('report_links.id', 'desc');
  if (query.orgId) select = select.where('report_links.org_id', '=', query.orgId);
  return { items: (await select.execute()).map(toLink) };
}

/** `POST /v1/report-links/:id/revoke`: the link stops working; revoking again changes nothing. */
export async function revokeLink(
  deps: ReportsDeps,
  auth: AuthContext,
  linkId: string,
): Promise<ReportLink> {
  const db = own(deps.db);
  const row = await db
    .selectFrom('report_links')
    .selectAll()
    .where('id', '=', linkId)
    .executeTakeFirst();
  if (!row) throw notFound('report link', linkId);
  const org = await orgOf(db, row.org_id);
  if (!org?.path.includes(auth.orgId)) throw notFound('report link', linkId);
  if (row.revoked_at) return toLink(row);
  const revoked = await db
    .updateTable('report_links')
    .set({ revoked_at: new Date(deps.now()), revoked_by: JSON.stringify(reportActor(auth)) })
    .where('id', '=', linkId)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toLink(revoked);
}

/** A link opened by its token: what the page shows and where a submission goes. */
export interface OpenedLink {
  link: LinkRow;
  form: FormWithOwner;
  period: ReportPeriod;
  org: SubmittingOrg;
  current: ReportSubmission | null;
}

/**
 * The link a token names, if it still works: `report_link_invalid` (404) unless this hub
 * signed it and the row exists, `report_link_revoked` / `report_link_expired` (410), and
 * `report_locked` (409) once the period locked for the organisation (no exception) or its
 * report is approved.
 */
export async function openLink(deps: ReportLinksDeps, token: string): Promise<OpenedLink> {
  const db = own(deps.db);
  const link = await linkRow(db, verifyReportLinkToken(await deps.secret(), token));
  const now = new Date(deps.now());
  const { form, org } = await linkTarget(db, link, now);
  const period = periodOf(form, link.period_key);
  const key = { formId: form.id, periodKey: period.key, orgId: org.id };
  const row = await submissionRow(db, key);
  // A returned report may change after the lock (that is what a return is for).
  const locked =
    row?.state === 'approved' ||
    (row?.state !== 'returned' && (await lockedAt(db, key, period, org.time_zone, now)) !== null);
  if (locked) {
    throw new SafenetError(
      'report_locked',
      `The report of ${org.name} for ${period.key} is locked: nothing more can be sent through this link`,
    );
  }
  const current = row && row.version > 0 ? toSubmission(row) : null;
  return { link, form, period, org, current };
}

async function linkRow(db: Executor, id: string, forUpdate = false): Promise<LinkRow> {
  let select = db.selectFrom('report_links').selectAll().where('id', '=', id);
  if (forUpdate) select = select.forUpdate();
  const link = await select.executeTakeFirst();
  if (!link) throw invalidReportLink();
  return link;
}

/** Checks a link still works at `now` and reads its form and organisation. */
async function linkTarget(db: Executor, link: LinkRow, now: Date, lock?: 'share') {
  if (link.revoked_at) {
    throw new SafenetError(
      'report_link_revoked',
      'This report link was revoked: ask the organisation above for a new one',
    );
  }
  if (now >= link.expires_at) throw expired();
  const form = await formRow(db, link.form_id, lock);
  const org = await orgOf(db, link.org_id);
  if (!form || !org) throw invalidReportLink();
  return { form, org };
}

function expired(): SafenetError {
  return new SafenetError(
    'report_link_expired',
    'This report link has expired: ask the organisation above for a new one',
  );
}

/**
 * Saves or submits the answers through a link: the module's own submission write (the same
 * checks and versions as the API), by `{ kind: 'link', id }`, the link re-read and locked in
 * the same transaction so a revocation that lands first wins.
 */
export async function submitByLink(
  deps: ReportLinksDeps,
  token: string,
  input: z.output<typeof ReportSubmissionInput>,
): Promise<ReportSubmission> {
  const linkId = verifyReportLinkToken(await deps.secret(), token);
  const now = new Date(deps.now());
  const by: ReportActor = { kind: 'link', id: linkId };
  const stored = await linkRow(own(deps.db), linkId);
  const key = { formId: stored.form_id, periodKey: stored.period_key, orgId: stored.org_id };
  return writeSubmission(deps, key, input, by, async (trx) => {
    const link = await linkRow(trx, linkId, true);
    const target = await linkTarget(trx, link, now, 'share');
    await trx
      .updateTable('report_links')
      .set({ last_used_at: now })
      .where('id', '=', linkId)
      .execute();
    return target;
  });
}
