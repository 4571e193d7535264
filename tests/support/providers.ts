/**
 * Every provider the hub talks to, on this machine and without an account: an SMTP server
 * that keeps what it receives, the local Twilio Messages API, the local WhatsApp Cloud API,
 * the Telegram Bot API stand-in and the local Zalo (ZNS, OA messages, OAuth), with their
 * status callbacks and webhooks pointed at the hub. `npm run providers` starts them and prints
 * the environment to start the hub with; docs/guides/local-providers.md walks through a
 * broadcast.
 *
 * Usage: npm run providers [-- --hub http://localhost:3000 --smtp-port 2525 --twilio-port 4010
 *   --cloud-port 4020 --telegram-port 4030 --zalo-port 4040]
 */
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startTelegramBotApi, type TelegramBotApi } from '@safenet/hub/testing';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import {
  startTwilioServer,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
  type TwilioTestServer,
} from './twilio-server.js';
import { startWhatsAppCloudServer, type WhatsAppCloudTestServer } from './whatsapp-cloud-server.js';
import { startZaloServer, type ZaloTestServer } from './zalo-server.js';

/** The ports `npm run providers` uses unless told otherwise. */
export const DEFAULT_PROVIDER_PORTS = {
  smtp: 2525,
  twilio: 4010,
  cloud: 4020,
  telegram: 4030,
  zalo: 4040,
} as const;

/** The sender number the hub is given; Twilio's magic test number. */
const TWILIO_FROM = '+15005550006';
/** The token the hub expects in Meta's subscription handshake. */
const CLOUD_VERIFY_TOKEN = 'safenet-local-verify-token';
/** The local bot's token (BotFather's shape) and the secret its webhook calls carry. */
const TELEGRAM_TOKEN = '7000000001:AAH-local-providers-bot-token-0123456';
const TELEGRAM_WEBHOOK_SECRET = 'safenet-local-telegram-secret';
/** The username of the stand-in's bot, for the hub's deep links. */
const TELEGRAM_BOT_USERNAME = 'safenet_test_bot';
/**
 * One approved ZNS template per language the local Zalo knows: the title and the text fill
 * `tieu_de` and `noi_dung`, as in docs/guides/zalo.md.
 */
const ZALO_TEMPLATES = { vi: '318822', en: '318823', ru: '318824', kk: '318825' } as const;

export interface LocalProvidersOptions {
  /** The hub's public URL: callbacks go to `<hubUrl>/v1/webhooks/…`. Default http://localhost:3000. */
  hubUrl?: string;
  /** Ports on 127.0.0.1; 0 picks free ones. Default {@link DEFAULT_PROVIDER_PORTS}. */
  ports?: { smtp?: number; twilio?: number; cloud?: number; telegram?: number; zalo?: number };
  /** Receives one line per message a provider accepts; default: nothing is logged. */
  log?: (line: string) => void;
}

/** One email as the local SMTP server received it. */
export interface LocalEmail {
  to: string[];
  subject: string;
  text: string;
}

export interface LocalProviders extends AsyncDisposable {
  /** The hub's variables, by name. */
  env: Readonly<Record<string, string>>;
  /** The same as shell lines, `export NAME='value'`, ready to paste. */
  envBlock: string;
  smtp: { url: string; messages: LocalEmail[] };
  twilio: TwilioTestServer;
  cloud: WhatsAppCloudTestServer;
  /** Knows every chat, as if each person had started the bot: nobody here can open it. */
  telegram: TelegramBotApi;
  zalo: ZaloTestServer;
  close(): Promise<void>;
}

/** Starts the five providers; on any failure the ones already started are closed. */
export async function startLocalProviders(
  options: LocalProvidersOptions = {},
): Promise<LocalProviders> {
  const hubUrl = (options.hubUrl ?? 'http://localhost:3000').replace(/\/+$/, '');
  const ports = { ...DEFAULT_PROVIDER_PORTS, ...options.ports };
  const log = options.log ?? (() => {});
  const opened: { close(): Promise<void> }[] = [];
  const close = async () => {
    await Promise.allSettled(opened.map((server) => server.close()));
  };
  try {
    const smtp = await startKeepingSmtpServer(ports.smtp, (mail) =>
      log(line('email', mail.to.join(', '), `${mail.subject} — ${mail.text}`)),
    );
    opened.push(smtp);
    const twilio = await startTwilioServer({
      port: ports.twilio,
      inboundUrl: `${hubUrl}/v1/webhooks/twilio`,
      onMessage: (sms) => log(line('sms', sms.to, sms.body)),
    });
    opened.push(twilio);
    const cloud = await startWhatsAppCloudServer({
      port: ports.cloud,
      webhookUrl: `${hubUrl}/v1/webhooks/whatsapp-cloud`,
      onMessage: (message) =>
        log(
          line(
            'whatsapp',
            `+${message.to}`,
            message.payload.text?.body ?? `template ${message.payload.template?.name ?? '?'}`,
          ),
        ),
    });
    opened.push(cloud);
    const telegram = await startTelegramBotApi(TELEGRAM_TOKEN, {
      port: ports.telegram,
      knowEveryChat: true,
      onCall: (call) => {
        if (call.method !== 'sendMessage' || call.status !== 200) return;
        const sent = call.result as { chat: { id: number }; text: string };
        log(line('telegram', String(sent.chat.id), sent.text));
      },
    });
    opened.push(telegram);
    const zalo = await startZaloServer({
      port: ports.zalo,
      templates: Object.values(ZALO_TEMPLATES),
      webhookUrl: `${hubUrl}/v1/webhooks/zalo-oa`,
      onMessage: (message) =>
        log(
          line(
            'zalo',
            message.kind === 'zns' ? `+${message.to}` : message.to,
            message.payload.template_data?.noi_dung ?? message.payload.message?.text ?? '',
          ),
        ),
    });
    opened.push(zalo);
    const port = hubPortOf(hubUrl);
    const env = {
      ...(port === undefined ? {} : { PORT: port }),
      SAFENET_PUBLIC_URL: hubUrl,
      SAFENET_SMTP_URL: smtp.url,
      SAFENET_TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
      SAFENET_TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
      SAFENET_TWILIO_FROM: TWILIO_FROM,
      SAFENET_TWILIO_API_URL: twilio.url,
      SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID: cloud.credentials.phoneNumberId,
      SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN: cloud.credentials.accessToken,
      SAFENET_WHATSAPP_CLOUD_APP_SECRET: cloud.credentials.appSecret,
      SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN: CLOUD_VERIFY_TOKEN,
      SAFENET_WHATSAPP_CLOUD_GRAPH_URL: cloud.graphUrl,
      SAFENET_TELEGRAM_BOT_TOKEN: TELEGRAM_TOKEN,
      SAFENET_TELEGRAM_WEBHOOK_SECRET: TELEGRAM_WEBHOOK_SECRET,
      SAFENET_TELEGRAM_API_ROOT: telegram.apiRoot,
      SAFENET_TELEGRAM_BOT_USERNAME: TELEGRAM_BOT_USERNAME,
      SAFENET_ZALO_APP_ID: zalo.credentials.appId,
      SAFENET_ZALO_APP_SECRET: zalo.credentials.appSecret,
      SAFENET_ZALO_OA_SECRET_KEY: zalo.credentials.oaSecretKey,
      SAFENET_ZALO_ACCESS_TOKEN: zalo.credentials.accessToken,
      SAFENET_ZALO_REFRESH_TOKEN: zalo.credentials.refreshToken,
      // As Zalo's: about 25 hours. Later the hub renews it at the local OAuth endpoint.
      SAFENET_ZALO_ACCESS_TOKEN_EXPIRES_AT: new Date(Date.now() + 25 * 3_600_000).toISOString(),
      SAFENET_ZALO_TEMPLATES: Object.entries(ZALO_TEMPLATES)
        .map(([language, id]) => `${language}=${id}:tieu_de=title;noi_dung=body`)
        .join(','),
      SAFENET_ZALO_OPEN_API_URL: zalo.urls.openApiUrl,
      SAFENET_ZALO_BUSINESS_API_URL: zalo.urls.businessApiUrl,
      SAFENET_ZALO_OAUTH_URL: zalo.urls.oauthUrl,
    };
    return {
      env,
      envBlock: Object.entries(env)
        .map(([name, value]) => `export ${name}='${value}'`)
        .join('\n'),
      smtp: { url: smtp.url, messages: smtp.messages },
      twilio,
      cloud,
      telegram,
      zalo,
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * The port the hub must listen on for `hubUrl` to reach it: the one the URL names, or its
 * scheme's on loopback. A public URL without a port (a tunnel or a proxy in front of the hub)
 * says nothing about the port the hub listens on, so the hub keeps its own.
 */
export function hubPortOf(hubUrl: string): string | undefined {
  const url = new URL(hubUrl);
  if (url.port !== '') return url.port;
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
  if (!loopback) return undefined;
  return url.protocol === 'https:' ? '443' : '80';
}

/**
 * Parses `export NAME='value'` lines (what {@link LocalProviders.envBlock} prints) back into
 * variables, as a shell would for these values.
 */
export function parseEnvBlock(block: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const text of block.split('\n')) {
    const match = /^export ([A-Z_][A-Z0-9_]*)='([^']*)'$/.exec(text.trim());
    if (match?.[1] !== undefined && match[2] !== undefined) env[match[1]] = match[2];
  }
  return env;
}

/** `[sms]      +77011110001  Памятка: телефон доверия…` — one message, on one line. */
function line(channel: string, to: string, text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const preview = flat.length > 60 ? `${flat.slice(0, 60)}…` : flat;
  return `${`[${channel}]`.padEnd(10)} ${to.padEnd(28)} ${preview}`;
}

/**
 * An SMTP server that parses and keeps every message. tests/support/smtp-server.ts always
 * takes a free port; this one takes the port a newcomer configured the hub with.
 */
async function startKeepingSmtpServer(
  port: number,
  onMail: (mail: LocalEmail) => void,
): Promise<{ url: string; messages: LocalEmail[]; close(): Promise<void> }> {
  const messages: LocalEmail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    // smtp-server's built-in certificate has expired: never offer STARTTLS.
    disabledCommands: ['STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    closeTimeout: 250,
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((rcpt) => rcpt.address);
      simpleParser(stream).then(
        (parsed: ParsedMail) => {
          const mail = { to, subject: parsed.subject ?? '', text: parsed.text ?? '' };
          messages.push(mail);
          onMail(mail);
          callback();
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `smtp://127.0.0.1:${bound}`,
    messages,
    close() {
      closing ??= new Promise<void>((resolve) => server.close(() => resolve()));
      return closing;
    },
  };
}

/** `npm run providers`: start, print the hub's environment, log messages until Ctrl-C. */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      hub: { type: 'string', default: 'http://localhost:3000' },
      'smtp-port': { type: 'string', default: String(DEFAULT_PROVIDER_PORTS.smtp) },
      'twilio-port': { type: 'string', default: String(DEFAULT_PROVIDER_PORTS.twilio) },
      'cloud-port': { type: 'string', default: String(DEFAULT_PROVIDER_PORTS.cloud) },
      'telegram-port': { type: 'string', default: String(DEFAULT_PROVIDER_PORTS.telegram) },
      'zalo-port': { type: 'string', default: String(DEFAULT_PROVIDER_PORTS.zalo) },
    },
  });
  const providers = await startLocalProviders({
    hubUrl: values.hub,
    ports: {
      smtp: Number(values['smtp-port']),
      twilio: Number(values['twilio-port']),
      cloud: Number(values['cloud-port']),
      telegram: Number(values['telegram-port']),
      zalo: Number(values['zalo-port']),
    },
    log: (text) => console.log(`${new Date().toISOString().slice(11, 19)} ${text}`),
  });
  console.log(`Local providers are running; callbacks go to ${values.hub}.
  SMTP                ${providers.env.SAFENET_SMTP_URL}
  Twilio Messages API ${providers.env.SAFENET_TWILIO_API_URL}
  WhatsApp Cloud API  ${providers.env.SAFENET_WHATSAPP_CLOUD_GRAPH_URL}
  Telegram Bot API    ${providers.env.SAFENET_TELEGRAM_API_ROOT}
  Zalo (ZNS, OA)      ${providers.env.SAFENET_ZALO_OPEN_API_URL}

Start the hub in another terminal with:

${providers.envBlock}
npm start

Each message a provider receives is logged below. Ctrl-C stops them.
`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log('\nStopping the providers…');
    void providers.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const invoked = process.argv[1];
if (invoked && import.meta.url === pathToFileURL(invoked).href) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
