import { LANGUAGES } from '@safenet/core';
import { z } from 'zod';

/**
 * What fills one parameter of a ZNS template: the message's `title` (its first line when it
 * has none: a parameter may not be empty), its `body`, or a `constant` the same for every
 * message (the school's name, a hotline number).
 */
export const ZnsTemplateParam = z.union([
  z.enum(['title', 'body']),
  z.strictObject({ constant: z.string().min(1) }),
]);
export type ZnsTemplateParam = z.output<typeof ZnsTemplateParam>;

/**
 * An approved ZNS template of one language: its id in the ZNS account and how Safenet's
 * title and text fill its parameters, by the names the template declares.
 *
 * @example
 * { templateId: '318822', params: { tieu_de: 'title', noi_dung: 'body', truong: { constant: 'THCS Gia Lâm' } } }
 */
export const ZnsTemplate = z.strictObject({
  /** The template's id in the ZNS account (digits). */
  templateId: z.string().regex(/^\d{1,20}$/, 'must be the numeric ZNS template id'),
  /** Parameter name → what fills it; at least one takes the body. */
  params: z
    .record(
      z.string().regex(/^[A-Za-z0-9_]{1,64}$/, 'must be a template parameter name'),
      ZnsTemplateParam,
    )
    .refine((params) => Object.values(params).includes('body'), {
      message: 'one parameter must take the body',
    }),
});
export type ZnsTemplate = z.output<typeof ZnsTemplate>;

const url = (fallback: string) =>
  z
    .url({ protocol: /^https?$/ })
    .default(fallback)
    .transform((value) => value.replace(/\/+$/, ''));

/**
 * Configuration of the Zalo adapter: one Official Account, through one Zalo app.
 *
 * Access tokens live about 25 hours and are renewed with a single-use refresh token; the
 * adapter keeps them fresh, renewing through its `renew` option (see `createZaloAdapter`) so
 * that the hub stores each new pair: these initial values are only where it starts.
 *
 * @example
 * ZaloConfig.parse({
 *   appId: '1234567890123456789',
 *   appSecret: 'app-secret',
 *   oaSecretKey: 'oa-secret-key',
 *   accessToken: '…', refreshToken: '…', accessTokenExpiresAt: '2026-12-08T09:00:00Z',
 *   templates: { vi: { templateId: '318822', params: { tieu_de: 'title', noi_dung: 'body' } } },
 * });
 */
export const ZaloConfig = z.object({
  /** The Zalo app's id (Zalo for Developers → the app), linked to the Official Account. */
  appId: z.string().regex(/^\d{1,32}$/, 'must be the numeric Zalo app id'),
  /** The app's secret key: sent as `secret_key` when refreshing the access token. */
  appSecret: z.string().min(1),
  /** The OA secret key of the app's webhook settings: webhooks are signed with it. */
  oaSecretKey: z.string().min(1),
  /** The OA access token to start with. */
  accessToken: z.string().min(1),
  /** The refresh token that goes with it (single use: the refresh returns the next one). */
  refreshToken: z.string().min(1),
  /** When {@link accessToken} expires; it is refreshed 5 minutes before. */
  accessTokenExpiresAt: z.coerce.date(),
  /** Approved ZNS templates per language: how a message reaches a phone number. */
  templates: z.partialRecord(z.enum(LANGUAGES), ZnsTemplate).default({}),
  /** The OA API (`/v3.0/oa/message/cs`), without a trailing slash. */
  openApiUrl: url('https://openapi.zalo.me'),
  /** The ZNS API (`/message/template`). */
  businessApiUrl: url('https://business.openapi.zalo.me'),
  /** Zalo's OAuth server (`/v4/oa/access_token`). */
  oauthUrl: url('https://oauth.zaloapp.com'),
  /**
   * Sends per second. Zalo publishes no per-second limit for ZNS or OA messages (its limits
   * are daily quotas, answered as errors), so this is a cautious default.
   */
  messagesPerSecond: z.number().positive().max(1_000).default(10),
});

/** The Zalo configuration as written, before defaults. */
export type ZaloConfigInput = z.input<typeof ZaloConfig>;
/** The Zalo configuration after parsing, defaults applied. */
export type ZaloConfig = z.output<typeof ZaloConfig>;
