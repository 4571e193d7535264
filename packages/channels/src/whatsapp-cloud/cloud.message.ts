import { SafenetError } from '@safenet/core';
import type { OutgoingMessage } from '../channel.js';
import type { WhatsAppCloudConfig } from './cloud.config.js';

/** The JSON body of `POST /{phone-number-id}/messages`, in the two forms Safenet sends. */
export type CloudMessagePayload = {
  messaging_product: 'whatsapp';
  recipient_type: 'individual';
  /** The recipient's number: E.164 digits without `+`. */
  to: string;
  /** Echoed back in status webhooks: the delivery id, so support can match them. */
  biz_opaque_callback_data: string;
} & (
  | { type: 'text'; text: { body: string; preview_url: boolean } }
  | {
      type: 'template';
      template: {
        name: string;
        language: { code: string };
        components: [{ type: 'body'; parameters: [TextParameter, TextParameter] }];
      };
    }
);

interface TextParameter {
  type: 'text';
  text: string;
}

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * Builds the request body for one message. A template goes out when `mode` is `template`,
 * or when it is unset and the language has one; otherwise free text, which WhatsApp only
 * delivers within 24 hours of the recipient's last message. Throws a permanent error (no
 * request is made) for an address that is not E.164, or for `mode: 'template'` without a
 * template in the message's language.
 */
export function toCloudPayload(
  message: OutgoingMessage,
  config: Pick<WhatsAppCloudConfig, 'templates' | 'mode'>,
): CloudMessagePayload {
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
  const template = config.templates[message.language];
  const mode = config.mode ?? (template ? 'template' : 'text');

  if (mode === 'text') {
    return { ...common, type: 'text', text: { body: textOf(message), preview_url: true } };
  }
  if (!template) {
    throw new SafenetError(
      'provider_rejected',
      `No WhatsApp template is configured for language "${message.language}"`,
      { reason: 'template_required' },
    );
  }
  return {
    ...common,
    type: 'template',
    template: {
      name: template.name,
      language: { code: template.language },
      components: [
        {
          type: 'body',
          parameters: [
            { type: 'text', text: templateParameter(titleOf(message)) },
            { type: 'text', text: templateParameter(message.body) },
          ],
        },
      ],
    },
  };
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
