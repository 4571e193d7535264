import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from './consent.tables.js';
import {
  contactLanguageOf,
  UNSUBSCRIBE_SOURCES,
  withdrawConsentByLink,
} from './unsubscribe.service.js';
import type { UnsubscribeLinks } from './unsubscribe-links.js';
import { confirmPage, donePage, PAGE_HEADERS } from './unsubscribe-page.js';

const TokenParams = z.object({
  token: z.string().describe('The signed token from the link'),
});
const HTML_PAGE = {
  description: 'A page for the person, in their language',
  content: { 'text/html': { schema: z.string() } },
};

/** Mail clients post one short field; anything much larger is not a one-click request. */
const BODY_LIMIT = 8 * 1024;

/**
 * `/v1/unsubscribe/:token`, the target of `List-Unsubscribe` and of email footers. No API
 * key (no `scope`): the signed token is the authority, naming one contact and one channel.
 * GET only shows a confirmation page, since link scanners fetch links nobody clicked
 * (RFC 8058 §1); POST withdraws consent, from a mail client's one-click or the page's form.
 * In the OpenAPI document for completeness, though they are for people and mail clients.
 */
export async function unsubscribeRoutes(
  app: FastifyInstance,
  options: { db: Db; links: UnsubscribeLinks },
) {
  const { db, links } = options;
  // RFC 8058 allows form-urlencoded and multipart bodies; the token decides, not the body,
  // so read it as text in this scope whatever its type (and without a type at all).
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_r, body, done) =>
    done(null, body),
  );

  app.get<{ Params: { token: string } }>(
    '/unsubscribe/:token',
    {
      schema: {
        operationId: 'showUnsubscribePage',
        summary: 'Show the unsubscribe page',
        description:
          'The confirmation page a link in an email footer opens, in the contact’s language. It changes nothing, since link scanners fetch links nobody clicked (RFC 8058).',
        tags: ['unsubscribe'],
        params: TokenParams,
        errorCodes: ['unsubscribe_link_invalid'],
        response: { 200: HTML_PAGE },
      },
    },
    async (request, reply) => {
      const target = links.verify(request.params.token);
      const language = await contactLanguageOf(db, target.contactId);
      return reply.headers(PAGE_HEADERS).send(confirmPage(language, target.channel));
    },
  );

  app.post<{ Params: { token: string }; Body: string | undefined }>(
    '/unsubscribe/:token',
    {
      schema: {
        operationId: 'unsubscribe',
        summary: 'Unsubscribe',
        description:
          'Withdraws the consent the token names (one contact, one channel): a mail client’s one-click `List-Unsubscribe=One-Click` (form-urlencoded or multipart), or the page’s form. Repeating it changes nothing and answers the same page. No API key: the signed token is the authority.',
        tags: ['unsubscribe'],
        params: TokenParams,
        errorCodes: ['unsubscribe_link_invalid', 'payload_too_large'],
        response: { 200: HTML_PAGE },
      },
    },
    async (request, reply) => {
      const target = links.verify(request.params.token);
      const body = typeof request.body === 'string' ? request.body : '';
      const source = isOneClick(body) ? UNSUBSCRIBE_SOURCES.oneClick : UNSUBSCRIBE_SOURCES.link;
      // A deleted contact or consent already withdrawn: nothing to do, the same answer.
      const changed = await withdrawConsentByLink(db, target, source);
      if (changed) request.log.info({ channel: target.channel }, 'consent withdrawn by link');
      const language = await contactLanguageOf(db, target.contactId);
      return reply.headers(PAGE_HEADERS).send(donePage(language, target.channel));
    },
  );
}

/**
 * Whether a body is RFC 8058's `List-Unsubscribe=One-Click`, form-urlencoded or as a
 * multipart/form-data field of that name.
 */
export function isOneClick(body: string): boolean {
  if (new URLSearchParams(body).get('List-Unsubscribe') === 'One-Click') return true;
  return /name="List-Unsubscribe"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\nOne-Click\r?\n/.test(body);
}
