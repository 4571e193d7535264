import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from './consent.tables.js';
import { contactLanguageOf, withdrawConsentByLink } from './unsubscribe.service.js';
import { confirmPage, donePage, PAGE_HEADERS } from './unsubscribe-page.js';
import type { UnsubscribeTarget } from './unsubscribe-token.js';

// What the two doors to the unsubscribe page share — email's `/v1/unsubscribe/:token` and the
// SMS opt-out link `/u/:token`: the page answered, the form's body read, the withdrawal.

/** The `:token` of a link, described for the OpenAPI document. */
export const tokenParams = (description: string) =>
  z.object({ token: z.string().describe(description) });

/** A page answered to a person, in their language. */
export const HTML_PAGE = {
  description: 'A page for the person, in their language',
  content: { 'text/html': { schema: z.string() } },
};

/** The page's form (or a mail client's one-click) posts one short field; no more is read. */
const BODY_LIMIT = 8 * 1024;

/**
 * Reads every body in this scope as text, whatever its type (and without a type at all): the
 * token decides, not the body — RFC 8058 allows form-urlencoded and multipart bodies.
 */
export function readBodiesAsText(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: BODY_LIMIT }, (_r, body, done) =>
    done(null, body),
  );
}

/** GET: the confirmation page of the consent the link names; it changes nothing. */
export async function showLinkPage(db: Db, target: UnsubscribeTarget, reply: FastifyReply) {
  const language = await contactLanguageOf(db, target.contactId);
  return reply.headers(PAGE_HEADERS).send(confirmPage(language, target.channel));
}

/**
 * POST: withdraws the consent the link names and answers the done page. A deleted contact or
 * consent already withdrawn: nothing to do, the same answer.
 */
export async function withdrawByLink(
  db: Db,
  target: UnsubscribeTarget,
  source: string,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  const changed = await withdrawConsentByLink(db, target, source);
  if (changed) request.log.info({ channel: target.channel }, 'consent withdrawn by link');
  const language = await contactLanguageOf(db, target.contactId);
  return reply.headers(PAGE_HEADERS).send(donePage(language, target.channel));
}
