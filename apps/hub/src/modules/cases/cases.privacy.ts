import { type RawBuilder, type SqlBool, sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type DatabaseHandle, share } from '../../platform/database/schema.js';
import {
  type ErasureStep,
  identifiersOf,
  inTenantOf,
  type RetentionClass,
  scrubColumns,
} from '../../platform/privacy.js';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { actorId } from '../../platform/tenancy/auth.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { requireCaseAction, visibleTo } from './cases.access.js';
import { appendAudit } from './cases.audit.js';
import type { ReporterIdentity } from './cases.intake.js';
import { reporterHash } from './cases.submit.js';
import { own, type Tx } from './cases.tables.js';

/**
 * What the cases module keeps of people, and for how long: a reporter is a keyed pseudonym,
 * with a contact and a feedback chat only when they chose; a report's text and links are
 * details of a case. Both are purged once their case has been closed long enough, and a
 * reporter is erased on request.
 */

/** Cases closed before `cutoff` (resolved or rejected), as SQL over `case_id`. */
const closedBefore = (cutoff: Date) =>
  sql<SqlBool>`case_id in (select id from cases where closed_at is not null and closed_at < ${cutoff})`;

/**
 * `case_report`: what a report said — its description, place, links and the case's canonical
 * links and referral summaries — is cleared once its case has been closed for the class's days
 * (2 years unless set). The case stays as a record: its number, category, severity, dates,
 * counts and its audit trail.
 */
export const caseReportRetention: RetentionClass = {
  name: 'case_report',
  defaultDays: 730,
  async purge(trx, cutoff) {
    const db = own(trx);
    const reports = await db
      .updateTable('case_reports')
      .set({ description: '', place: null, links: '[]' })
      .where(closedBefore(cutoff))
      .where((eb) =>
        eb.or([
          eb('description', '<>', ''),
          eb('place', 'is not', null),
          sql<SqlBool>`links <> '[]'::jsonb`,
        ]),
      )
      .executeTakeFirst();
    const links = await db.deleteFrom('case_links').where(closedBefore(cutoff)).executeTakeFirst();
    const referrals = await db
      .updateTable('case_referrals')
      .set({ summary: '', answer: null })
      .where(closedBefore(cutoff))
      .where((eb) => eb.or([eb('summary', '<>', ''), eb('answer', 'is not', null)]))
      .executeTakeFirst();
    return (
      Number(reports.numUpdatedRows) +
      Number(links.numDeletedRows) +
      Number(referrals.numUpdatedRows)
    );
  },
};

/** What a reporter's pseudonym becomes when it is purged or erased. */
const GONE = 'erased';

/**
 * `reporter`: who sent a report — the pseudonym, a contact they left, the chat status changes
 * went to — is cleared once its case has been closed for the class's days (1 year unless set):
 * nobody is told anything more about a closed case, and the reports of one person are no
 * longer linked.
 */
export const reporterRetention: RetentionClass = {
  name: 'reporter',
  defaultDays: 365,
  async purge(trx, cutoff) {
    const result = await own(trx)
      .updateTable('case_reports')
      .set({ reporter_hash: GONE, contact: null, feedback: null })
      .where(closedBefore(cutoff))
      .where((eb) =>
        eb.or([
          eb('reporter_hash', '<>', GONE),
          eb('contact', 'is not', null),
          eb('feedback', 'is not', null),
        ]),
      )
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  },
};

/**
 * An erased contact (a parent, a teacher) quoted in a case: their addresses or name in a
 * report's text, place or contact, or a referral's summary, in their tenant, are replaced.
 */
export const casesErasure: ErasureStep = {
  name: 'case reports',
  async erase(trx, subject) {
    const tenantCases = sql<SqlBool>`case_id in (select id from cases where ${inTenantOf('org_id', subject)})`;
    return (
      (await scrubColumns(
        trx,
        'case_reports',
        [{ name: 'description' }, { name: 'place' }, { name: 'contact', json: true }],
        subject,
        tenantCases,
      )) +
      (await scrubColumns(
        trx,
        'case_referrals',
        [{ name: 'summary' }, { name: 'recipient' }, { name: 'answer' }],
        subject,
        tenantCases,
      ))
    );
  },
};

/** What erasing a reporter did. */
export interface ReporterErasure {
  reports: number;
}

/**
 * Erases the reporter of report `reference` on their request (they quote their reference to
 * a specialist of its case): every report of theirs in the tenant — known by the same
 * pseudonym — loses the pseudonym, the contact and the feedback chat, and the contact's email,
 * phone and name are scrubbed from the tenant's case texts. The reports' descriptions stay
 * (they are about the content, not the reporter). Audited on each case, without the reporter.
 */
export async function eraseReporter(
  db: DatabaseHandle,
  auth: AuthContext,
  reference: string,
  now: Date,
): Promise<ReporterErasure> {
  return own(db)
    .transaction()
    .execute(async (trx) => {
      const report = await trx
        .selectFrom('case_reports')
        .innerJoin('cases', 'cases.id', 'case_reports.case_id')
        .innerJoin('organisations', 'organisations.id', 'cases.org_id')
        .selectAll('cases')
        .select(['case_reports.reporter_hash', sql<string>`organisations.path[1]`.as('root')])
        .where('case_reports.reference', '=', reference)
        .where(visibleTo(auth))
        .executeTakeFirst();
      if (!report) throw notFound('report', reference);
      requireCaseAction(auth, report, 'view');
      // One person's reports in this tenant: the same pseudonym (an anonymous form report,
      // or one already erased, stands alone).
      const reports = await forgetReports(
        trx,
        report.reporter_hash === GONE
          ? sql<SqlBool>`case_reports.reference = ${reference}`
          : sql<SqlBool>`case_reports.reporter_hash = ${report.reporter_hash} and organisations.path[1] = ${report.root}`,
        actorId(auth.actor),
        now,
      );
      return { reports };
    });
}

/**
 * Erases a reporter who asked the bot to forget them (`/forget`): every report of their
 * pseudonym, in every tenant, as {@link eraseReporter} does; the trail names no actor.
 */
export async function forgetReporter(
  db: DatabaseHandle,
  who: ReporterIdentity,
  now: Date,
): Promise<number> {
  if (who.kind === 'anonymous') return 0;
  const hash = await reporterHash(db, who);
  return own(db)
    .transaction()
    .execute((trx) =>
      forgetReports(trx, sql<SqlBool>`case_reports.reporter_hash = ${hash}`, null, now),
    );
}

/**
 * Clears the pseudonym, contact and feedback chat of the reports `which` selects (over
 * `case_reports` joined to their case and its organisation), scrubs each contact's details
 * from its tenant's case texts, and records `reporter.erased` on each case. Returns how many
 * reports it changed.
 */
async function forgetReports(
  trx: Tx,
  which: RawBuilder<SqlBool>,
  actor: string | null,
  now: Date,
): Promise<number> {
  const theirs = await trx
    .selectFrom('case_reports')
    .innerJoin('cases', 'cases.id', 'case_reports.case_id')
    .innerJoin('organisations', 'organisations.id', 'cases.org_id')
    .select([
      'case_reports.id',
      'case_reports.case_id',
      'case_reports.contact',
      'cases.org_id',
      sql<string>`organisations.path[1]`.as('root'),
    ])
    .where(which)
    .orderBy('case_reports.case_id')
    .execute();
  if (theirs.length === 0) return 0;
  // Each case's row lock first, as every writer of a case takes it: its trail chains in order.
  const caseIds = [...new Set(theirs.map((r) => r.case_id))];
  const cases = await trx
    .selectFrom('cases')
    .select(['id', 'org_id'])
    .where('id', 'in', caseIds)
    .orderBy('id')
    .forUpdate()
    .execute();
  await trx
    .updateTable('case_reports')
    .set({ reporter_hash: GONE, contact: null, feedback: null })
    .where(
      'id',
      'in',
      theirs.map((r) => r.id),
    )
    .execute();
  const placeholder = `erased:${uuidv7()}`;
  for (const report of theirs) {
    if (report.contact === null) continue;
    const { name, ...addresses } = report.contact;
    await casesErasure.erase(share(trx), {
      contactId: report.id,
      orgId: report.org_id,
      rootOrgId: report.root,
      placeholder,
      identifiers: identifiersOf(addresses as Record<string, string>, name ?? null),
    });
  }
  for (const kase of cases) {
    await appendAudit(trx, kase, {
      at: now,
      actor,
      action: 'reporter.erased',
      detail: { reports: theirs.filter((r) => r.case_id === kase.id).length },
    });
  }
  return theirs.length;
}
