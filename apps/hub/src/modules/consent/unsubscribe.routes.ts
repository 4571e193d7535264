import type { FastifyInstance } from 'fastify';
import type { Db } from './consent.tables.js';
import {
  HTML_PAGE,
  readBodiesAsText,
  showLinkPage,
  tokenParams,
  withdrawByLink,
} from './link-page.js';
import { UNSUBSCRIBE_SOURCES } from './unsubscribe.service.js';
import type { UnsubscribeLinks } from './unsubscribe-links.js';

const TokenParams = tokenParams('The signed token from the link');

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
  readBodiesAsText(app);

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
      return showLinkPage(db, links.verify(request.params.token), reply);
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
      return withdrawByLink(db, target, source, request, reply);
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
