import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Db } from './consent.tables.js';
import {
  contactLanguageOf,
  UNSUBSCRIBE_SOURCES,
  withdrawConsentByLink,
} from './unsubscribe.service.js';
import { SMS_OPT_OUT_PATH, type UnsubscribeLinks } from './unsubscribe-links.js';
import { confirmPage, donePage, PAGE_HEADERS } from './unsubscribe-page.js';

const TokenParams = z.object({
  token: z.string().describe('The 40-character signed token from the SMS'),
});
const HTML_PAGE = {
  description: 'A page for the person, in their language',
  content: { 'text/html': { schema: z.string() } },
};
/** The page's form posts one short field. */
const BODY_LIMIT = 8 * 1024;

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
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_r, body, done) =>
    done(null, body),
  );

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
      const target = links.verifySmsOptOut(request.params.token);
      const language = await contactLanguageOf(db, target.contactId);
      return reply.headers(PAGE_HEADERS).send(confirmPage(language, target.channel));
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
      // A deleted contact or consent already withdrawn: nothing to do, the same answer.
      const changed = await withdrawConsentByLink(db, target, UNSUBSCRIBE_SOURCES.link);
      if (changed) request.log.info({ channel: target.channel }, 'consent withdrawn by link');
      const language = await contactLanguageOf(db, target.contactId);
      return reply.headers(PAGE_HEADERS).send(donePage(language, target.channel));
    },
  );
}
