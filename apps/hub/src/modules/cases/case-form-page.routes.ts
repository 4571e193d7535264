import { SafenetError } from '@safenet/core';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import {
  checkFormToken,
  type FormRefusal,
  HONEYPOT_FIELD,
  issueFormToken,
  type SpendNonce,
} from './case-form-guard.js';
import { reportOf, valuesOf } from './case-form-input.js';
import {
  CASE_FORM_HEADERS,
  type CaseFormErrors,
  type CaseFormValues,
  caseFormPage,
  EMPTY_VALUES,
  formLanguage,
  notFoundPage,
  refusalPage,
  thanksPage,
} from './case-form-page.js';
import { CASE_FORM_WORDS } from './case-form-words.js';
import type { SubmitCaseReport } from './cases.intake.js';

/** What the public report form needs. */
export interface CaseFormDeps {
  /** The organisation whose form this code opens, or null (a localized 404). */
  orgByCode(code: string): Promise<{ id: string; name: string } | null>;
  submit: SubmitCaseReport;
  /** The key the form tokens are signed with (a `hub_secrets` row). */
  secret(): Promise<string>;
  spendNonce: SpendNonce;
  now(): number;
  /** Reports one client (IP address) may post a minute; 10 unless said. */
  perClientPerMinute?: number;
}

/** The form's path: short, to print on a poster or say on the phone. */
export const CASE_FORM_PATH = '/report';
/** Far more than the longest report the form takes (10 links, 4,000 characters). */
const BODY_LIMIT = 64 * 1024;
const MINUTE = 60_000;

const Params = z.object({
  orgCode: z.string().min(1).max(100).describe('The organisation’s code'),
});
const LangQuery = z.object({
  lang: z.string().max(10).optional().describe('ru, kk, vi or en (default en)'),
});
const HTML_PAGE = {
  description: 'A page of the public report form',
  content: { 'text/html': { schema: z.string() } },
};

/** Thrown by the per-client rate limit; rendered as a page in the reporter's language. */
class FormRefused extends Error {
  constructor(
    readonly refusal: FormRefusal,
    readonly statusCode: number,
  ) {
    super(refusal);
  }
}

type Req = { Params: { orgCode: string }; Querystring: { lang?: string } };

/**
 * `/report/:orgCode`: the public form for harmful-content reports (no login, no script, no
 * file input). GET shows it with a fresh signed token; POST checks the flood guard
 * (case-form-guard.ts), then the answers, then submits as an anonymous `form` report.
 */
export async function caseFormPageRoutes(app: FastifyInstance, options: { deps: CaseFormDeps }) {
  const { deps } = options;
  const perMinute = deps.perClientPerMinute ?? 10;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_r, body, done) =>
    done(null, body),
  );
  app.setErrorHandler((error, request, reply) => {
    if (!(error instanceof FormRefused)) throw error;
    const { lang } = request.query as { lang?: string };
    const { orgCode } = request.params as { orgCode: string };
    return page(reply, error.statusCode, refusalPage(formLanguage(lang), orgCode, error.refusal));
  });

  app.get<Req>(
    `${CASE_FORM_PATH}/:orgCode`,
    {
      schema: {
        operationId: 'showCaseForm',
        summary: 'Show the public report form',
        description:
          'The no-login form for reporting harmful content to the organisation with this code, in the language asked (`?lang=`). Links and text only. An unknown code answers a 404 page (HTML, in the reporter’s language, like every answer of the form).',
        tags: ['cases'],
        params: Params,
        querystring: LangQuery,
        errorCodes: ['not_found'],
        response: { 200: HTML_PAGE },
      },
    },
    async (request, reply) => {
      const language = formLanguage(request.query.lang);
      const org = await deps.orgByCode(request.params.orgCode);
      if (!org) return page(reply, 404, notFoundPage(language));
      const token = issueFormToken(await deps.secret(), request.params.orgCode, deps.now());
      return page(reply, 200, form(language, request.params.orgCode, org.name, token));
    },
  );

  app.post<Req & { Body: string | undefined }>(
    `${CASE_FORM_PATH}/:orgCode`,
    {
      schema: {
        operationId: 'submitCaseForm',
        summary: 'Send a report through the public form',
        description:
          'The form (application/x-www-form-urlencoded): `links` (one per line), `category`, `platform`, `description`, optional `place` and `contact`, the signed `token` and the empty honeypot. Problems come back as the form with each beside its field (400); refusals of the flood guard as a page with `data-code` (400, 429); the reporter’s reference on success (201).',
        tags: ['cases'],
        params: Params,
        querystring: LangQuery,
        errorCodes: ['validation_failed', 'not_found', 'rate_limited'],
        response: { 201: HTML_PAGE },
      },
      config: {
        rateLimit: {
          max: perMinute,
          timeWindow: MINUTE,
          keyGenerator: (request) => `case-form:${request.ip}`,
          errorResponseBuilder: () => new FormRefused('rate_limited', 429),
        },
      },
    },
    async (request, reply) => {
      const language = formLanguage(request.query.lang);
      const { orgCode } = request.params;
      const org = await deps.orgByCode(orgCode);
      if (!org) return page(reply, 404, notFoundPage(language));
      const body = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
      const refuse = (code: FormRefusal) => page(reply, 400, refusalPage(language, orgCode, code));
      if ((body.get(HONEYPOT_FIELD) ?? '') !== '') return refuse('form_honeypot');
      const secret = await deps.secret();
      const token = body.get('token') ?? '';
      const checked = checkFormToken(secret, orgCode, token, deps.now());
      if (!checked.ok) return refuse(checked.code);

      const values = valuesOf(body);
      const parsed = reportOf(values, language);
      const again = (errors: CaseFormErrors, t: string) =>
        page(reply, 400, form(language, orgCode, org.name, t, values, errors));
      // The token is not spent by a form sent back with problems: the reporter fixes and resends.
      if (!parsed.ok) return again(parsed.errors, token);
      if (!(await deps.spendNonce(checked.nonce, checked.expiresAt)))
        return refuse('form_token_used');
      try {
        const receipt = await deps.submit({
          report: parsed.report,
          source: 'form',
          intakeOrgId: org.id,
          reporter: { kind: 'anonymous' },
        });
        return page(reply, 201, thanksPage(language, orgCode, receipt.reference));
      } catch (error) {
        if (!(error instanceof SafenetError) || error.status >= 500) throw error;
        const fresh = issueFormToken(secret, orgCode, deps.now());
        return again({ form: CASE_FORM_WORDS[language].problems.rejected }, fresh);
      }
    },
  );
}

function form(
  language: ReturnType<typeof formLanguage>,
  orgCode: string,
  orgName: string,
  token: string,
  values: CaseFormValues = EMPTY_VALUES,
  errors: CaseFormErrors = {},
) {
  return caseFormPage({ language, orgCode, orgName, token, values, errors });
}

function page(reply: FastifyReply, status: number, html: string) {
  return reply.status(status).headers(CASE_FORM_HEADERS).send(html);
}
