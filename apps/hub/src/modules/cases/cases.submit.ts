import { createHash, createHmac, randomUUID } from 'node:crypto';
import {
  type CaseCategory,
  type CaseReportReceipt,
  type CaseSeverity,
  canonicaliseLink,
  caseSeverityFor,
  higherSeverity,
  OPEN_CASE_STATES,
  routeCase,
  SafenetError,
} from '@safenet/core';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { type DatabaseHandle, share } from '../../platform/database/schema.js';
import { lazySecret } from '../../platform/database/secrets.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { notFound } from '../../platform/tenancy/lookups.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import { raiseAlert } from '../alerts/index.js';
import { appendAudit } from './cases.audit.js';
import type { IntakeReport, ReporterIdentity } from './cases.intake.js';
import { clocksFor, pathsOf, responseTimesFor, routeRulesFor } from './cases.settings.js';
import { type CaseRow, type Executor, own, type Tx } from './cases.tables.js';

/** What taking in reports needs of the hub. */
export interface IntakeDeps {
  db: DatabaseHandle;
  bus: EventBus;
  /** The hub's clock, epoch ms. */
  now(): number;
  orgPathOf(orgId: string): Promise<readonly string[]>;
  /**
   * Called inside the transaction just before it takes its link locks and looks for an open
   * case — tests hold two submissions here, together, to show they merge, not duplicate.
   */
  beforeLinkLocks?: () => Promise<void>;
}

/** A reported link as stored: canonical, with its SHA-256 and host. */
export interface StoredLink {
  url: string;
  sha256: string;
  host: string;
}

/**
 * The canonical form of each reported link (the hub never fetches one), or a 400
 * `case_link_invalid` naming the first that is not a web address.
 */
export function canonicalLinks(links: readonly string[]): StoredLink[] {
  const seen = new Map<string, StoredLink>();
  links.forEach((raw, index) => {
    const canonical = canonicaliseLink(raw);
    if (!canonical.ok) {
      throw new SafenetError('case_link_invalid', `links[${index}]: ${canonical.message}`);
    }
    const sha256 = createHash('sha256').update(canonical.url).digest('hex');
    seen.set(sha256, { url: canonical.url, sha256, host: new URL(canonical.url).hostname });
  });
  return [...seen.values()];
}

const REPORTER_SECRET = 'case-reporter-key';
const REPORTER_CONTEXT = 'safenet case reporter v1\n';

/**
 * A reporter's pseudonym: HMAC-SHA-256 of who they are with a secret of this hub, so the same
 * Telegram user or key reads the same across reports and the table names nobody. An anonymous
 * form reporter gets a random one: two form reports are never linked.
 */
export async function reporterHash(db: DatabaseHandle, who: ReporterIdentity): Promise<string> {
  const subject =
    who.kind === 'telegram'
      ? `telegram:${who.userId}`
      : who.kind === 'key'
        ? `key:${who.apiKeyId}`
        : who.kind === 'user'
          ? `user:${who.userId}`
          : `anonymous:${randomUUID()}`;
  return createHmac('sha256', await reporterKey(db))
    .update(REPORTER_CONTEXT)
    .update(subject)
    .digest('hex');
}

/** The pseudonyms' key per database, read once per process (a failed read is retried). */
const reporterKeys = new WeakMap<DatabaseHandle, () => Promise<string>>();

function reporterKey(db: DatabaseHandle): Promise<string> {
  let key = reporterKeys.get(db);
  if (!key) {
    key = lazySecret(own(db), REPORTER_SECRET);
    reporterKeys.set(db, key);
  }
  return key();
}

/** A `<prefix>-<year>-<n>` number from `sequence`, six digits at least. */
async function nextNumber(
  trx: Executor,
  sequence: 'case_numbers' | 'case_report_numbers',
  prefix: string,
  at: Date,
) {
  const { rows } = await sql<{ n: string }>`select nextval(${sequence}) as n`.execute(trx);
  return `${prefix}-${at.getUTCFullYear()}-${String(rows[0]?.n).padStart(6, '0')}`;
}

/** A 64-bit advisory lock key for a link hash (its first 15 hex digits). */
function linkLockKey(sha256: string): string {
  return BigInt(`0x${sha256.slice(0, 15)}`).toString();
}

/**
 * Takes a report in: canonicalises and hashes its links, then in one transaction either merges
 * it into an open case of the same tree that shares a link (its count rises, its severity
 * with it) or opens a case routed by the rules, with its clocks set; either way the reporter
 * gets their own reference, and the trail records it. Two reports of the same link at once
 * meet at an advisory lock per link hash: the second finds the first's case.
 */
export async function submitReport(
  deps: IntakeDeps,
  intake: IntakeReport,
): Promise<CaseReportReceipt & { caseId: string; merged: boolean }> {
  const links = canonicalLinks(intake.report.links);
  const reporter = await reporterHash(deps.db, intake.reporter);
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const at = new Date(deps.now());
      const intakePath = await deps.orgPathOf(intake.intakeOrgId);
      const root = intakePath[0];
      if (root === undefined) throw notFound('organisation', intake.intakeOrgId);
      await deps.beforeLinkLocks?.();
      // Sorted, so two reports sharing several links lock them in the same order.
      for (const link of [...links].sort((a, b) => a.sha256.localeCompare(b.sha256))) {
        await sql`select pg_advisory_xact_lock(${linkLockKey(link.sha256)}::bigint)`.execute(trx);
      }
      const open = await trx
        .selectFrom('cases')
        .selectAll('cases')
        .where('cases.state', 'in', [...OPEN_CASE_STATES])
        .where(inSubtree('cases.org_id', root))
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('case_links')
              .select('case_links.case_id')
              .whereRef('case_links.case_id', '=', 'cases.id')
              .where(
                'case_links.sha256',
                'in',
                links.map((l) => l.sha256),
              ),
          ),
        )
        .orderBy('cases.created_at')
        .limit(1)
        .forUpdate()
        .executeTakeFirst();
      const kase = open
        ? await mergeInto(deps, trx, open, intake.report.category, links, at)
        : await openCase(deps, trx, intake, links, root, at);
      const reference = await nextNumber(trx, 'case_report_numbers', 'R', at);
      await trx
        .insertInto('case_reports')
        .values({
          id: uuidv7(),
          case_id: kase.id,
          reference,
          source: intake.source,
          category: intake.report.category,
          platform: intake.report.platform,
          description: intake.report.description,
          language: intake.report.language,
          place: intake.report.place ?? null,
          links: JSON.stringify(links.map((l) => l.url)),
          reporter_hash: reporter,
          contact: intake.report.contact ? JSON.stringify(intake.report.contact) : null,
          feedback: intake.feedback ? JSON.stringify(intake.feedback) : null,
          received_at: at,
        })
        .execute();
      await appendAudit(trx, kase, {
        at,
        actor: actorOfReporter(intake.reporter),
        action: open ? 'report.merged' : 'report.received',
        detail: {
          reference,
          source: intake.source,
          links: links.length,
          reports: kase.report_count,
        },
      });
      return { reference, caseId: kase.id, merged: open !== undefined };
    });
}

/** Who the trail names for a report: a person or key, never a reporter's pseudonym. */
function actorOfReporter(who: ReporterIdentity): string | null {
  if (who.kind === 'user') return `user:${who.userId}`;
  if (who.kind === 'key') return `key:${who.apiKeyId}`;
  return null;
}

async function addLinks(trx: Tx, caseId: string, links: readonly StoredLink[]) {
  await trx
    .insertInto('case_links')
    .values(links.map((l) => ({ case_id: caseId, ...l })))
    .onConflict((oc) => oc.columns(['case_id', 'sha256']).doNothing())
    .execute();
}

async function raiseCritical(deps: IntakeDeps, trx: Tx, kase: CaseRow, why: string) {
  await raiseAlert(deps, share(trx), {
    orgId: kase.org_id,
    code: 'case_critical',
    subjectId: kase.id,
    message: `${why}: case ${kase.number} (${kase.category}, ${kase.platform}) — triage by ${kase.acknowledge_by.toISOString()}`,
    dedupeKey: `case_critical:${kase.id}`,
  });
}

async function mergeInto(
  deps: IntakeDeps,
  trx: Tx,
  open: CaseRow,
  category: CaseCategory,
  links: readonly StoredLink[],
  at: Date,
): Promise<CaseRow> {
  const reports = open.report_count + 1;
  // The case's own category, or the new report's when it is graver (the same video reported
  // as bullying, then as grooming).
  const severity = [
    caseSeverityFor(open.category as CaseCategory, reports),
    caseSeverityFor(category, reports),
  ].reduce(higherSeverity, open.severity as CaseSeverity);
  const kase = await trx
    .updateTable('cases')
    .set({ report_count: reports, severity, updated_at: at })
    .where('id', '=', open.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  await addLinks(trx, kase.id, links);
  if (severity !== open.severity) {
    await appendAudit(trx, kase, {
      at,
      actor: null,
      action: 'severity.raised',
      detail: { from: open.severity, to: severity, reports },
    });
    if (severity === 'critical') await raiseCritical(deps, trx, kase, 'A case became critical');
  }
  return kase;
}

async function openCase(
  deps: IntakeDeps,
  trx: Tx,
  intake: IntakeReport,
  links: readonly StoredLink[],
  root: string,
  at: Date,
): Promise<CaseRow> {
  const { category, platform, concernedOrgId } = intake.report;
  let concernedPath: string[] | null = null;
  if (concernedOrgId !== undefined) {
    concernedPath = (await pathsOf(trx, [concernedOrgId])).get(concernedOrgId) ?? null;
    if (concernedPath?.[0] !== root) {
      throw new SafenetError(
        'not_found',
        `concernedOrgId: no organisation ${concernedOrgId} in the intake's tree — choose the region or school from this tree, or leave it out`,
      );
    }
  }
  const rules = concernedPath ? await routeRulesFor(trx, concernedPath) : [];
  const targets = await pathsOf(trx, [intake.intakeOrgId, ...rules.map((r) => r.targetOrgId)]);
  const route = routeCase({
    category,
    intakeOrgId: intake.intakeOrgId,
    concernedPath,
    rules,
    pathOf: (id) => targets.get(id),
  });
  // The handling organisation is the intake, a rule's target, or the concerned organisation's
  // parent (conflict of interest): its path is already read.
  const handlingPath =
    targets.get(route.handlingOrgId) ??
    concernedPath?.slice(0, concernedPath.indexOf(route.handlingOrgId) + 1) ??
    [];
  const severity = caseSeverityFor(category, 1);
  const { times } = await responseTimesFor(trx, handlingPath);
  const kase = await trx
    .insertInto('cases')
    .values({
      id: uuidv7(),
      number: await nextNumber(trx, 'case_numbers', 'C', at),
      org_id: route.handlingOrgId,
      intake_org_id: intake.intakeOrgId,
      concerned_org_id: concernedOrgId ?? null,
      excluded_org_id: route.excludedOrgId,
      state: 'new',
      severity,
      category,
      platform,
      report_count: 1,
      ...clocksFor(times, severity, at),
      created_at: at,
      updated_at: at,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await addLinks(trx, kase.id, links);
  await appendAudit(trx, kase, {
    at,
    actor: null,
    action: 'case.opened',
    detail: {
      routedTo: route.handlingOrgId,
      ...(route.excludedOrgId ? { hiddenFrom: route.excludedOrgId } : {}),
      severity,
      category,
    },
  });
  if (severity === 'critical') await raiseCritical(deps, trx, kase, 'A critical case arrived');
  return kase;
}
