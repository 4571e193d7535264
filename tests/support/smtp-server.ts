/**
 * A local SMTP server for tests and benchmarks: the real wire protocol on loopback, so the
 * email adapter is tested the way it runs. Every accepted message is recorded (parsed by
 * mailparser unless `parse: false`) before the server answers 250, so once a send resolves
 * its message is already in `messages`. Each new connection waits ~100 ms for the greeting
 * (smtp-server's fixed early-talker delay), so reuse connections in benchmarks.
 *
 * @example
 * await using smtp = await startSmtpServer({
 *   failWith: (to) => (to.startsWith('full@') ? { code: 452, message: 'Mailbox full' } : undefined),
 * });
 * const email = createSmtpAdapter({ url: smtp.url, from: 'noreply@example.org', ignoreTLS: true });
 */
import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

/** One message as the server received it. */
export interface ReceivedMail {
  /** The SMTP envelope (MAIL FROM / RCPT TO), which may differ from the headers. */
  envelope: { from: string; to: string[] };
  /** The user name the client authenticated with, or null when it did not. */
  authUser: string | null;
  /** The SMTP session id: messages with the same one came over one connection. */
  session: string;
  /** The message source as transmitted (RFC 5322, still encoded); empty when `parse: false`. */
  raw: string;
  /** The decoded message (subject, text, html, headers); null when `parse: false`. */
  parsed: ParsedMail | null;
}

/** An SMTP reply the server sends instead of accepting a recipient, e.g. `{ code: 550, … }`. */
export interface SmtpReply {
  code: number;
  message: string;
}

export interface SmtpServerOptions {
  /**
   * Keep the source and parse each message (default). `false` discards bodies as they
   * arrive and only records envelopes: for benchmarks, where parsing would be measured too.
   */
  parse?: boolean;
  /** Scripts failures: the reply for a recipient (RCPT TO), or undefined to accept it. */
  failWith?: (rcptTo: string) => SmtpReply | undefined;
  /** Requires a login with these credentials (535 otherwise); by default any client may send. */
  auth?: { user: string; pass: string };
}

export interface SmtpTestServer extends AsyncDisposable {
  /** `smtp://127.0.0.1:<port>`, without credentials. */
  url: string;
  port: number;
  /** Messages in the order they were accepted. */
  messages: ReceivedMail[];
  /** Resolves with the messages once at least `count` arrived; rejects after `timeoutMs`. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  /** Stops listening and drops connections a client still holds open (after a short grace). */
  close(): Promise<void>;
}

/** Starts a server on 127.0.0.1 at a random free port. */
export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<SmtpTestServer> {
  const parse = options.parse ?? true;
  const messages: ReceivedMail[] = [];
  const waiters = new Set<() => void>();

  const server = new SMTPServer({
    // Any client may send unless `auth` is given; one that logs in is recorded by user name.
    authOptional: !options.auth,
    // The built-in certificate has expired, so clients must not be offered STARTTLS.
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Reverse DNS of 127.0.0.1 costs ~100 ms per connection and tells a test nothing.
    disableReverseLookup: true,
    // Pooled clients keep connections open; do not wait the default 30 s for them on close.
    closeTimeout: 250,
    onAuth(auth, _session, callback) {
      const required = options.auth;
      if (required && (auth.username !== required.user || auth.password !== required.pass)) {
        return callback(Object.assign(new Error('Invalid credentials'), { responseCode: 535 }));
      }
      callback(null, { user: auth.username ?? 'anonymous' });
    },
    onRcptTo(address, _session, callback) {
      const reply = options.failWith?.(address.address);
      if (!reply) return callback();
      callback(Object.assign(new Error(reply.message), { responseCode: reply.code }));
    },
    onData(stream, session, callback) {
      const envelope = {
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
        to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
      };
      const authUser = typeof session.user === 'string' ? session.user : null;
      receive(stream, parse).then(
        ({ raw, parsed }) => {
          messages.push({ envelope, authUser, session: session.id, raw, parsed });
          for (const wake of waiters) wake();
          callback();
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  // Client sockets that reset are reported here; they are not the test's concern.
  server.on('error', () => {});

  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= new Promise<void>((resolve) => server.close(() => resolve()));
    return closing;
  };

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(count, timeoutMs = 5_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          if (messages.length < count) return;
          cleanup();
          resolve([...messages]);
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(`expected ${count} messages within ${timeoutMs} ms, got ${messages.length}`),
          );
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close,
    [Symbol.asyncDispose]: close,
  };
}

async function receive(
  stream: SMTPServerDataStream,
  parse: boolean,
): Promise<{ raw: string; parsed: ParsedMail | null }> {
  if (!parse) {
    stream.resume();
    await new Promise((resolve) => stream.once('end', resolve));
    return { raw: '', parsed: null };
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const source = Buffer.concat(chunks);
  return { raw: source.toString('utf8'), parsed: await simpleParser(source) };
}
