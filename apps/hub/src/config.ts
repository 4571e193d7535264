import { LANGUAGES, type Language } from '@safenet/core';
import { z } from 'zod';
import type { BreakerPolicy } from './modules/delivery/circuit-breaker.js';

/** Sends that probe a half-open circuit breaker: few, so a provider coming back is not flooded. */
const BREAKER_PROBES = 3;

const flag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/**
 * `ru=safenet_guidance,kk=safenet_guidance,en=safenet_guidance:en_US`: per Safenet language,
 * the approved template's name and, after a colon, its language code in WhatsApp Manager
 * (the Safenet language when left out).
 */
function parseTemplates(value: string, ctx: z.RefinementCtx) {
  const templates: Partial<Record<Language, { name: string; language: string }>> = {};
  for (const entry of value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([a-z]{2})=([a-z0-9_]{1,512})(?::([a-z]{2,3}(?:_[A-Z]{2})?))?$/.exec(entry);
    const language = match?.[1] as Language | undefined;
    if (!match || !language || !LANGUAGES.includes(language)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${entry}" should look like ru=template_name or en=template_name:en_US, for a language of ${LANGUAGES.join(', ')}`,
      });
      return z.NEVER;
    }
    templates[language] = { name: match[2] as string, language: match[3] ?? language };
  }
  return templates;
}

/**
 * Everything the hub reads from its environment, parsed once. Nothing else reads
 * `process.env`. docs/reference/config.md lists every variable.
 */
export const ConfigSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** Unset: the embedded database in SAFENET_DATA_DIR. Set: that PostgreSQL. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  SAFENET_DATA_DIR: z.string().min(1).default('.safenet'),
  SAFENET_DB_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,40}$/, 'lower-case letters, digits and underscores')
    .default('safenet'),
  SAFENET_DEMO: flag.default(true),
  SAFENET_ADMIN_KEY: z
    .string()
    .regex(
      /^sn_[A-Za-z0-9_-]{20,100}$/,
      'must look like sn_ followed by 20–100 URL-safe characters',
    )
    .optional(),
  SAFENET_PUBLIC_URL: z.url().optional(),
  SAFENET_WEBHOOK_MAX_AGE_HOURS: z.coerce.number().positive().max(8760).default(168),
  SAFENET_UNSUBSCRIBE_SECRET: z
    .string()
    .min(32, 'at least 32 characters, e.g. the output of `openssl rand -base64 32`')
    .optional(),
  SAFENET_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  SAFENET_SMTP_FROM: z.string().min(3).default('Safenet <no-reply@safenet.localhost>'),
  SAFENET_SMTP_MAX_CONNECTIONS: z.coerce.number().int().min(1).max(100).default(5),
  SAFENET_TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'AC followed by 32 hex digits')
    .optional(),
  SAFENET_TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  SAFENET_TWILIO_FROM: z.string().min(1).optional(),
  SAFENET_TWILIO_MESSAGING_SERVICE_SID: z
    .string()
    .regex(/^MG[0-9a-fA-F]{32}$/, 'MG followed by 32 hex digits')
    .optional(),
  SAFENET_TWILIO_API_URL: z.url().optional(),
  // Twilio's senders manage 1 (a long code) to a few hundred (a short code with bought
  // throughput) segments/s; 10,000 leaves room for any account and still refuses a slip of
  // the keyboard (an extra zero or two) that would let pacing hand out every slot at once.
  SAFENET_TWILIO_SEGMENTS_PER_SECOND: z.coerce.number().positive().max(10_000).default(10),
  SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID: z.string().min(1).optional(),
  SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN: z.string().min(1).optional(),
  SAFENET_WHATSAPP_CLOUD_APP_SECRET: z.string().min(1).optional(),
  SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN: z.string().min(1).optional(),
  SAFENET_WHATSAPP_CLOUD_GRAPH_URL: z.url().optional(),
  SAFENET_WHATSAPP_CLOUD_TEMPLATES: z
    .string()
    .transform((value, ctx) => parseTemplates(value, ctx))
    .optional(),
  SAFENET_WHATSAPP_CLOUD_MODE: z.enum(['template', 'text']).optional(),
  SAFENET_WHATSAPP_CLOUD_MESSAGES_PER_SECOND: z.coerce.number().positive().max(1000).default(80),
  SAFENET_WHATSAPP_WEB: flag.default(false),
  SAFENET_WHATSAPP_WEB_ORG_ID: z.uuid().optional(),
  SAFENET_WHATSAPP_WEB_CHROMIUM: z.string().min(1).default('/usr/bin/chromium'),
  SAFENET_WHATSAPP_WEB_MIN_INTERVAL_MS: z.coerce
    .number()
    .int()
    .min(1000, 'must be at least 1000 ms: faster sending gets WhatsApp numbers banned')
    .default(4000),
  SAFENET_WHATSAPP_WEB_JITTER_MS: z.coerce.number().int().min(0).default(3000),
  SAFENET_WHATSAPP_WEB_DAILY_CAP: z.coerce.number().int().min(1).default(200),
  SAFENET_WHATSAPP_WEB_PER_RECIPIENT_INTERVAL_MS: z.coerce.number().int().min(0).optional(),
  SAFENET_SEND_BATCH: z.coerce.number().int().min(1).max(500).default(50),
  SAFENET_EXPAND_CHUNK: z.coerce.number().int().min(10).max(5000).default(500),
  SAFENET_HEARTBEAT_SECONDS: z.coerce.number().int().min(10).max(3600).default(30),
  SAFENET_OUTAGE_HORIZON_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 7, 'at most 168 hours (a week)')
    .default(6),
  SAFENET_BREAKER_FAILURE_RATIO: z.coerce
    .number()
    .gt(0, 'a share between 0 and 1, e.g. 0.5')
    .max(1, 'a share between 0 and 1, e.g. 0.5')
    .default(0.5),
  SAFENET_BREAKER_MIN_CALLS: z.coerce.number().int().min(1).max(100_000).default(50),
  SAFENET_BREAKER_WINDOW_SECONDS: z.coerce.number().positive().max(3600).default(10),
  SAFENET_BREAKER_OPEN_SECONDS: z.coerce.number().positive().max(3600).default(5),
  SAFENET_MAX_BODY_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  SAFENET_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
  SAFENET_RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(60),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type RawConfig = z.infer<typeof ConfigSchema>;

/** The hub's configuration, in the shape the code uses. */
export interface HubConfig {
  port: number;
  host: string;
  database:
    | { kind: 'embedded'; dataDir: string; schema: string }
    | { kind: 'postgres'; url: string; schema: string };
  demo: boolean;
  adminKey: string | undefined;
  publicUrl: string;
  /**
   * A signed webhook whose newest event is older than this is not applied (where the
   * provider stamps its events: WhatsApp Cloud). 7 days: Meta's own retries stop then.
   */
  webhookMaxAgeMs: number;
  /**
   * The key that signs unsubscribe links; unset: one generated once and kept in the database
   * (`hub_secrets`), shared by every hub process on it.
   */
  unsubscribeSecret: string | undefined;
  smtp: { url: string; from: string; maxConnections: number } | undefined;
  /** SMS through Twilio; unset: SMS is captured in the outbox. */
  twilio:
    | {
        accountSid: string;
        authToken: string;
        from: string | undefined;
        messagingServiceSid: string | undefined;
        apiBaseUrl: string | undefined;
        segmentsPerSecond: number;
      }
    | undefined;
  /** WhatsApp through the Cloud API; unset: WhatsApp is captured in the outbox. */
  whatsappCloud:
    | {
        phoneNumberId: string;
        accessToken: string;
        appSecret: string;
        verifyToken: string;
        graphUrl: string | undefined;
        messagesPerSecond: number;
        /** Approved templates per language, for messages outside the 24-hour window. */
        templates: Partial<Record<Language, { name: string; language: string }>>;
        mode: 'template' | 'text' | undefined;
      }
    | undefined;
  /**
   * WhatsApp through a phone paired with WhatsApp Web (whatsapp-web.js); the session lives in
   * `<dataDir>/whatsapp-web`. It serves the contacts of `orgId`'s subtree (the association
   * that owns the phone), or everyone when null — then without the Cloud API.
   */
  whatsappWeb:
    | {
        orgId: string | null;
        dataDir: string;
        chromiumPath: string;
        pacing: {
          minIntervalMs: number;
          jitterMs: number;
          dailyCap: number;
          perRecipientIntervalMs: number | undefined;
        };
      }
    | undefined;
  dispatch: {
    sendBatch: number;
    expandChunk: number;
    heartbeatSeconds: number;
    /**
     * How long a message waits for a provider that fails for its own reasons (outage, 5xx,
     * throttling) before it fails `provider_unavailable`.
     */
    outageHorizonMs: number;
    /** When a channel's circuit breaker opens, and how it probes. */
    breaker: BreakerPolicy;
  };
  maxBodyBytes: number;
  /** Requests per minute per API key, and per IP on routes without a key; 0: no limit. */
  rateLimits: { perKeyPerMinute: number; publicPerMinute: number };
  logLevel: RawConfig['LOG_LEVEL'];
}

/**
 * The URL of the hub on this machine when SAFENET_PUBLIC_URL is unset: the address it binds
 * (loopback for a wildcard), not `localhost`, which may resolve to ::1 where the hub listens
 * on 127.0.0.1 only. It is the OpenAPI document's server, so consoles must reach it.
 */
export function defaultPublicUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/**
 * Parses the environment into a frozen {@link HubConfig}; throws with every problem listed
 * when a variable is wrong.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
): Readonly<HubConfig> {
  const parsed = ConfigSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value !== '')),
  );
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  }
  const raw = parsed.data;
  const missing = (group: string, names: string[]) =>
    new Error(`Invalid configuration:\n  ${group}: set all of ${names.join(', ')} (or none)`);
  const twilioSet = raw.SAFENET_TWILIO_ACCOUNT_SID || raw.SAFENET_TWILIO_AUTH_TOKEN;
  if (
    twilioSet &&
    !(
      raw.SAFENET_TWILIO_ACCOUNT_SID &&
      raw.SAFENET_TWILIO_AUTH_TOKEN &&
      (raw.SAFENET_TWILIO_FROM || raw.SAFENET_TWILIO_MESSAGING_SERVICE_SID)
    )
  ) {
    throw missing('Twilio', [
      'SAFENET_TWILIO_ACCOUNT_SID',
      'SAFENET_TWILIO_AUTH_TOKEN',
      'SAFENET_TWILIO_FROM or SAFENET_TWILIO_MESSAGING_SERVICE_SID',
    ]);
  }
  const cloud = [
    raw.SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID,
    raw.SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN,
    raw.SAFENET_WHATSAPP_CLOUD_APP_SECRET,
    raw.SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN,
  ];
  if (cloud.some(Boolean) && !cloud.every(Boolean)) {
    throw missing('WhatsApp Cloud API', [
      'SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID',
      'SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN',
      'SAFENET_WHATSAPP_CLOUD_APP_SECRET',
      'SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN',
    ]);
  }
  if (raw.SAFENET_WHATSAPP_WEB && !raw.SAFENET_WHATSAPP_WEB_ORG_ID && cloud.every(Boolean)) {
    throw new Error(
      'Invalid configuration:\n  WhatsApp: SAFENET_WHATSAPP_WEB serves everyone unless SAFENET_WHATSAPP_WEB_ORG_ID names the organisation whose phone it is; with the Cloud API configured too, set it',
    );
  }
  return Object.freeze({
    port: raw.PORT,
    host: raw.HOST,
    database: raw.DATABASE_URL
      ? { kind: 'postgres', url: raw.DATABASE_URL, schema: raw.SAFENET_DB_SCHEMA }
      : { kind: 'embedded', dataDir: raw.SAFENET_DATA_DIR, schema: raw.SAFENET_DB_SCHEMA },
    demo: raw.SAFENET_DEMO,
    adminKey: raw.SAFENET_ADMIN_KEY,
    publicUrl: raw.SAFENET_PUBLIC_URL ?? defaultPublicUrl(raw.HOST, raw.PORT),
    webhookMaxAgeMs: raw.SAFENET_WEBHOOK_MAX_AGE_HOURS * 3_600_000,
    unsubscribeSecret: raw.SAFENET_UNSUBSCRIBE_SECRET,
    smtp: raw.SAFENET_SMTP_URL
      ? {
          url: raw.SAFENET_SMTP_URL,
          from: raw.SAFENET_SMTP_FROM,
          maxConnections: raw.SAFENET_SMTP_MAX_CONNECTIONS,
        }
      : undefined,
    twilio:
      raw.SAFENET_TWILIO_ACCOUNT_SID && raw.SAFENET_TWILIO_AUTH_TOKEN
        ? {
            accountSid: raw.SAFENET_TWILIO_ACCOUNT_SID,
            authToken: raw.SAFENET_TWILIO_AUTH_TOKEN,
            from: raw.SAFENET_TWILIO_FROM,
            messagingServiceSid: raw.SAFENET_TWILIO_MESSAGING_SERVICE_SID,
            apiBaseUrl: raw.SAFENET_TWILIO_API_URL,
            segmentsPerSecond: raw.SAFENET_TWILIO_SEGMENTS_PER_SECOND,
          }
        : undefined,
    whatsappCloud:
      raw.SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID &&
      raw.SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN &&
      raw.SAFENET_WHATSAPP_CLOUD_APP_SECRET &&
      raw.SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN
        ? {
            phoneNumberId: raw.SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID,
            accessToken: raw.SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN,
            appSecret: raw.SAFENET_WHATSAPP_CLOUD_APP_SECRET,
            verifyToken: raw.SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN,
            graphUrl: raw.SAFENET_WHATSAPP_CLOUD_GRAPH_URL,
            messagesPerSecond: raw.SAFENET_WHATSAPP_CLOUD_MESSAGES_PER_SECOND,
            templates: raw.SAFENET_WHATSAPP_CLOUD_TEMPLATES ?? {},
            mode: raw.SAFENET_WHATSAPP_CLOUD_MODE,
          }
        : undefined,
    whatsappWeb: raw.SAFENET_WHATSAPP_WEB
      ? {
          orgId: raw.SAFENET_WHATSAPP_WEB_ORG_ID ?? null,
          dataDir: raw.SAFENET_DATA_DIR,
          chromiumPath: raw.SAFENET_WHATSAPP_WEB_CHROMIUM,
          pacing: {
            minIntervalMs: raw.SAFENET_WHATSAPP_WEB_MIN_INTERVAL_MS,
            jitterMs: raw.SAFENET_WHATSAPP_WEB_JITTER_MS,
            dailyCap: raw.SAFENET_WHATSAPP_WEB_DAILY_CAP,
            perRecipientIntervalMs: raw.SAFENET_WHATSAPP_WEB_PER_RECIPIENT_INTERVAL_MS,
          },
        }
      : undefined,
    dispatch: {
      sendBatch: raw.SAFENET_SEND_BATCH,
      expandChunk: raw.SAFENET_EXPAND_CHUNK,
      heartbeatSeconds: raw.SAFENET_HEARTBEAT_SECONDS,
      outageHorizonMs: raw.SAFENET_OUTAGE_HORIZON_HOURS * 3_600_000,
      breaker: {
        windowMs: raw.SAFENET_BREAKER_WINDOW_SECONDS * 1000,
        minCalls: raw.SAFENET_BREAKER_MIN_CALLS,
        failureRatio: raw.SAFENET_BREAKER_FAILURE_RATIO,
        openMs: raw.SAFENET_BREAKER_OPEN_SECONDS * 1000,
        // Probes of a long outage: doubling from the first wait, never rarer than once a minute.
        maxOpenMs: Math.max(60_000, raw.SAFENET_BREAKER_OPEN_SECONDS * 1000),
        probes: BREAKER_PROBES,
      },
    },
    maxBodyBytes: raw.SAFENET_MAX_BODY_BYTES,
    rateLimits: {
      perKeyPerMinute: raw.SAFENET_RATE_LIMIT_PER_MINUTE,
      publicPerMinute: raw.SAFENET_RATE_LIMIT_PUBLIC_PER_MINUTE,
    },
    logLevel: raw.LOG_LEVEL,
  } satisfies HubConfig);
}
