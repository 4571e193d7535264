import { attachmentLinks, SafenetError } from '@safenet/core';
import type { OutgoingMessage } from '../channel.js';
import { textParts } from '../text-parts.js';
import type { ZaloConfig, ZnsTemplate } from './zalo.config.js';

/** The body of `POST /message/template` (ZNS). */
export interface ZnsPayload {
  /** The Vietnamese number as ZNS takes it: `84…`, no `+`. */
  phone: string;
  template_id: string;
  template_data: Record<string, string>;
  /** Echoed in ZNS's delivery reports: the delivery id. */
  tracking_id: string;
}

/** The body of `POST /v3.0/oa/message/cs` (a consultation message to a follower). */
export interface OaTextPayload {
  recipient: { user_id: string };
  message: { text: string };
}

/** Where a message goes: a ZNS template to a phone, or OA text messages to a follower. */
export type ZaloRoute =
  | { kind: 'zns'; payload: ZnsPayload }
  | { kind: 'oa'; payloads: [OaTextPayload, ...OaTextPayload[]] };

/** The OA API's limit on a text message, in characters (OA API v3 reference). */
export const OA_TEXT_MAX = 2000;

const VIETNAM_PHONE = /^\+84\d{8,11}$/;
const USER_ID = /^\d{1,24}$/;

/**
 * How a message goes out, by its `to`: an E.164 Vietnamese phone (`+84…`) gets the ZNS
 * template of the message's language, its parameters filled from the title, the text and
 * constants; a Zalo user id (digits) gets OA text — the title, a blank line, the text and the
 * files' links — split into messages of at most {@link OA_TEXT_MAX} characters. ZNS carries
 * no files: a template's text has the links only if they fill a parameter (`body` takes them).
 *
 * Throws a permanent error (no request is made) for another address (`invalid_address`: ZNS
 * serves Vietnamese numbers only), or for a phone when the language has no template
 * (`template_required`).
 */
export function toZaloRoute(
  message: OutgoingMessage,
  config: Pick<ZaloConfig, 'templates'>,
): ZaloRoute {
  if (USER_ID.test(message.to)) {
    const [first, ...more] = textParts(textOf(message), OA_TEXT_MAX);
    const payload = (text: string) => ({ recipient: { user_id: message.to }, message: { text } });
    return { kind: 'oa', payloads: [payload(first ?? ''), ...more.map(payload)] };
  }
  if (!VIETNAM_PHONE.test(message.to)) {
    throw new SafenetError(
      'provider_rejected',
      `"${message.to}" is neither a Zalo user id nor a Vietnamese phone number (+84…)`,
      { reason: 'invalid_address' },
    );
  }
  const template = config.templates[message.language];
  if (!template) {
    throw new SafenetError(
      'provider_rejected',
      `No ZNS template is configured for language "${message.language}": a phone number is reached by ZNS templates only`,
      { reason: 'template_required' },
    );
  }
  return {
    kind: 'zns',
    payload: {
      phone: message.to.slice(1),
      template_id: template.templateId,
      template_data: templateData(message, template),
      tracking_id: message.deliveryId,
    },
  };
}

/** The template's parameters filled from the message. */
export function templateData(
  message: Pick<OutgoingMessage, 'title' | 'body' | 'attachments'>,
  template: ZnsTemplate,
): Record<string, string> {
  const links = attachmentLinks(message.attachments ?? [], { names: true });
  const body = links ? `${message.body}\n\n${links}` : message.body;
  const data: Record<string, string> = {};
  for (const [name, source] of Object.entries(template.params)) {
    data[name] = source === 'title' ? titleOf(message) : source === 'body' ? body : source.constant;
  }
  return data;
}

/** OA text: the title on its own line, a blank line, the text, then the files' links. */
export function textOf(message: Pick<OutgoingMessage, 'title' | 'body' | 'attachments'>): string {
  const title = message.title?.replace(/\s+/g, ' ').trim();
  const links = attachmentLinks(message.attachments ?? [], { names: true });
  const body = links ? `${message.body}\n\n${links}` : message.body;
  return title ? `${title}\n\n${body}` : body;
}

/** The title, or the text's first line when there is none: a ZNS parameter may not be empty. */
function titleOf(message: Pick<OutgoingMessage, 'title' | 'body'>): string {
  const title = message.title?.trim();
  if (title) return title;
  const firstLine = message.body.split('\n').find((line) => line.trim() !== '');
  return firstLine?.trim() ?? '—';
}
