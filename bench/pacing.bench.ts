/**
 * Pacing accuracy: one broadcast to WhatsApp (Cloud API), SMS (Twilio), Telegram (Bot API) and
 * Zalo (ZNS) contacts, with the local providers enforcing the limits the hub is configured
 * with — Cloud API 80 messages/s, Twilio 50 segments/s, Telegram 30 messages/s and 1/s to a
 * chat, Zalo 10 messages/s — over a sliding second, refusing the excess as the real ones do
 * (Telegram: 429 `retry_after`; Zalo: -32 "reached limit call api").
 * Prints, per provider, the achieved rate over the limit, the busiest second over the limit
 * and the refusals (breaches). Good pacing: rate close to 1, busiest second ≤ 1, no breaches.
 * Usage: node --import tsx pacing.bench.ts [--whatsapp 800] [--sms 500] [--telegram 450] [--zalo 300] [--postgres]
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '@safenet/tests/support/twilio-server';
import { broadcastToSchool, loadContacts, startBenchHub } from './bench-hub.js';
import type { ProvidersReady, ProvidersReport } from './providers-process.js';
import { type RateStats, rateStats } from './rate-stats.js';

const { values } = parseArgs({
  options: {
    whatsapp: { type: 'string', default: '800' },
    sms: { type: 'string', default: '500' },
    telegram: { type: 'string', default: '450' },
    zalo: { type: 'string', default: '300' },
    'cloud-limit': { type: 'string', default: '80' },
    'twilio-limit': { type: 'string', default: '50' },
    'telegram-limit': { type: 'string', default: '30' },
    // Zalo publishes no per-second limit: the hub's default pace (SAFENET_ZALO_MESSAGES_PER_SECOND).
    'zalo-limit': { type: 'string', default: '10' },
    postgres: { type: 'boolean', default: false },
  },
});
const WHATSAPP = Number(values.whatsapp);
const SMS = Number(values.sms);
const CLOUD_LIMIT = Number(values['cloud-limit']);
const TWILIO_LIMIT = Number(values['twilio-limit']);
const TELEGRAM = Number(values.telegram);
const TELEGRAM_LIMIT = Number(values['telegram-limit']);
const ZALO = Number(values.zalo);
const ZALO_LIMIT = Number(values['zalo-limit']);
/** The first Telegram contact's chat id; the others follow. */
const FIRST_CHAT = 900_000_001;
/**
 * Russian: one UCS-2 segment. Kazakh: 71–134 characters, two segments. Vietnamese (ZNS, for
 * Zalo's parents): from Đắk Lắk's plan 160/KH-UBND — the programme's name as the first line
 * (the template's title), then its advice to parents and the two hotlines.
 */
const BODY = {
  ru: 'Памятка: поговорите с ребёнком об интернете. Телефон доверия 111.',
  kk: 'Жадынама: балаңызбен интернет туралы сөйлесіңіз, ережелер туралы келісіңіз. Сенім телефоны: 111.',
  vi: 'Bảo vệ và hỗ trợ trẻ em tương tác lành mạnh, sáng tạo trên môi trường mạng\nHướng dẫn trẻ các kỹ năng tự bảo vệ mình khi tham gia môi trường mạng. Tổng đài Quốc gia bảo vệ trẻ em: 111; đường dây nóng của tỉnh: 02623.951.567.',
};
const phone = (i: number) => `+7702${String(10_000_000 + i).slice(1)}`;
/** A Vietnamese mobile (`+8491…`): ZNS reaches a parent by phone. */
const vietnamesePhone = (i: number) => `+8491${String(10_000_000 + i).slice(1)}`;
const consent = {
  status: 'granted',
  source: 'benchmark',
  at: '2017-04-03T10:00:00+06:00',
} as const;

function report(name: string, unit: string, limit: number, stats: RateStats, breaches: number) {
  console.log(
    `  ${name.padEnd(9)} ${stats.units} ${unit} in ${stats.seconds.toFixed(1)} s: ${stats.perSecond.toFixed(1)}/s = ${(stats.perSecond / limit).toFixed(3)} × limit ${limit}; busiest second ${stats.worstWindow} = ${(stats.worstWindow / limit).toFixed(2)} × limit; breaches ${breaches}`,
  );
}

// The providers run in a process of their own, as real ones do (see providers-process.ts).
const providers = fork(
  fileURLToPath(new URL('./providers-process.ts', import.meta.url)),
  [TWILIO_LIMIT, CLOUD_LIMIT, TELEGRAM_LIMIT, FIRST_CHAT, TELEGRAM, ZALO_LIMIT].map(String),
  { execArgv: ['--import', 'tsx'] },
);
const ask = <T>(message?: string) =>
  new Promise<T>((resolve) => {
    providers.once('message', (answer) => resolve(answer as T));
    if (message) providers.send(message);
  });
const ready = await ask<ProvidersReady>();
await using hub = await startBenchHub({
  postgres: values.postgres,
  env: {
    SAFENET_TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
    SAFENET_TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
    SAFENET_TWILIO_FROM: '+15005550006',
    SAFENET_TWILIO_API_URL: ready.twilioUrl,
    SAFENET_TWILIO_SEGMENTS_PER_SECOND: String(TWILIO_LIMIT),
    SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID: ready.cloud.phoneNumberId,
    SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN: ready.cloud.accessToken,
    SAFENET_WHATSAPP_CLOUD_APP_SECRET: ready.cloud.appSecret,
    SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN: 'bench-verify-token',
    SAFENET_WHATSAPP_CLOUD_GRAPH_URL: ready.cloud.graphUrl,
    SAFENET_WHATSAPP_CLOUD_MESSAGES_PER_SECOND: String(CLOUD_LIMIT),
    SAFENET_TELEGRAM_BOT_TOKEN: ready.telegram.botToken,
    SAFENET_TELEGRAM_WEBHOOK_SECRET: 'pacing-bench-webhook-secret',
    SAFENET_TELEGRAM_API_ROOT: ready.telegram.apiRoot,
    SAFENET_TELEGRAM_PER_SECOND: String(TELEGRAM_LIMIT),
    SAFENET_ZALO_APP_ID: ready.zalo.credentials.appId,
    SAFENET_ZALO_APP_SECRET: ready.zalo.credentials.appSecret,
    SAFENET_ZALO_OA_SECRET_KEY: ready.zalo.credentials.oaSecretKey,
    SAFENET_ZALO_ACCESS_TOKEN: ready.zalo.credentials.accessToken,
    SAFENET_ZALO_REFRESH_TOKEN: ready.zalo.credentials.refreshToken,
    SAFENET_ZALO_ACCESS_TOKEN_EXPIRES_AT: new Date(Date.now() + 25 * 3_600_000).toISOString(),
    SAFENET_ZALO_TEMPLATES: `vi=${ready.zalo.templateId}:tieu_de=title;noi_dung=body`,
    SAFENET_ZALO_OPEN_API_URL: ready.zalo.urls.openApiUrl,
    SAFENET_ZALO_BUSINESS_API_URL: ready.zalo.urls.businessApiUrl,
    SAFENET_ZALO_OAUTH_URL: ready.zalo.urls.oauthUrl,
    SAFENET_ZALO_MESSAGES_PER_SECOND: String(ZALO_LIMIT),
  },
});
const store = values.postgres ? 'PostgreSQL' : 'embedded PostgreSQL';
console.log(
  `pacing: ${WHATSAPP} WhatsApp at ${CLOUD_LIMIT} msg/s, ${SMS} SMS (ru 1 segment, kk 2) at ${TWILIO_LIMIT} segments/s, ${TELEGRAM} Telegram at ${TELEGRAM_LIMIT} msg/s, ${ZALO} Zalo (ZNS) at ${ZALO_LIMIT} msg/s, ${store}, Node ${process.version}`,
);
// The first WHATSAPP contacts are on WhatsApp only, the next SMS on SMS only (alternating
// Russian and Kazakh so that segments, not messages, are what Twilio's limit counts), the
// next TELEGRAM on Telegram only, each from the chat they opened the bot in, and the last ZALO
// Vietnamese parents on Zalo only, reached by phone through the ZNS template.
await loadContacts(hub, WHATSAPP + SMS + TELEGRAM + ZALO, (i) => {
  const language = i % 2 === 0 ? 'ru' : 'kk';
  if (i < WHATSAPP) {
    return {
      role: 'parent',
      language,
      addresses: { whatsapp: phone(i) },
      consents: { whatsapp: consent },
    };
  }
  if (i < WHATSAPP + SMS) {
    return { role: 'parent', language, addresses: { phone: phone(i) }, consents: { sms: consent } };
  }
  if (i >= WHATSAPP + SMS + TELEGRAM) {
    return {
      role: 'parent',
      language: 'vi',
      addresses: { zalo: vietnamesePhone(i) },
      consents: { zalo: consent },
    };
  }
  const chat = FIRST_CHAT + i - WHATSAPP - SMS;
  return {
    role: 'teacher',
    language,
    addresses: { telegram: String(chat) },
    consents: { telegram: consent },
  };
});
const { progress, seconds } = await broadcastToSchool(
  hub,
  ['whatsapp', 'sms', 'telegram', 'zalo'],
  {
    body: BODY,
  },
);
console.log(`  broadcast completed in ${seconds.toFixed(1)} s: ${JSON.stringify(progress.counts)}`);
const seen = await ask<ProvidersReport>('report');
report('WhatsApp', 'messages', CLOUD_LIMIT, rateStats(seen.cloud.arrivals), seen.cloud.breaches);
report(
  'SMS',
  'segments',
  TWILIO_LIMIT,
  rateStats(seen.twilio.arrivals, seen.twilio.segments),
  seen.twilio.breaches,
);
report(
  'Telegram',
  'messages',
  TELEGRAM_LIMIT,
  rateStats(seen.telegram.arrivals),
  seen.telegram.breaches,
);
report('Zalo', 'messages', ZALO_LIMIT, rateStats(seen.zalo.arrivals), seen.zalo.breaches);
providers.disconnect();
