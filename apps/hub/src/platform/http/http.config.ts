import { z } from 'zod';
import { configFragment } from '../config.js';

/**
 * The URL of the hub on this machine when SAFENET_PUBLIC_URL is unset: the address it binds
 * (loopback for a wildcard), not `localhost`, which may resolve to ::1 where the hub listens
 * on 127.0.0.1 only. It is the OpenAPI document's server, so consoles must reach it.
 */
export function defaultPublicUrl(host: string, port: number): string {
  const reachable = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  return `http://${reachable.includes(':') ? `[${reachable}]` : reachable}:${port}`;
}

/** The HTTP server: where it listens, the URL clients reach it at, its limits and its log. */
export const httpConfig = configFragment(
  {
    PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    SAFENET_PUBLIC_URL: z.url().optional(),
    SAFENET_MAX_BODY_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .max(50 * 1024 * 1024)
      .default(1024 * 1024),
    SAFENET_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(600),
    SAFENET_RATE_LIMIT_PUBLIC_PER_MINUTE: z.coerce.number().int().min(0).max(1_000_000).default(60),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info'),
  },
  (values) => ({
    port: values.PORT,
    host: values.HOST,
    publicUrl: values.SAFENET_PUBLIC_URL ?? defaultPublicUrl(values.HOST, values.PORT),
    maxBodyBytes: values.SAFENET_MAX_BODY_BYTES,
    /** Requests per minute per API key, and per IP on routes without a key; 0: no limit. */
    rateLimits: {
      perKeyPerMinute: values.SAFENET_RATE_LIMIT_PER_MINUTE,
      publicPerMinute: values.SAFENET_RATE_LIMIT_PUBLIC_PER_MINUTE,
    },
    logLevel: values.LOG_LEVEL,
  }),
);
