import { LANGUAGES } from '@safenet/core';
import { z } from 'zod';

/**
 * An approved message template for one language. Safenet sends every broadcast through the
 * same shape, so the template's body must have exactly two variables: `{{1}}` the title and
 * `{{2}}` the text, e.g. `*{{1}}*` followed by `{{2}}` on the next line. A template made with
 * a media header (`document` or `image`) carries a message's first file of that kind in it.
 */
export const CloudTemplate = z.object({
  /** The template's name in WhatsApp Manager, e.g. `safenet_guidance`. */
  name: z.string().regex(/^[a-z0-9_]{1,512}$/, 'must be a template name: a-z, 0-9 and _'),
  /** The template language's code in WhatsApp Manager, e.g. `ru`, `kk`, `vi`, `en_US`. */
  language: z.string().regex(/^[a-z]{2,3}(_[A-Z]{2})?$/, 'must be a code such as ru or en_US'),
  /** The template's media header, when it was made with one: it must then be given a file. */
  header: z.enum(['document', 'image']).optional(),
});
export type CloudTemplate = z.output<typeof CloudTemplate>;

/**
 * A language's templates: one, or up to three — one without a header and one per media
 * header — from which each message takes the one that fits its files.
 */
export const CloudTemplates = z.union([
  CloudTemplate,
  z
    .array(CloudTemplate)
    .min(1)
    .max(3)
    .refine((list) => new Set(list.map((t) => t.header ?? 'none')).size === list.length, {
      message: 'give a language at most one template per header (none, document, image)',
    }),
]);
export type CloudTemplates = z.output<typeof CloudTemplates>;

/**
 * Configuration of the WhatsApp Cloud API adapter: one business phone number.
 *
 * @example
 * WhatsAppCloudConfig.parse({
 *   phoneNumberId: '106540352242922',
 *   accessToken: 'EAAG…',
 *   appSecret: '0f1e2d…',
 *   verifyToken: 'a-long-random-string',
 *   templates: { ru: { name: 'safenet_guidance', language: 'ru' } },
 * });
 */
export const WhatsAppCloudConfig = z.object({
  /** The sending number's id (WhatsApp Manager → API setup), not the phone number itself. */
  phoneNumberId: z.string().regex(/^\d{1,32}$/, 'must be the numeric phone number id'),
  /** A system-user access token with `whatsapp_business_messaging`. */
  accessToken: z.string().min(1),
  /** The Meta app's secret: webhooks are signed with it (`X-Hub-Signature-256`). */
  appSecret: z.string().min(1),
  /** The token you typed into the webhook settings; Meta echoes it in the handshake. */
  verifyToken: z.string().min(1),
  /** The Graph API base URL with its version, without a trailing slash. */
  graphUrl: z
    .url({ protocol: /^https?$/ })
    .default('https://graph.facebook.com/v21.0')
    .transform((url) => url.replace(/\/+$/, '')),
  /** Approved templates per language, used outside the 24-hour customer-service window. */
  templates: z.partialRecord(z.enum(LANGUAGES), CloudTemplates).default({}),
  /**
   * `template` sends only templates (a language without one fails with `template_required`);
   * `text` sends free text (files as image and document messages), which WhatsApp delivers
   * only within 24 hours of the recipient's last message. Unset: a template when the
   * language has one, text otherwise.
   */
  mode: z.enum(['template', 'text']).optional(),
  /** Cloud API throughput per number: 80 messages/s by default, up to 1,000 when upgraded. */
  messagesPerSecond: z.number().positive().max(1_000).default(80),
});

/** The WhatsApp Cloud configuration as written, before defaults. */
export type WhatsAppCloudConfigInput = z.input<typeof WhatsAppCloudConfig>;
/** The WhatsApp Cloud configuration after parsing, defaults applied. */
export type WhatsAppCloudConfig = z.output<typeof WhatsAppCloudConfig>;
