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
import { SMS_OPT_OUT_PATH, type UnsubscribeLinks } from './unsubscribe-links.js';

const TokenParams = tokenParams('The 40-character signed token from the SMS');

/**
 * `/u/:token`: the short link every broadcast SMS ends with (one-way alphanumeric senders in
 * Kazakhstan and Vietnam cannot receive STOP). No API key: the signed token names one
 * contact, and the channel is SMS. The same page as email's `List-Unsubscribe` link
 * (`/v1/unsubscribe/:token`) for that contact's SMS consent: GET shows it and changes nothing
 * (link previews fetch links nobody clicked); its button posts back here and withdraws it.
 */
export async function smsOptOutRoutes(
  app: FastifyInstance,
  options: { db: Db; links: UnsubscribeLinks },
) {
  const { db, links } = options;
  readBodiesAsText(app);

  app.get<{ Params: { token: string } }>(
    `${SMS_OPT_OUT_PATH}/:token`,
    {
      schema: {
        operationId: 'showSmsOptOutPage',
        summary: 'Show the SMS opt-out page',
        description:
          'The unsubscribe page of the contact’s SMS consent, in their language, from the short link at the end of a broadcast SMS. It changes nothing.',
        tags: ['unsubscribe'],
        params: TokenParams,
        errorCodes: ['unsubscribe_link_invalid'],
        response: { 200: HTML_PAGE },
      },
    },
    async (request, reply) => {
      return showLinkPage(db, links.verifySmsOptOut(request.params.token), reply);
    },
  );

  app.post<{ Params: { token: string }; Body: string | undefined }>(
    `${SMS_OPT_OUT_PATH}/:token`,
    {
      schema: {
        operationId: 'smsOptOut',
        summary: 'Opt out of SMS',
        description:
          'Withdraws the contact’s SMS consent: the opt-out page’s button. Repeating it changes nothing and answers the same page. No API key: the signed token is the authority.',
        tags: ['unsubscribe'],
        params: TokenParams,
        errorCodes: ['unsubscribe_link_invalid', 'payload_too_large'],
        response: { 200: HTML_PAGE },
      },
    },
    async (request, reply) => {
      const target = links.verifySmsOptOut(request.params.token);
      return withdrawByLink(db, target, UNSUBSCRIBE_SOURCES.link, request, reply);
    },
  );
}
