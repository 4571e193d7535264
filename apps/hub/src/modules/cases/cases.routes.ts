import {
  CaseAssignInput,
  CaseAuditTrail,
  CaseDetail,
  CaseListQuery,
  CaseReferral,
  CaseReferralAnswer,
  CaseReferralInput,
  CaseReportReceipt,
  CaseReportStatus,
  CaseReportSubmit,
  CaseResponseTimes,
  CaseResponseTimesInForce,
  CaseRoutingInput,
  CaseRoutingView,
  CaseSummary,
  CaseTransitionInput,
  type ErrorCode,
  Id,
  Page,
  SafenetError,
} from '@safenet/core';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { IdParams } from '../../platform/http/schemas.js';
import { type AuthContext, requireAuth } from '../../platform/tenancy/auth.js';
import { orgInScope } from '../../platform/tenancy/lookups.js';
import type { ReporterIdentity } from './cases.intake.js';
import { eraseReporter } from './cases.privacy.js';
import {
  addReferral,
  answerReferral,
  assignCase,
  type CasesDeps,
  caseAudit,
  getCase,
  listCases,
  reportStatusOf,
  transitionCase,
} from './cases.service.js';
import { getResponseTimes, getRouting, putResponseTimes, putRouting } from './cases.settings.js';
import { type IntakeDeps, submitReport } from './cases.submit.js';
import { own } from './cases.tables.js';

const TAGS = ['cases'];
const CASE_ERRORS: ErrorCode[] = ['not_found', 'case_action_forbidden'];

/** `:reference` path parameter: a report's reference, as the reporter quotes it. */
const ReferenceParams = z.strictObject({ reference: z.string().min(1).max(40) });

/** The reporter an API caller is: the signed-in person, or the key. */
function reporterOf(auth: AuthContext): ReporterIdentity {
  return auth.actor.kind === 'user'
    ? { kind: 'user', userId: auth.actor.userId }
    : { kind: 'key', apiKeyId: auth.actor.apiKeyId };
}

/**
 * Harmful-content cases: reports in, the cases they gather into, and what specialists do with
 * them. Who may do what is core's `CASE_PERMISSION_RULES`, checked in the service; the scopes
 * here are the door (a specialist's role carries `cases`).
 */
export const casesRoutes: FastifyPluginAsyncZod<{ deps: CasesDeps & IntakeDeps }> = async (
  app,
  { deps },
) => {
  app.post(
    '/case-reports',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'submitCaseReport',
        summary: 'Report harmful content',
        description:
          'Anyone of the tree with an account or key reports: links (never media; canonicalised, never fetched) and a description. A report whose links match an open case of the same tree joins it; the answer is the reporter’s own reference either way. A link that is not a web address: 400 `case_link_invalid`.',
        tags: TAGS,
        errorCodes: ['validation_failed', 'case_link_invalid', 'not_found'],
        body: CaseReportSubmit,
        response: { 201: CaseReportReceipt },
      },
    },
    async (request, reply) => {
      const auth = requireAuth(request);
      const { orgId, ...report } = request.body;
      const intakeOrgId =
        orgId === undefined ? auth.orgId : (await orgInScope(own(deps.db), auth, orgId)).id;
      const receipt = await submitReport(deps, {
        report,
        source: 'api',
        intakeOrgId,
        reporter: reporterOf(auth),
      });
      return reply.code(201).send({ reference: receipt.reference });
    },
  );

  app.get(
    '/case-reports/:reference',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getCaseReportStatus',
        summary: 'Get the status of a report you sent',
        description:
          'The status of one of your own reports (by the reference it answered), never its case’s contents. Someone else’s reference answers 404, like an unknown one.',
        tags: TAGS,
        errorCodes: ['not_found'],
        params: ReferenceParams,
        response: { 200: CaseReportStatus },
      },
    },
    async (request) => {
      const { reference } = request.params;
      const status = await reportStatusOf(deps.db, reference, reporterOf(requireAuth(request)));
      if (!status) {
        throw new SafenetError(
          'not_found',
          `No report ${reference} of yours: give the reference your report answered`,
        );
      }
      return status;
    },
  );

  app.post(
    '/case-reports/:reference/erase',
    {
      config: { scope: 'cases' },
      schema: {
        operationId: 'eraseCaseReporter',
        summary: 'Erase a reporter on request',
        description:
          'The reporter of this report asked to be forgotten: every report of theirs in the tree (the same pseudonym) loses the pseudonym, the contact and the feedback chat, and their contact details are scrubbed from case texts. The reports’ descriptions stay. A specialist who may open the case does it; audited.',
        tags: TAGS,
        errorCodes: CASE_ERRORS,
        params: ReferenceParams,
        response: { 200: z.object({ reports: z.number().int() }) },
      },
    },
    async (request) =>
      eraseReporter(deps.db, requireAuth(request), request.params.reference, new Date(deps.now())),
  );

  app.get(
    '/cases',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'listCases',
        summary: 'List cases',
        description:
          'The cases routed to your organisation or beneath it, newest first, without their reports — for specialists and admins (the permission rules’ `list`; anyone else gets an empty list). A case a conflict of interest hides from you is not listed.',
        tags: TAGS,
        errorCodes: ['not_found'],
        querystring: CaseListQuery,
        response: { 200: Page(CaseSummary) },
      },
    },
    async (request) => listCases(deps, requireAuth(request), request.query),
  );

  app.get(
    '/cases/:id',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getCase',
        summary: 'Get a case',
        description:
          'A case with its reports, links (never fetched or previewed) and referrals, and what you may do with it. Reading it is recorded on its audit trail. Specialists only (`view`).',
        tags: TAGS,
        errorCodes: CASE_ERRORS,
        params: IdParams,
        response: { 200: CaseDetail },
      },
    },
    async (request) => getCase(deps, requireAuth(request), request.params.id),
  );

  app.post(
    '/cases/:id/transitions',
    {
      config: { scope: 'cases' },
      schema: {
        operationId: 'transitionCase',
        summary: 'Move a case',
        description:
          'triage (new → triaged), refer, act, resolve, reject (with a reason) or reopen, by the state machine and the permission rules (docs/reference/cases.md). A move the machine forbids: 409 `case_transition_forbidden`; one the rules forbid you: 403 `case_action_forbidden`.',
        tags: TAGS,
        errorCodes: [...CASE_ERRORS, 'validation_failed', 'case_transition_forbidden'],
        params: IdParams,
        body: CaseTransitionInput,
        response: { 200: CaseDetail },
      },
    },
    async (request) => transitionCase(deps, requireAuth(request), request.params.id, request.body),
  );

  app.put(
    '/cases/:id/assignee',
    {
      config: { scope: 'cases' },
      schema: {
        operationId: 'assignCase',
        summary: 'Assign a case',
        description:
          'Hands the case to a specialist of its organisation or above it, or to nobody (`null`). Someone else: 400 `case_assignee_invalid`.',
        tags: TAGS,
        errorCodes: [...CASE_ERRORS, 'validation_failed', 'case_assignee_invalid'],
        params: IdParams,
        body: CaseAssignInput,
        response: { 200: CaseDetail },
      },
    },
    async (request) =>
      assignCase(deps, requireAuth(request), request.params.id, request.body.assigneeId),
  );

  app.post(
    '/cases/:id/referrals',
    {
      config: { scope: 'cases' },
      schema: {
        operationId: 'addCaseReferral',
        summary: 'Record a referral',
        description:
          'What was sent to a hotline, a platform, the police or a committee, to whom and when. A triaged or in-action case moves to `referred` with it.',
        tags: TAGS,
        errorCodes: [...CASE_ERRORS, 'validation_failed'],
        params: IdParams,
        body: CaseReferralInput,
        response: { 201: CaseReferral },
      },
    },
    async (request, reply) =>
      reply
        .code(201)
        .send(await addReferral(deps, requireAuth(request), request.params.id, request.body)),
  );

  app.put(
    '/cases/:id/referrals/:referralId/answer',
    {
      config: { scope: 'cases' },
      schema: {
        operationId: 'answerCaseReferral',
        summary: 'Record a referral’s answer',
        description: 'The answer the hotline, platform, police or committee gave, and when.',
        tags: TAGS,
        errorCodes: [...CASE_ERRORS, 'validation_failed'],
        params: z.strictObject({ id: Id, referralId: Id }),
        body: CaseReferralAnswer,
        response: { 200: CaseReferral },
      },
    },
    async (request) =>
      answerReferral(
        deps,
        requireAuth(request),
        request.params.id,
        request.params.referralId,
        request.body,
      ),
  );

  app.get(
    '/cases/:id/audit',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'getCaseAudit',
        summary: 'Read a case’s audit trail',
        description:
          'Every read of its details, change, assignment, referral and merge: who, when, what — and whether the hash chain still checks (`intact`). For the organisation’s admins; reading it is recorded too.',
        tags: TAGS,
        errorCodes: CASE_ERRORS,
        params: IdParams,
        response: { 200: CaseAuditTrail },
      },
    },
    async (request) => caseAudit(deps, requireAuth(request), request.params.id),
  );

  app.get(
    '/organisations/:id/case-routing',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getCaseRouting',
        summary: 'Get an organisation’s case routing rules',
        description:
          'The rules the organisation set: cases about a part of its subtree (of some categories, or all) go to an organisation of its subtree. Nearest rule up the concerned organisation’s path wins.',
        tags: TAGS,
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: CaseRoutingView },
      },
    },
    async (request) => getRouting(deps.db, requireAuth(request), request.params.id),
  );

  app.put(
    '/organisations/:id/case-routing',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'putCaseRouting',
        summary: 'Set an organisation’s case routing rules',
        description:
          'Replaces the rules, whole. A scope or target outside the organisation’s subtree: 400 `case_routing_invalid`. Applies to cases opened from now on.',
        tags: TAGS,
        errorCodes: ['not_found', 'validation_failed', 'case_routing_invalid'],
        params: IdParams,
        body: CaseRoutingInput,
        response: { 200: CaseRoutingView },
      },
    },
    async (request) => putRouting(deps.db, requireAuth(request), request.params.id, request.body),
  );

  app.get(
    '/organisations/:id/case-response-times',
    {
      config: { scope: 'read' },
      schema: {
        operationId: 'getCaseResponseTimes',
        summary: 'Get an organisation’s case response times',
        description:
          'Per severity, how soon a case must be triaged and resolved: the organisation’s own, the nearest above it, or the defaults (critical: 15 min and 24 h).',
        tags: TAGS,
        errorCodes: ['not_found'],
        params: IdParams,
        response: { 200: CaseResponseTimesInForce },
      },
    },
    async (request) => getResponseTimes(deps.db, requireAuth(request), request.params.id),
  );

  app.put(
    '/organisations/:id/case-response-times',
    {
      config: { scope: 'admin' },
      schema: {
        operationId: 'putCaseResponseTimes',
        summary: 'Set an organisation’s case response times',
        description:
          'Per severity, minutes to triage and to resolve, for the organisation and beneath it (unless they set their own); `{"times": null}` inherits again. Cases already open keep their clocks.',
        tags: TAGS,
        errorCodes: ['not_found', 'validation_failed'],
        params: IdParams,
        body: z.strictObject({ times: CaseResponseTimes.nullable() }),
        response: { 200: CaseResponseTimesInForce },
      },
    },
    async (request) =>
      putResponseTimes(
        deps.db,
        requireAuth(request),
        request.params.id,
        request.body.times,
        new Date(deps.now()),
      ),
  );
};
