/**
 * The local Twilio, WhatsApp Cloud API, Telegram Bot API and Zalo servers of the pacing
 * benchmark, in a process of their own, as real providers are: their arrival times and refusals are then not distorted
 * by pauses of the hub's event loop (the embedded database runs on it). Started by
 * `pacing.bench.ts` with `fork`; limits come as arguments, the servers' addresses go back as
 * the first message, and `report` answers with what each server saw.
 */
import { startTelegramBotApi } from '@safenet/hub/testing';
import { startTwilioServer } from '@safenet/tests/support/twilio-server';
import { startWhatsAppCloudServer } from '@safenet/tests/support/whatsapp-cloud-server';
import { startZaloServer } from '@safenet/tests/support/zalo-server';

/** What the parent learns at start. */
export interface ProvidersReady {
  twilioUrl: string;
  cloud: { graphUrl: string; phoneNumberId: string; accessToken: string; appSecret: string };
  telegram: { apiRoot: string; botToken: string };
  zalo: {
    /** The approved ZNS template's id. */
    templateId: string;
    urls: { openApiUrl: string; businessApiUrl: string; oauthUrl: string };
    credentials: {
      appId: string;
      appSecret: string;
      oaSecretKey: string;
      accessToken: string;
      refreshToken: string;
    };
  };
}

/** What each server saw, for `rateStats`. */
export interface ProvidersReport {
  twilio: { arrivals: number[]; segments: number[]; breaches: number };
  cloud: { arrivals: number[]; breaches: number };
  telegram: { arrivals: number[]; breaches: number };
  zalo: { arrivals: number[]; breaches: number };
}

/** The bot the Telegram stand-in answers for. */
const TELEGRAM_TOKEN = '7000000001:AAH-pacing-bench-token-of-the-bot-0123';
/** The approved ZNS template the Zalo stand-in knows (the benchmark's Vietnamese one). */
const ZALO_TEMPLATE = '318822';

const [twilioLimit, cloudLimit, telegramLimit, firstChat, chats, zaloLimit] = process.argv
  .slice(2)
  .map(Number) as [number, number, number, number, number, number];
const twilio = await startTwilioServer({
  statusCallbacks: false,
  limit: { segmentsPerSecond: twilioLimit },
});
const cloud = await startWhatsAppCloudServer({
  limit: { messagesPerSecond: cloudLimit },
});
// Telegram's published limits: about 30 messages a second overall, one a second to a chat.
const telegram = await startTelegramBotApi(TELEGRAM_TOKEN, {
  limits: { perSecond: telegramLimit, perChatPerSecond: 1 },
});
// Zalo publishes no per-second limit (its OA API counts calls per minute, ZNS a daily quota):
// the stand-in refuses more than `zaloLimit` messages in any sliding second with its -32.
const zalo = await startZaloServer({
  templates: [ZALO_TEMPLATE],
  limit: { messagesPerSecond: zaloLimit },
});
// The chats the benchmark's contacts opened the bot from (`chats` ids from `firstChat`): a bot
// may not write first.
for (let i = 0; i < chats; i++) telegram.knowChat(firstChat + i);
process.send?.({
  twilioUrl: twilio.url,
  cloud: { graphUrl: cloud.graphUrl, ...cloud.credentials },
  telegram: { apiRoot: telegram.apiRoot, botToken: TELEGRAM_TOKEN },
  zalo: { templateId: ZALO_TEMPLATE, urls: zalo.urls, credentials: zalo.credentials },
} satisfies ProvidersReady);
process.on('message', (message) => {
  if (message !== 'report') return;
  process.send?.({
    twilio: {
      arrivals: twilio.arrivals,
      segments: twilio.messages.map((m) => m.segments),
      breaches: twilio.breaches,
    },
    cloud: { arrivals: cloud.arrivals, breaches: cloud.breaches },
    telegram: {
      arrivals: telegram
        .callsOf('sendMessage')
        .filter((c) => c.status === 200)
        .map((c) => c.at),
      breaches: telegram.throttled,
    },
    zalo: { arrivals: zalo.arrivals, breaches: zalo.breaches },
  } satisfies ProvidersReport);
});
process.on('disconnect', () => {
  void Promise.all([twilio.close(), cloud.close(), telegram.close(), zalo.close()]).then(() =>
    process.exit(0),
  );
});
