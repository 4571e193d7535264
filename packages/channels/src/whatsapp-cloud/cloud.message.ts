import { attachmentKind, attachmentLinks, SafenetError } from '@safenet/core';
import type { OutgoingAttachment, OutgoingMessage } from '../channel.js';
import type { CloudTemplate, WhatsAppCloudConfig } from './cloud.config.js';

/** A media object of a message or a template header: the file by its public link. */
type Media =
  | { type: 'image'; image: { link: string; caption?: string } }
  | { type: 'document'; document: { link: string; filename: string; caption?: string } };

interface TextParameter {
  type: 'text';
  text: string;
}

/** The JSON body of `POST /{phone-number-id}/messages`, in the forms Safenet sends. */
export type CloudMessagePayload = {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  /** The recipient's number: E.164 digits without `+`. */
  to: string;
  /** Echoed back in status webhooks: the delivery id, so support can match them. */
  biz_opaque_callback_data: string;
} & (
  | { type: 'text'; text: { body: string; preview_url: boolean } }
  | Media
  | {
      type: 'template';
      template: {
        name: string;
        language: { code: string };
        components: (
          | { type: 'header'; parameters: [Media] }
          | { type: 'body'; parameters: [TextParameter, TextParameter] }
        )[];
      };
    }
);

/** Graph's limit on a media message's caption, in characters. */
export const CAPTION_MAX = 1024;

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Builds the request bodies for one message, sent in order; the first carries the text.
 * A template goes out when `mode` is `template`, or when it is unset and the language has
 * one; otherwise free text, which WhatsApp only delivers within 24 hours of the recipient's
 * last message.
 *
 * Files: as free text, each is an image or document message by its link, the first with the
 * text as its caption (a text over {@link CAPTION_MAX} characters goes as a text message
 * first). As a template, a template of the language with a media header carries the first
 * file of its kind in the header; the other files go as links in the text parameter.
 *
 * Throws a permanent error (no request is made) for an address that is not E.164, or for
 * `mode: 'template'` without a template in the message's language that fits its files.
 */
export function toCloudPayloads(
  message: OutgoingMessage,
  config: Pick<WhatsAppCloudConfig, 'templates' | 'mode'>,
): CloudMessagePayload[] {
  if (!E164.test(message.to)) {
    throw new SafenetError('provider_rejected', `"${message.to}" is not an E.164 phone number`, {
      reason: 'invalid_address',
    });
  }
  const common = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: message.to.slice(1),
    biz_opaque_callback_data: message.deliveryId,
  } as const;
  const given = config.templates[message.language];
  const templates = given === undefined ? [] : Array.isArray(given) ? given : [given];
  const mode = config.mode ?? (templates.length > 0 ? 'template' : 'text');
  const files = message.attachments ?? [];

  if (mode === 'text') {
    const text = textOf(message);
    const asText = { ...common, type: 'text' as const, text: { body: text, preview_url: true } };
    if (files.length === 0) return [asText];
    if ([...text].length <= CAPTION_MAX) {
      return files.map((file, i) => ({ ...common, ...mediaOf(file, i === 0 ? text : undefined) }));
    }
    return [asText, ...files.map((file) => ({ ...common, ...mediaOf(file) }))];
  }

  const fit = fitTemplate(templates, files);
  if (!fit) {
    throw new SafenetError(
      'provider_rejected',
      templates.length === 0
        ? `No WhatsApp template is configured for language "${message.language}"`
        : `The WhatsApp templates of language "${message.language}" all have a media header, and the message carries no file of their kind: configure one without a header too`,
      { reason: 'template_required' },
    );
  }
  const { template, header } = fit;
  const links = attachmentLinks(
    files.filter((file) => file !== header),
    { names: true },
  );
  const text = links ? `${message.body}\n\n${links}` : message.body;
  return [
    {
      ...common,
      type: 'template',
      template: {
        name: template.name,
        language: { code: template.language },
        components: [
          ...(header
            ? [{ type: 'header' as const, parameters: [mediaOf(header)] as [Media] }]
            : []),
          {
            type: 'body',
            parameters: [
              { type: 'text', text: templateParameter(titleOf(message)) },
              { type: 'text', text: templateParameter(text) },
            ],
          },
        ],
      },
    },
  ];
}

/**
 * The template a message goes out with: one whose media header takes the first file of its
 * kind (that file then travels in the header), else the one without a header.
 */
function fitTemplate(
  templates: readonly CloudTemplate[],
  files: readonly OutgoingAttachment[],
): { template: CloudTemplate; header: OutgoingAttachment | null } | undefined {
  for (const file of files) {
    const template = templates.find((t) => t.header === attachmentKind(file.contentType));
    if (template) return { template, header: file };
  }
  const plain = templates.find((t) => t.header === undefined);
  return plain ? { template: plain, header: null } : undefined;
}

/** A file as Graph's media object: an image, or a document keeping its name. */
function mediaOf(file: OutgoingAttachment, caption?: string): Media {
  const captioned = caption === undefined ? {} : { caption };
  return attachmentKind(file.contentType) === 'image'
    ? { type: 'image', image: { link: file.url, ...captioned } }
    : { type: 'document', document: { link: file.url, filename: file.filename, ...captioned } };
}

/**
 * Free text: the title in bold (WhatsApp's `*…*`) on its own line, a blank line, the text.
 * The title is put on one line, so the first blank line always ends it.
 */
export function textOf(message: Pick<OutgoingMessage, 'title' | 'body'>): string {
  const title = message.title?.replace(/\s+/g, ' ').trim();
  return title ? `*${title}*\n\n${message.body}` : message.body;
}

/**
 * The template's `{{1}}`: the title, or the text's first line when there is none, since a
 * template variable may not be empty.
 */
function titleOf(message: Pick<OutgoingMessage, 'title' | 'body'>): string {
  const title = message.title?.trim();
  if (title) return title;
  const firstLine = message.body.split('\n').find((line) => line.trim() !== '');
  return firstLine?.trim() ?? '—';
}

/**
 * WhatsApp refuses template variables holding a new line, a tab or more than four spaces in a
 * row (error 132018), so paragraphs become one line, split by ` · `. Free text keeps them.
 */
export function templateParameter(text: string): string {
  return text
    .trim()
    .split(/\s*\n\s*\n\s*/)
    .map((paragraph) => paragraph.replace(/[\t\r\n]+/g, ' ').replace(/ {5,}/g, ' '))
    .join(' · ');
}
