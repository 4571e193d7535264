import addressparser from 'nodemailer/lib/addressparser';
import { z } from 'zod';

/** A mailbox as nodemailer takes it: display name (may be empty) and address. */
export interface Mailbox {
  name: string;
  address: string;
}

/**
 * `Name <address@domain>` or a bare address, parsed into exactly one mailbox. Groups and
 * lists are refused: a message has one sender.
 */
const Sender = z.string().transform((raw, ctx): Mailbox => {
  const parsed = addressparser(raw, { flatten: true });
  const mailbox = parsed.length === 1 ? parsed[0] : undefined;
  if (!mailbox?.address || !/^[^\s@]+@[^\s@]+$/.test(mailbox.address)) {
    ctx.addIssue({
      code: 'custom',
      message:
        'must be one email address, optionally with a display name, e.g. "Safe Internet <noreply@example.org>"',
    });
    return z.NEVER;
  }
  return { name: mailbox.name, address: mailbox.address };
});

/**
 * Configuration of the SMTP email adapter. The hub builds it from `SAFENET_SMTP_URL` and
 * `SAFENET_SMTP_FROM`; parse with this schema to get defaults and a readable error.
 *
 * @example
 * SmtpConfig.parse({
 *   url: 'smtps://safenet:s3cret@mail.example.org:465',
 *   from: 'Safe Internet <noreply@example.org>',
 *   pool: { maxConnections: 5 },
 * });
 */
export const SmtpConfig = z.object({
  /**
   * `smtp://` (port 587 by default, STARTTLS when offered) or `smtps://` (TLS from the
   * start, port 465), with optional percent-encoded `user:pass@`.
   */
  url: z.url({
    protocol: /^smtps?$/,
    hostname: /^.+$/,
    error:
      'must be an smtp:// or smtps:// URL with a host, e.g. smtp://user:pass@mail.example.org:587',
  }),
  /** The sender of every message. */
  from: Sender,
  /** Connections are kept open and reused; a connection is replaced after `maxMessages`. */
  pool: z
    .object({
      maxConnections: z.int().min(1).max(100).default(5),
      maxMessages: z.int().min(1).default(100),
    })
    .prefault({}),
  /** Do not upgrade with STARTTLS even when the server offers it (local test servers). */
  ignoreTLS: z.boolean().default(false),
  /** Set false only for a server with a self-signed certificate you trust. */
  rejectUnauthorized: z.boolean().default(true),
});

/** The SMTP configuration as written, before defaults. */
export type SmtpConfigInput = z.input<typeof SmtpConfig>;
/** The SMTP configuration after parsing: defaults applied, `from` split into a mailbox. */
export type SmtpConfig = z.output<typeof SmtpConfig>;
