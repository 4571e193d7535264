import { attachmentMode, SafenetError } from '@safenet/core';
import nodemailer from 'nodemailer';
import { abortedError, throwIfAborted } from '../abort.js';
import type { ChannelAdapter, OutgoingMessage } from '../channel.js';
import { SmtpConfig, type SmtpConfigInput } from './smtp.config.js';
import { classifySmtpError } from './smtp.errors.js';
import { type MailFiles, toMailOptions } from './smtp.message.js';

/**
 * Connection timeouts, shorter than nodemailer's (2 min to connect, 10 min idle socket):
 * a hung server should fail a send in seconds and let the hub retry, not hold a pool slot.
 */
const TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 };

/** The SMTP adapter; unlike adapters holding no connections, it always has `close()`. */
export interface SmtpAdapter extends ChannelAdapter {
  /** Lets the sends in flight finish, then closes the pool; later sends fail retryably. */
  close(): Promise<void>;
}

/**
 * The email channel over SMTP, through a pool of reused connections (nodemailer's pooled
 * transport). Each message goes out as text plus a simple HTML rendering, with the delivery
 * id in `X-Safenet-Delivery` and a Message-ID derived from it, so a re-send is the same
 * message. Files are attached while they total at most `EMAIL_ATTACHMENTS_MAX_BYTES` (core),
 * else linked in the text. A 4xx reply or a connection failure throws a retryable `provider_unavailable`;
 * a 5xx reply throws a permanent `provider_rejected`.
 *
 * @example
 * const email = createSmtpAdapter({
 *   url: 'smtp://safenet:s3cret@mail.example.org:587',
 *   from: 'Safe Internet <noreply@example.org>',
 * });
 */
export function createSmtpAdapter(config: SmtpConfigInput): SmtpAdapter {
  const { url, from, pool, ignoreTLS, rejectUnauthorized } = SmtpConfig.parse(config);
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: pool.maxConnections,
    maxMessages: pool.maxMessages,
    ignoreTLS,
    tls: { rejectUnauthorized },
    ...TIMEOUTS,
    logger: false,
  });
  // Failures reach each send's promise; the event only duplicates them and, unheard,
  // would crash the process.
  transport.on('error', () => {});

  const inFlight = new Set<Promise<unknown>>();
  let closed = false;

  return {
    channel: 'email',
    provider: 'smtp',
    // The host only: the URL's user and password stay out of logs and banners.
    describe: () => `via ${new URL(url).host}, ${pool.maxConnections} connections`,
    async send(message, ctx) {
      if (closed) {
        throw new SafenetError('provider_unavailable', 'The SMTP adapter is closed');
      }
      throwIfAborted(ctx.signal, 'smtp');
      // In flight from the start, reading the files included: close() waits for it.
      const sending = mailFiles(message).then((files) =>
        transport.sendMail({ ...toMailOptions(message, from, files), signal: ctx.signal }),
      );
      inFlight.add(sending);
      try {
        const info = await sending;
        return { status: 'sent', providerMessageId: info.messageId };
      } catch (error) {
        throw ctx.signal.aborted ? abortedError(ctx.signal, 'smtp') : classifySmtpError(error);
      } finally {
        inFlight.delete(sending);
      }
    },
    async close() {
      if (closed) return;
      closed = true;
      await Promise.allSettled(inFlight);
      transport.close();
    },
  };
}

/** A message's files, attached with their bytes while small enough, else as links. */
async function mailFiles(message: OutgoingMessage): Promise<MailFiles> {
  const files = message.attachments ?? [];
  const total = files.reduce((sum, file) => sum + file.sizeBytes, 0);
  if (attachmentMode('email', total) === 'links') return { links: files };
  return {
    attached: await Promise.all(
      files.map(async (file) => ({
        filename: file.filename,
        content: await file.load(),
        contentType: file.contentType,
      })),
    ),
  };
}
