import { type CloudTemplate, WhatsAppCloudConfig } from '@safenet/channels';
import { LANGUAGES, type Language } from '@safenet/core';
import { z } from 'zod';
import { configFragment, numberVar } from '../../../platform/config.js';
import { allOrNone, checkAdapterConfig } from './adapter-config.js';

const field = WhatsAppCloudConfig.shape;

/** Where each field of the Cloud API adapter's configuration comes from. */
const VARIABLES = {
  phoneNumberId: 'SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID',
  accessToken: 'SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN',
  appSecret: 'SAFENET_WHATSAPP_CLOUD_APP_SECRET',
  verifyToken: 'SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN',
  graphUrl: 'SAFENET_WHATSAPP_CLOUD_GRAPH_URL',
  templates: 'SAFENET_WHATSAPP_CLOUD_TEMPLATES',
  mode: 'SAFENET_WHATSAPP_CLOUD_MODE',
  messagesPerSecond: 'SAFENET_WHATSAPP_CLOUD_MESSAGES_PER_SECOND',
} as const;

/** The four variables that together turn the Cloud API on. */
export const WHATSAPP_CLOUD_REQUIRED = [
  'SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID',
  'SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN',
  'SAFENET_WHATSAPP_CLOUD_APP_SECRET',
  'SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN',
] as const;

type Template = CloudTemplate;

/**
 * `ru=safenet_guidance,kk=safenet_guidance,en=safenet_guidance:en_US,ru=safenet_memo@document`:
 * per Safenet language, the approved template's name, after a colon its language code in
 * WhatsApp Manager (the Safenet language when left out), and after `@` its media header
 * (`document` or `image`) when it was made with one. A language named twice or three times
 * has a template per header (none, document, image).
 */
function parseTemplates(value: string, ctx: z.RefinementCtx) {
  const templates: Partial<Record<Language, Template[]>> = {};
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match =
      /^([a-z]{2})=([a-z0-9_]{1,512})(?::([a-z]{2,3}(?:_[A-Z]{2})?))?(?:@(document|image))?$/.exec(
        entry,
      );
    const language = match?.[1] as Language | undefined;
    if (!match || !language || !LANGUAGES.includes(language)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${entry}" should look like ru=template_name, en=template_name:en_US or ru=template_name@document, for a language of ${LANGUAGES.join(', ')}`,
      });
      return z.NEVER;
    }
    const header = match[4] as Template['header'];
    const template = {
      name: match[2] as string,
      language: match[3] ?? language,
      ...(header ? { header } : {}),
    };
    templates[language] = [...(templates[language] ?? []), template];
  }
  // One template stays one; several are a language's choice by header.
  return Object.fromEntries(
    Object.entries(templates).map(([language, list]) => [
      language,
      list.length === 1 ? list[0] : list,
    ]),
  );
}

/**
 * WhatsApp through the Cloud API, on the Cloud API adapter's own schema: one business phone
 * number, its credentials (all four or none), templates and pace.
 */
export const whatsappCloudConfig = configFragment(
  {
    SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID: field.phoneNumberId.optional(),
    SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN: field.accessToken.optional(),
    SAFENET_WHATSAPP_CLOUD_APP_SECRET: field.appSecret.optional(),
    SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN: field.verifyToken.optional(),
    SAFENET_WHATSAPP_CLOUD_GRAPH_URL: field.graphUrl,
    SAFENET_WHATSAPP_CLOUD_TEMPLATES: z
      .string()
      .transform((value, ctx) => parseTemplates(value, ctx))
      .pipe(field.templates.unwrap())
      .optional(),
    SAFENET_WHATSAPP_CLOUD_MODE: field.mode,
    SAFENET_WHATSAPP_CLOUD_MESSAGES_PER_SECOND: numberVar(field.messagesPerSecond),
  },
  (values, problems) => {
    const phoneNumberId = values.SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID;
    const accessToken = values.SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN;
    const appSecret = values.SAFENET_WHATSAPP_CLOUD_APP_SECRET;
    const verifyToken = values.SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN;
    const whatsappCloud =
      phoneNumberId && accessToken && appSecret && verifyToken
        ? {
            phoneNumberId,
            accessToken,
            appSecret,
            verifyToken,
            graphUrl: values.SAFENET_WHATSAPP_CLOUD_GRAPH_URL,
            messagesPerSecond: values.SAFENET_WHATSAPP_CLOUD_MESSAGES_PER_SECOND,
            /** Approved templates per language, for messages outside the 24-hour window. */
            templates: values.SAFENET_WHATSAPP_CLOUD_TEMPLATES ?? {},
            mode: values.SAFENET_WHATSAPP_CLOUD_MODE,
          }
        : undefined;
    if (whatsappCloud) {
      checkAdapterConfig(
        WhatsAppCloudConfig,
        whatsappCloud,
        VARIABLES,
        'WhatsApp Cloud API',
        problems,
      );
    } else if (phoneNumberId || accessToken || appSecret || verifyToken) {
      problems.add('WhatsApp Cloud API', allOrNone(WHATSAPP_CLOUD_REQUIRED));
    }
    return {
      /** WhatsApp through the Cloud API; unset: WhatsApp is captured in the outbox. */
      whatsappCloud,
    };
  },
);
