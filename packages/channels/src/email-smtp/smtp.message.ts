import { attachmentLinks, escapeMarkup } from '@safenet/core';
import type { SendMailOptions } from 'nodemailer';
import type { OutgoingAttachment, OutgoingMessage } from '../channel.js';
import type { Mailbox } from './smtp.config.js';
import {
  normaliseUnsubscribeUrl,
  unsubscribeFooterOf,
  unsubscribeHeaders,
} from './smtp.unsubscribe.js';

/** The header naming the delivery a message belongs to, for support and bounce handling. */
export const DELIVERY_HEADER = 'X-Safenet-Delivery';

/** Subjects longer than this (in user-perceived characters) are cut, as mail clients would. */
const SUBJECT_MAX = 78;
/** The subject of last resort: a message with neither title nor text. */
const FALLBACK_SUBJECT = 'Safenet';

/** A message's files as an email carries them: attached (with their bytes), or as links. */
export type MailFiles =
  | { attached: { filename: string; content: Buffer; contentType: string }[] }
  | { links: readonly Pick<OutgoingAttachment, 'filename' | 'url'>[] };

/**
 * Turns one outgoing message into nodemailer's options: a multipart/alternative message
 * with the text as written and a simple HTML rendering of it. nodemailer encodes both as
 * UTF-8 (and the subject as an encoded word), so Cyrillic and Vietnamese survive any relay.
 *
 * The message names its language (`Content-Language`, and `lang` on the HTML root).
 * With an `unsubscribeUrl`, the message also carries `List-Unsubscribe` with RFC 8058
 * one-click and a footer with the link in the reader's language, in both parts. Files are
 * attachments (multipart/mixed), or links after the text, one per line.
 */
export function toMailOptions(
  message: OutgoingMessage,
  from: Mailbox,
  files: MailFiles = { attached: [] },
): SendMailOptions {
  const subject = subjectOf(message);
  const unsubscribe =
    message.unsubscribeUrl === undefined
      ? undefined
      : normaliseUnsubscribeUrl(message.unsubscribeUrl);
  const links = 'links' in files ? attachmentLinks(files.links, { names: true }) : '';
  const body = links ? `${message.body.trimEnd()}\n\n${links}` : message.body;
  return {
    from,
    to: message.to,
    subject,
    text: unsubscribe ? withTextFooter(body, unsubscribe, message.language) : body,
    html: renderHtml(message.body, subject, message.language, unsubscribe, {
      links: 'links' in files ? files.links : [],
    }),
    ...('attached' in files && files.attached.length > 0 ? { attachments: files.attached } : {}),
    messageId: messageIdOf(message.deliveryId, from.address),
    headers: {
      // RFC 3282: lets mail clients pick a spell checker, a voice or offer translation; the
      // HTML root says the same with `lang`.
      'Content-Language': message.language,
      [DELIVERY_HEADER]: message.deliveryId,
      ...(unsubscribe ? unsubscribeHeaders(unsubscribe) : {}),
    },
  };
}

/**
 * The text with the unsubscribe footer after the signature separator ("-- "), which mail
 * clients recognise and show de-emphasised.
 */
export function withTextFooter(text: string, href: string, language: string): string {
  const words = unsubscribeFooterOf(language);
  return `${text.trimEnd()}\n\n-- \n${words.question} ${words.link}: ${href}\n`;
}

/**
 * The Message-ID of a delivery: the same on every attempt, so a re-send after a lost reply
 * is recognisable as the same message (and dropped by receivers that de-duplicate on it).
 */
export function messageIdOf(deliveryId: string, fromAddress: string): string {
  const domain = fromAddress.slice(fromAddress.lastIndexOf('@') + 1) || 'safenet.invalid';
  return `<${deliveryId}@${domain}>`;
}

/**
 * The title on one line; without a title, the first line of the text, cut to
 * {@link SUBJECT_MAX} characters so the inbox shows what the message is about.
 */
export function subjectOf(message: Pick<OutgoingMessage, 'title' | 'body'>): string {
  const title = oneLine(message.title ?? '');
  if (title) return title;
  const firstLine = message.body
    .split(/\r?\n|\r/)
    .map(oneLine)
    .find((line) => line.length > 0);
  return firstLine ? truncate(firstLine, SUBJECT_MAX) : FALLBACK_SUBJECT;
}

/**
 * A minimal, safe HTML version of plain text: everything escaped, paragraphs where the
 * text has blank lines, line breaks kept inside a paragraph. No links or markup are
 * interpreted, so content can never inject HTML into a parent's inbox. The only links are
 * the hub's own (escaped too): its files' links when they go as links, and the unsubscribe
 * link in a footer, when `unsubscribeHref` is given.
 */
export function renderHtml(
  text: string,
  title: string,
  language: string,
  unsubscribeHref?: string,
  files: { links: readonly Pick<OutgoingAttachment, 'filename' | 'url'>[] } = { links: [] },
): string {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n\s*/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .map((paragraph) => `<p>${escapeMarkup(paragraph).replace(/[ \t]*\n[ \t]*/g, '<br>\n')}</p>`);
  return [
    '<!doctype html>',
    `<html lang="${escapeMarkup(language)}">`,
    '<head><meta charset="utf-8">',
    `<title>${escapeMarkup(title)}</title></head>`,
    '<body>',
    ...paragraphs,
    ...(files.links.length > 0 ? [htmlLinks(files.links)] : []),
    ...(unsubscribeHref ? [htmlFooter(unsubscribeHref, language)] : []),
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function htmlLinks(links: readonly Pick<OutgoingAttachment, 'filename' | 'url'>[]): string {
  const items = links.map(
    (link) => `<li><a href="${escapeMarkup(link.url)}">${escapeMarkup(link.filename)}</a></li>`,
  );
  return `<ul>\n${items.join('\n')}\n</ul>`;
}

function htmlFooter(href: string, language: string): string {
  const words = unsubscribeFooterOf(language);
  const link = `<a href="${escapeMarkup(href)}">${escapeMarkup(words.link)}</a>`;
  return `<hr>\n<p style="font-size:small;color:#666">${escapeMarkup(words.question)} ${link}</p>`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts by grapheme, so a Vietnamese letter with its combining marks is never split. */
function truncate(text: string, max: number): string {
  const graphemes = Array.from(new Intl.Segmenter().segment(text), (s) => s.segment);
  if (graphemes.length <= max) return text;
  return `${graphemes
    .slice(0, max - 1)
    .join('')
    .trimEnd()}…`;
}
