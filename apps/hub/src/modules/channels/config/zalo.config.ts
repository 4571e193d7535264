import { ZaloConfig, type ZnsTemplate } from '@safenet/channels';
import { LANGUAGES, type Language } from '@safenet/core';
import { z } from 'zod';
import { configFragment, numberVar } from '../../../platform/config.js';
import { allOrNone, checkAdapterConfig } from './adapter-config.js';

const field = ZaloConfig.shape;

/** Where each field of the Zalo adapter's configuration comes from. */
const VARIABLES = {
  appId: 'SAFENET_ZALO_APP_ID',
  appSecret: 'SAFENET_ZALO_APP_SECRET',
  oaSecretKey: 'SAFENET_ZALO_OA_SECRET_KEY',
  accessToken: 'SAFENET_ZALO_ACCESS_TOKEN',
  refreshToken: 'SAFENET_ZALO_REFRESH_TOKEN',
  accessTokenExpiresAt: 'SAFENET_ZALO_ACCESS_TOKEN_EXPIRES_AT',
  templates: 'SAFENET_ZALO_TEMPLATES',
  openApiUrl: 'SAFENET_ZALO_OPEN_API_URL',
  businessApiUrl: 'SAFENET_ZALO_BUSINESS_API_URL',
  oauthUrl: 'SAFENET_ZALO_OAUTH_URL',
  messagesPerSecond: 'SAFENET_ZALO_MESSAGES_PER_SECOND',
} as const;

/** The six variables that together turn Zalo on. */
export const ZALO_REQUIRED = [
  'SAFENET_ZALO_APP_ID',
  'SAFENET_ZALO_APP_SECRET',
  'SAFENET_ZALO_OA_SECRET_KEY',
  'SAFENET_ZALO_ACCESS_TOKEN',
  'SAFENET_ZALO_REFRESH_TOKEN',
  'SAFENET_ZALO_ACCESS_TOKEN_EXPIRES_AT',
] as const;

const ENTRY_SHAPE =
  'vi=318822:tieu_de=title;noi_dung=body;truong=const:THCS Ea Kao (a language, "=", the template id, ":", then parameter=title, body or const:<text>, separated by ";")';

/**
 * `vi=318822:tieu_de=title;noi_dung=body;truong=const:THCS Ea Kao,en=318900:…`: per Safenet
 * language (entries separated by `,`), the approved ZNS template's id, and after a colon its
 * parameters (separated by `;`), each `name=title`, `name=body` or `name=const:<text>` — a
 * constant may hold spaces and any letter, but no `,` or `;`.
 */
function parseTemplates(value: string, ctx: z.RefinementCtx) {
  const templates: Partial<Record<Language, z.input<typeof ZnsTemplate>>> = {};
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([a-z]{2})=([^:]*):(.*)$/s.exec(entry);
    const language = match?.[1] as Language | undefined;
    const params = (match?.[3] ?? '')
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => /^([^=]+)=(title|body|const:(.+))$/s.exec(part));
    if (
      !match ||
      !language ||
      !LANGUAGES.includes(language) ||
      params.length === 0 ||
      params.some((param) => !param)
    ) {
      ctx.addIssue({
        code: 'custom',
        message: `"${entry}" should look like ${ENTRY_SHAPE}, for a language of ${LANGUAGES.join(', ')}`,
      });
      return z.NEVER;
    }
    if (templates[language]) {
      ctx.addIssue({ code: 'custom', message: `${language} has two templates; give it one` });
      return z.NEVER;
    }
    templates[language] = {
      templateId: match[2] as string,
      params: Object.fromEntries(
        params.map((param) => {
          const [, name, fill, constant] = param as RegExpExecArray;
          return [
            (name as string).trim(),
            constant === undefined ? (fill as 'title' | 'body') : { constant: constant.trim() },
          ];
        }),
      ),
    };
  }
  return templates;
}

/**
 * Zalo through one Official Account, on the Zalo adapter's own schema: the Zalo app and its
 * secrets, the first token pair (all six or none), ZNS templates and pace. The token pair is
 * where the hub starts only until it renews it: from then on the pair in `zalo_tokens` is
 * newer and wins (see `startingZaloTokens`).
 */
export const zaloConfig = configFragment(
  {
    SAFENET_ZALO_APP_ID: field.appId.optional(),
    SAFENET_ZALO_APP_SECRET: field.appSecret.optional(),
    SAFENET_ZALO_OA_SECRET_KEY: field.oaSecretKey.optional(),
    SAFENET_ZALO_ACCESS_TOKEN: field.accessToken.optional(),
    SAFENET_ZALO_REFRESH_TOKEN: field.refreshToken.optional(),
    SAFENET_ZALO_ACCESS_TOKEN_EXPIRES_AT: z.iso
      .datetime({ offset: true, error: 'must be a date and time like 2026-12-08T09:00:00+07:00' })
      .transform((text) => new Date(text))
      .optional(),
    SAFENET_ZALO_TEMPLATES: z
      .string()
      .transform((value, ctx) => parseTemplates(value, ctx))
      .pipe(field.templates.unwrap())
      .optional(),
    SAFENET_ZALO_OPEN_API_URL: field.openApiUrl,
    SAFENET_ZALO_BUSINESS_API_URL: field.businessApiUrl,
    SAFENET_ZALO_OAUTH_URL: field.oauthUrl,
    SAFENET_ZALO_MESSAGES_PER_SECOND: numberVar(field.messagesPerSecond),
  },
  (values, problems) => {
    const appId = values.SAFENET_ZALO_APP_ID;
    const appSecret = values.SAFENET_ZALO_APP_SECRET;
    const oaSecretKey = values.SAFENET_ZALO_OA_SECRET_KEY;
    const accessToken = values.SAFENET_ZALO_ACCESS_TOKEN;
    const refreshToken = values.SAFENET_ZALO_REFRESH_TOKEN;
    const accessTokenExpiresAt = values.SAFENET_ZALO_ACCESS_TOKEN_EXPIRES_AT;
    const zalo =
      appId && appSecret && oaSecretKey && accessToken && refreshToken && accessTokenExpiresAt
        ? {
            appId,
            appSecret,
            oaSecretKey,
            accessToken,
            refreshToken,
            accessTokenExpiresAt,
            /** Approved ZNS templates per language: how a message reaches a phone number. */
            templates: values.SAFENET_ZALO_TEMPLATES ?? {},
            openApiUrl: values.SAFENET_ZALO_OPEN_API_URL,
            businessApiUrl: values.SAFENET_ZALO_BUSINESS_API_URL,
            oauthUrl: values.SAFENET_ZALO_OAUTH_URL,
            messagesPerSecond: values.SAFENET_ZALO_MESSAGES_PER_SECOND,
          }
        : undefined;
    if (zalo) {
      checkAdapterConfig(ZaloConfig, zalo, VARIABLES, 'Zalo', problems);
    } else if (
      appId ||
      appSecret ||
      oaSecretKey ||
      accessToken ||
      refreshToken ||
      accessTokenExpiresAt
    ) {
      problems.add('Zalo', allOrNone(ZALO_REQUIRED));
    }
    return {
      /** Zalo through one Official Account; unset: Zalo is captured in the outbox. */
      zalo,
    };
  },
);
