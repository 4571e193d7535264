import { type ErrorCode, type FieldError, SafenetError } from '@safenet/core';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { rowsSent, valuesFromForm } from './report-link-form.js';
import {
  type FormState,
  formPage,
  LINK_PAGE_HEADERS,
  pageLanguage,
  refusalPage,
} from './report-link-page.js';
import { openLink, REPORT_LINK_PATH, type ReportLinksDeps, submitByLink } from './report-links.js';

const TokenParams = z.object({ token: z.string().describe('The signed token from the link') });
const LangQuery = z.object({
  lang: z.string().max(10).optional().describe('ru, kk, vi or en (default: the link’s)'),
});
const HTML_PAGE = {
  description: 'The report form, in the link’s language',
  content: { 'text/html': { schema: z.string() } },
};
/** A form of a few hundred fields and rows stays well under this. */
const BODY_LIMIT = 256 * 1024;
/** Refusals shown to a browser as a page in words (problem+json when JSON is asked for). */
const PAGE_REFUSALS: readonly ErrorCode[] = [
  'report_link_invalid',
  'report_link_expired',
  'report_link_revoked',
  'report_locked',
];
const CODES: ErrorCode[] = [...PAGE_REFUSALS];

type Request = FastifyRequest<{ Params: { token: string }; Querystring: { lang?: string } }>;

/**
 * `/r/:token`: the no-login report form, at the root so the link fits an SMS. No API key:
 * the signed token is the authority, naming one link row (one form, period, organisation).
 * Public, so the hub's public rate limit applies. GET shows the form (changes nothing);
 * POST saves a draft, submits, or adds a row to a group (no script needed).
 */
export async function reportLinkPageRoutes(
  app: FastifyInstance,
  options: { deps: ReportLinksDeps },
) {
  const { deps } = options;
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_r, body, done) =>
    done(null, body),
  );

  app.get<{ Params: { token: string }; Querystring: { lang?: string } }>(
    `${REPORT_LINK_PATH}/:token`,
    {
      schema: {
        operationId: 'showReportLinkPage',
        summary: 'Show the report form of a link',
        description:
          'The organisation’s report for the period as a small HTML form in the link’s language (`?lang=` to change), filled with what was submitted or saved before. Refusals are pages in words (problem+json when JSON is asked for).',
        tags: ['reports'],
        params: TokenParams,
        querystring: LangQuery,
        errorCodes: CODES,
        response: { 200: HTML_PAGE },
      },
    },
    async (request, reply) =>
      answer(request, reply, async () => {
        const opened = await openLink(deps, request.params.token);
        const language = pageLanguage(request.query.lang, opened.link.language);
        const values = opened.current?.values ?? {};
        return formPage(opened, language, { values, errors: [], extraRows: {}, notice: null });
      }),
  );

  app.post<{ Params: { token: string }; Querystring: { lang?: string }; Body: string | undefined }>(
    `${REPORT_LINK_PATH}/:token`,
    {
      schema: {
        operationId: 'submitReportLinkPage',
        summary: 'Save or submit the report through a link',
        description:
          'The page’s form (application/x-www-form-urlencoded): `action=draft` saves a draft, `action=submit` submits, `add-row=<group>` shows one more empty row. The answers are checked exactly as `PUT …/submissions/:orgId` checks them; problems are shown beside each field. Written as `{ kind: "link", id }` in the versions.',
        tags: ['reports'],
        params: TokenParams,
        querystring: LangQuery,
        errorCodes: [...CODES, 'payload_too_large'],
        response: { 200: HTML_PAGE, 400: HTML_PAGE },
      },
    },
    async (request, reply) =>
      answer(request, reply, async () => {
        const body = new URLSearchParams(typeof request.body === 'string' ? request.body : '');
        const opened = await openLink(deps, request.params.token);
        const language = pageLanguage(request.query.lang, opened.link.language);
        const { fields } = opened.form;
        const values = valuesFromForm(fields, body);
        const extraRows = Object.fromEntries(
          fields
            .filter((f) => f.type === 'group')
            .map((f) => {
              const filled = Array.isArray(values[f.key]) ? (values[f.key] as unknown[]).length : 0;
              const empty = Math.max(0, rowsSent(f.key, body) - filled);
              return [f.key, empty + (body.get('add-row') === f.key ? 1 : 0)];
            }),
        );
        const state: FormState = { values, errors: [], extraRows, notice: null };
        if (body.has('add-row')) return formPage(opened, language, state);
        const draft = body.get('action') === 'draft';
        try {
          await submitByLink(deps, request.params.token, {
            values,
            state: draft ? 'draft' : 'submitted',
          });
        } catch (error) {
          if (!(error instanceof SafenetError) || error.code !== 'report_values_invalid')
            throw error;
          if (wantsJson(request)) throw error;
          reply.status(400);
          return formPage(opened, language, { ...state, errors: error.errors as FieldError[] });
        }
        const saved = await openLink(deps, request.params.token);
        return formPage(saved, language, {
          values: saved.current?.values ?? values,
          errors: [],
          extraRows: {},
          notice: draft ? 'draft' : 'submitted',
        });
      }),
  );
}

/** Whether the client asked for JSON rather than a page. */
function wantsJson(request: FastifyRequest): boolean {
  const accept = request.headers.accept ?? '';
  return /json/i.test(accept) && !/text\/html/i.test(accept);
}

/** The page, or a refusal in words for a browser (the errors plugin's problem+json otherwise). */
async function answer(request: Request, reply: FastifyReply, render: () => Promise<string>) {
  try {
    const html = await render();
    return reply.headers(LINK_PAGE_HEADERS).send(html);
  } catch (error) {
    if (!(error instanceof SafenetError) || !PAGE_REFUSALS.includes(error.code)) throw error;
    if (wantsJson(request)) throw error;
    const language = pageLanguage(request.query.lang, '');
    return reply
      .status(error.status)
      .headers(LINK_PAGE_HEADERS)
      .send(refusalPage(language, error.code));
  }
}
