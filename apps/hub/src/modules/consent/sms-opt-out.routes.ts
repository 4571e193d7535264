import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { SMS_OPT_OUT_PATH, UNSUBSCRIBE_PATH, type UnsubscribeLinks } from './unsubscribe-links.js';

const TokenParams = z.object({
  token: z.string().describe('The 40-character signed token from the SMS'),
});

/**
 * `/u/:token`: the short link every broadcast SMS ends with (one-way alphanumeric senders in
 * Kazakhstan and Vietnam cannot receive STOP). No API key: the signed token names one
 * contact. It leads (303) to the unsubscribe page of that contact's `sms` consent, the page
 * email's `List-Unsubscribe` opens; that page's button withdraws it. Changes nothing itself.
 */
export async function smsOptOutRoutes(app: FastifyInstance, options: { links: UnsubscribeLinks }) {
  const { links } = options;
  app.get<{ Params: { token: string } }>(
    `${SMS_OPT_OUT_PATH}/:token`,
    {
      schema: {
        operationId: 'openSmsOptOutLink',
        summary: 'Open an SMS opt-out link',
        description:
          'Leads (303) to the unsubscribe page of the contact’s SMS consent. Changes nothing: link previews fetch links nobody clicked.',
        tags: ['unsubscribe'],
        params: TokenParams,
        errorCodes: ['unsubscribe_link_invalid'],
        response: { 303: z.null().describe('To /v1/unsubscribe/<token>') },
      },
    },
    async (request, reply) => {
      const target = links.verifySmsOptOut(request.params.token);
      const token = links.tokenFor(target.contactId, target.channel);
      return reply.redirect(`${UNSUBSCRIBE_PATH}/${token}`, 303);
    },
  );
}
