import {
  allowedCaseActions,
  type CaseAction,
  type CaseAuditTrail,
  type CaseDetail,
  type CaseListQuery,
  type CaseReferral,
  type CaseReferralAnswer,
  type CaseReferralInput,
  type CaseSeverity,
  type CaseState,
  type CaseSummary,
  type CaseTransitionInput,
  caseActionAllowed,
  type Language,
  nextCaseState,
  type ReporterStatus,
  reporterStatusOf,
  SafenetError,
} from '@safenet/core';
import { sql } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { z } from 'zod';
import { keysetPage, type Page } from '../../platform/database/keyset.js';
import { type DatabaseHandle, share } from '../../platform/database/schema.js';
import { type AuthContext, actingUserId, actorId } from '../../platform/tenancy/auth.js';
import { notFound, orgInScope } from '../../platform/tenancy/lookups.js';
import { inSubtree } from '../../platform/tenancy/scope.js';
import { resolveAlertsOf } from '../alerts/index.js';
import { caseFacts, requireCaseAction, visibleCase, visibleTo } from './cases.access.js';
import { appendAudit, auditTrail } from './cases.audit.js';
import type {
  NotifyReporter,
  ReporterFeedback,
  ReporterIdentity,
  ReportStatus,
} from './cases.intake.js';
import { toCaseReport, toCaseSummary, toReferral } from './cases.records.js';
import { clocksFor, pathsOf, responseTimesFor } from './cases.settings.js';
import { reporterHash } from './cases.submit.js';
import { type CaseRow, own, type Tx } from './cases.tables.js';

/** What the cases' service needs of the hub. */
export interface CasesDeps {
  db: DatabaseHandle;
  /** The hub's clock, epoch ms. */
  now(): number;
  /** Sends a reporter who asked to hear back their report's new status (the bot answers). */
  notifyReporter: NotifyReporter;
  /** Where a failed notification is logged (it never undoes the move). */
  warn(error: unknown, message: string): void;
}

/**
 * Runs `work` in a transaction on case `id` as `auth` sees it (404 otherwise), its row locked —
 * every writer of a case takes the lock first, so its audit entries chain one after another —
 * once the rules let `auth` do `action` (null: `work` checks, after the state machine).
 */
async function onCase<T>(
  deps: Pick<CasesDeps, 'db'>,
  auth: AuthContext,
  id: string,
  action: CaseAction | null,
  work: (trx: Tx, kase: CaseRow) => Promise<T>,
): Promise<T> {
  return own(deps.db)
    .transaction()
    .execute(async (trx) => {
      const kase = await visibleCase(trx, auth, id, { lock: true });
      if (action !== null) requireCaseAction(auth, kase, action);
      return work(trx, kase);
    });
}

/** One page of the cases the caller may list, newest first, filtered. */
export async function listCases(
  deps: CasesDeps,
  auth: AuthContext,
  query: z.output<typeof CaseListQuery>,
): Promise<Page<CaseSummary>> {
  if (!caseActionAllowed('list', caseFacts(auth, null))) return { items: [], nextCursor: null };
  const db = own(deps.db);
  const root = query.orgId === undefined ? null : (await orgInScope(db, auth, query.orgId)).id;
  const me = actingUserId(auth);
  const q = db
    .selectFrom('cases')
    .selectAll()
    .where(visibleTo(auth))
    .$if(root !== null, (b) => b.where(inSubtree('cases.org_id', root as string)))
    .$if(query.state === 'open', (b) =>
      b.where('state', 'in', ['new', 'triaged', 'referred', 'in_action']),
    )
    .$if(query.state !== undefined && query.state !== 'open', (b) =>
      b.where('state', '=', query.state as string),
    )
    .$if(query.severity !== undefined, (b) => b.where('severity', '=', query.severity as string))
    .$if(query.assignee === 'none', (b) => b.where('assignee_id', 'is', null))
    .$if(query.assignee === 'me', (b) =>
      // A key is nobody's assignee: `me` lists nothing for it.
      me === null ? b.where(sql<boolean>`false`) : b.where('assignee_id', '=', me),
    )
    .$if(query.assignee !== undefined && !['me', 'none'].includes(query.assignee), (b) =>
      b.where('assignee_id', '=', query.assignee as string),
    );
  return keysetPage(q, query, toCaseSummary, 'desc');
}

/**
 * A case whole, with its reports and links: a read of report details, so it is audited (who
 * read which case, when). Needs `view` (a specialist); an admin lists cases but opens only
 * their trail.
 */
export async function getCase(deps: CasesDeps, auth: AuthContext, id: string): Promise<CaseDetail> {
  return onCase(deps, auth, id, 'view', async (trx, kase) => {
    await appendAudit(trx, kase, {
      at: new Date(deps.now()),
      actor: actorId(auth.actor),
      action: 'case.read',
    });
    return detailOf(trx, auth, kase);
  });
}

async function detailOf(trx: Tx, auth: AuthContext, kase: CaseRow): Promise<CaseDetail> {
  const [reports, links, referrals] = await Promise.all([
    trx
      .selectFrom('case_reports')
      .selectAll()
      .where('case_id', '=', kase.id)
      .orderBy('received_at')
      .orderBy('id')
      .execute(),
    trx
      .selectFrom('case_links')
      .selectAll()
      .where('case_id', '=', kase.id)
      .orderBy('url')
      .execute(),
    trx
      .selectFrom('case_referrals')
      .selectAll()
      .where('case_id', '=', kase.id)
      .orderBy('sent_at')
      .orderBy('id')
      .execute(),
  ]);
  return {
    ...toCaseSummary(kase),
    reports: reports.map(toCaseReport),
    links: links.map((l) => ({ url: l.url, host: l.host, sha256: l.sha256 })),
    referrals: referrals.map(toReferral),
    allowed: allowedCaseActions(caseFacts(auth, kase), kase.state as CaseState),
  };
}

/** The alert codes a case leaving `new` resolves, and those a closed case resolves. */
const TRIAGE_ALERTS = ['case_critical', 'case_acknowledge_overdue'] as const;
const CASE_ALERTS = [...TRIAGE_ALERTS, 'case_resolve_overdue'] as const;

/**
 * Moves a case by the state machine, if the rules let the caller: 403
 * `case_action_forbidden`, 409 `case_transition_forbidden`. Triage takes an unassigned case
 * for the person who triages it and may set the severity (the clocks follow); leaving `new`
 * stops the triage clock; resolving or rejecting closes the case's alerts. Reporters who asked
 * to hear back are told when what they see changes.
 */
export async function transitionCase(
  deps: CasesDeps,
  auth: AuthContext,
  id: string,
  input: z.output<typeof CaseTransitionInput>,
): Promise<CaseDetail> {
  const { detail, notify } = await onCase(deps, auth, id, null, async (trx, kase) => {
    // The machine first: a move it forbids is forbidden to everyone, whatever their part.
    const from = kase.state as CaseState;
    const to = nextCaseState(from, input.action);
    if (to === null) {
      throw new SafenetError(
        'case_transition_forbidden',
        `Case ${kase.number} is ${from}: "${input.action}" does not move it from there (docs/reference/cases.md shows the state machine)`,
      );
    }
    requireCaseAction(auth, kase, input.action);
    const at = new Date(deps.now());
    const me = actingUserId(auth);
    const severity = (input.severity ?? kase.severity) as CaseSeverity;
    const clocks =
      severity === kase.severity
        ? {}
        : clocksFor(
            (
              await responseTimesFor(
                trx,
                (await pathsOf(trx, [kase.org_id])).get(kase.org_id) ?? [],
              )
            ).times,
            severity,
            kase.created_at,
          );
    const closing = to === 'resolved' || to === 'rejected';
    const moved = await trx
      .updateTable('cases')
      .set({
        state: to,
        severity,
        ...clocks,
        updated_at: at,
        acknowledged_at: kase.acknowledged_at ?? at,
        closed_at: closing ? at : null,
        reject_reason: to === 'rejected' ? (input.reason ?? null) : null,
        ...(input.action === 'triage' && kase.assignee_id === null && me !== null
          ? { assignee_id: me }
          : {}),
      })
      .where('id', '=', kase.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, moved, {
      at,
      actor: actorId(auth.actor),
      action: `case.${input.action}`,
      detail: {
        from,
        to,
        ...(input.reason ? { reason: input.reason } : {}),
        ...(severity !== kase.severity ? { severity: { from: kase.severity, to: severity } } : {}),
        ...(moved.assignee_id !== kase.assignee_id ? { assignee: moved.assignee_id } : {}),
      },
    });
    // Triaged (or rejected), someone is on it: the arrival and triage alerts are over;
    // closed, the resolve alert too.
    const over = closing ? CASE_ALERTS : from === 'new' ? TRIAGE_ALERTS : [];
    for (const code of over) await resolveAlertsOf(deps, share(trx), code, kase.id);
    const notify = await reportersToTell(trx, moved, from, to, at);
    return { detail: await detailOf(trx, auth, moved), notify };
  });
  await tellReporters(deps, notify);
  return detail;
}

interface Notice {
  feedback: ReporterFeedback;
  status: ReportStatus & { language: Language };
}

/** The reporters to tell, when the move changes what they see; recorded on the trail. */
async function reportersToTell(
  trx: Tx,
  kase: CaseRow,
  from: CaseState,
  to: CaseState,
  at: Date,
): Promise<Notice[]> {
  const status: ReporterStatus = reporterStatusOf(to);
  if (reporterStatusOf(from) === status) return [];
  const rows = await trx
    .selectFrom('case_reports')
    .select(['reference', 'language', 'feedback'])
    .where('case_id', '=', kase.id)
    .where('feedback', 'is not', null)
    .execute();
  if (rows.length === 0) return [];
  await appendAudit(trx, kase, {
    at,
    actor: null,
    action: 'reporters.notified',
    detail: { status, reporters: rows.length },
  });
  return rows.map((row) => ({
    feedback: row.feedback as Notice['feedback'],
    status: {
      reference: row.reference,
      status,
      updatedAt: at.toISOString(),
      language: row.language as Notice['status']['language'],
    },
  }));
}

async function tellReporters(deps: CasesDeps, notices: readonly Notice[]): Promise<void> {
  for (const notice of notices) {
    try {
      await deps.notifyReporter(notice.feedback, notice.status);
    } catch (error) {
      deps.warn(error, 'A reporter was not told of their report’s new status');
    }
  }
}

/**
 * Hands a case to a specialist (a person with the specialist role, not disabled, of the case's
 * organisation or above it, and not hidden from it), or to nobody.
 */
export async function assignCase(
  deps: CasesDeps,
  auth: AuthContext,
  id: string,
  assigneeId: string | null,
): Promise<CaseDetail> {
  return onCase(deps, auth, id, 'assign', async (trx, kase) => {
    if (assigneeId !== null) {
      const person = await trx
        .selectFrom('users')
        .innerJoin('organisations', 'organisations.id', 'users.org_id')
        .select(['users.id', 'users.role', 'users.disabled', 'organisations.path'])
        .where('users.id', '=', assigneeId)
        .executeTakeFirst();
      const casePath = (await pathsOf(trx, [kase.org_id])).get(kase.org_id) ?? [];
      const fits =
        person !== undefined &&
        person.role === 'specialist' &&
        !person.disabled &&
        casePath.includes(person.path[person.path.length - 1] as string) &&
        (kase.excluded_org_id === null || !person.path.includes(kase.excluded_org_id));
      if (!fits) {
        throw new SafenetError(
          'case_assignee_invalid',
          `assigneeId: ${assigneeId} is not an active specialist of case ${kase.number}'s organisation or an organisation above it`,
        );
      }
    }
    const at = new Date(deps.now());
    const moved = await trx
      .updateTable('cases')
      .set({ assignee_id: assigneeId, updated_at: at })
      .where('id', '=', kase.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, moved, {
      at,
      actor: actorId(auth.actor),
      action: 'case.assigned',
      detail: { from: kase.assignee_id, to: assigneeId },
    });
    return detailOf(trx, auth, moved);
  });
}

/**
 * Records a referral (what was sent to whom, when). A triaged or in-action case moves to
 * `referred` with it, as the `refer` transition would.
 */
export async function addReferral(
  deps: CasesDeps,
  auth: AuthContext,
  id: string,
  input: z.output<typeof CaseReferralInput>,
): Promise<CaseReferral> {
  const { referral, notify } = await onCase(deps, auth, id, 'referral', async (trx, kase) => {
    const at = new Date(deps.now());
    const row = await trx
      .insertInto('case_referrals')
      .values({
        id: uuidv7(),
        case_id: kase.id,
        target: input.target,
        recipient: input.recipient,
        summary: input.summary,
        sent_at: input.sentAt ?? at,
        created_by: actingUserId(auth),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, kase, {
      at,
      actor: actorId(auth.actor),
      action: 'referral.sent',
      detail: { referralId: row.id, target: input.target, recipient: input.recipient },
    });
    const from = kase.state as CaseState;
    const to = nextCaseState(from, 'refer');
    let notify: Notice[] = [];
    if (to !== null) {
      const moved = await trx
        .updateTable('cases')
        .set({ state: to, updated_at: at, acknowledged_at: kase.acknowledged_at ?? at })
        .where('id', '=', kase.id)
        .returningAll()
        .executeTakeFirstOrThrow();
      await appendAudit(trx, moved, {
        at,
        actor: actorId(auth.actor),
        action: 'case.refer',
        detail: { from, to, referralId: row.id },
      });
      notify = await reportersToTell(trx, moved, from, to, at);
    }
    return { referral: toReferral(row), notify };
  });
  await tellReporters(deps, notify);
  return referral;
}

/** Records the answer a referral got. */
export async function answerReferral(
  deps: CasesDeps,
  auth: AuthContext,
  id: string,
  referralId: string,
  input: z.output<typeof CaseReferralAnswer>,
): Promise<CaseReferral> {
  return onCase(deps, auth, id, 'referral', async (trx, kase) => {
    const at = new Date(deps.now());
    const row = await trx
      .updateTable('case_referrals')
      .set({
        answer: input.answer,
        answered_at: input.answeredAt ? new Date(input.answeredAt) : at,
      })
      .where('id', '=', referralId)
      .where('case_id', '=', kase.id)
      .returningAll()
      .executeTakeFirst();
    if (!row) throw notFound('referral', referralId);
    await appendAudit(trx, kase, {
      at,
      actor: actorId(auth.actor),
      action: 'referral.answered',
      detail: { referralId },
    });
    return toReferral(row);
  });
}

/** A case's audit trail, for the organisation's admins; reading it is itself recorded. */
export async function caseAudit(
  deps: CasesDeps,
  auth: AuthContext,
  id: string,
): Promise<CaseAuditTrail> {
  return onCase(deps, auth, id, 'audit', async (trx, kase) => {
    const trail = await auditTrail(trx, kase.id);
    await appendAudit(trx, kase, {
      at: new Date(deps.now()),
      actor: actorId(auth.actor),
      action: 'audit.read',
    });
    return trail;
  });
}

/**
 * A report's status for the reporter who sent it, or null (an unknown reference and someone
 * else's answer the same). An anonymous reporter has no pseudonym to match: null.
 */
export async function reportStatusOf(
  db: DatabaseHandle,
  reference: string,
  reporter: ReporterIdentity,
): Promise<ReportStatus | null> {
  if (reporter.kind === 'anonymous') return null;
  const hash = await reporterHash(db, reporter);
  const row = await own(db)
    .selectFrom('case_reports')
    .innerJoin('cases', 'cases.id', 'case_reports.case_id')
    .select(['case_reports.reference', 'cases.state', 'cases.updated_at'])
    .where('case_reports.reference', '=', reference)
    .where('case_reports.reporter_hash', '=', hash)
    .executeTakeFirst();
  if (!row) return null;
  return {
    reference: row.reference,
    status: reporterStatusOf(row.state as CaseState),
    updatedAt: row.updated_at.toISOString(),
  };
}
