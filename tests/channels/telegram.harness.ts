/**
 * The Telegram adapter wired to the local Bot API stand-in, for the contract suite and the
 * adapter-specific tests. The Bot API echoes no field of ours, so the harness notes which
 * delivery each first part's message id belongs to, as the Twilio harness does with SIDs.
 */
import {
  type ChannelAdapter,
  createTelegramBotAdapter,
  type TelegramBotConfigInput,
} from '@safenet/channels';
import {
  type BotApiFault,
  startTelegramBotApi,
  type TelegramBotApi,
  type TelegramBotApiOptions,
} from '@safenet/hub/testing';
import type { ChannelHarness, ContractTarget, Receipt } from './channel.contract.js';

export const BOT_TOKEN = '7000000017:AAH-telegram-channel-token-0123456789';

/** Chats the stand-in refuses, as scripted; every other chat of {@link chatAddress} is known. */
export const SCRIPTED_CHATS: Record<string, BotApiFault> = {
  '7200000403': { kind: 'blocked' },
  '7200000404': { kind: 'deactivated' },
  '7200000429': { kind: 'rate_limited', retryAfter: 7 },
  '7200000500': { kind: 'server_error' },
};

/** The private chat of the n-th parent who started the bot. */
export const chatAddress = (n: number) => String(7_100_000_000 + n);

export function telegramAdapter(
  api: Pick<TelegramBotApi, 'apiRoot'>,
  config: Partial<TelegramBotConfigInput> = {},
): ChannelAdapter {
  return createTelegramBotAdapter({ botToken: BOT_TOKEN, apiRoot: api.apiRoot, ...config });
}

/** A message of the Bot API's answers, as far as the harness reads it. */
interface SentMessage {
  message_id: number;
  chat: { id: number };
  text: string;
  entities?: { type: string; offset: number; length: number }[];
}

export async function telegramHarness(
  options: TelegramBotApiOptions = {},
  config: Partial<TelegramBotConfigInput> = {},
): Promise<ChannelHarness & { api: TelegramBotApi }> {
  const api = await startTelegramBotApi(BOT_TOKEN, options);
  for (let n = 0; n < 100; n += 1) api.knowChat(chatAddress(n));
  for (const [chat, fault] of Object.entries(SCRIPTED_CHATS)) {
    api.knowChat(chat);
    api.failChat(chat, fault);
  }
  const inner = telegramAdapter(api, config);
  const deliveries = new Map<string, string>();
  const adapter: ChannelAdapter = {
    ...inner,
    async send(message, ctx) {
      const result = await inner.send(message, ctx);
      if (result.providerMessageId) deliveries.set(result.providerMessageId, message.deliveryId);
      return result;
    },
  };
  return {
    api,
    adapter,
    received: async () => receiptsOf(api, deliveries),
    async [Symbol.asyncDispose]() {
      await adapter.close?.();
      await api.close();
    },
  };
}

/**
 * What the stand-in delivered, one receipt per message: a first part (its id is a send's
 * `providerMessageId`) starts one, the parts after it in that chat continue it. A bold run at
 * the start followed by a blank line is the title.
 */
function receiptsOf(api: TelegramBotApi, deliveries: ReadonlyMap<string, string>): Receipt[] {
  const receipts: Receipt[] = [];
  const last = new Map<number, Receipt>();
  for (const call of api.callsOf('sendMessage')) {
    if (call.status !== 200) continue;
    const sent = call.result as SentMessage;
    const deliveryId = deliveries.get(`${sent.chat.id}:${sent.message_id}`);
    const open = last.get(sent.chat.id);
    if (deliveryId === undefined && open) {
      open.body += `\n\n${sent.text}`;
      continue;
    }
    const bold = sent.entities?.find((e) => e.type === 'bold' && e.offset === 0);
    const titled = bold !== undefined && sent.text.startsWith('\n\n', bold.length);
    const receipt: Receipt = {
      to: String(sent.chat.id),
      deliveryId: deliveryId ?? '',
      title: titled ? sent.text.slice(0, bold.length) : null,
      body: titled ? sent.text.slice(bold.length + 2) : sent.text,
    };
    receipts.push(receipt);
    last.set(sent.chat.id, receipt);
  }
  return receipts;
}

/** The adapter against the stand-in, private chats by numeric id. */
export const telegramTarget: ContractTarget = {
  name: 'telegram-bot',
  channel: 'telegram',
  provider: 'telegram-bot',
  status: 'sent',
  keepsTitle: true,
  address: chatAddress,
  setup: () => telegramHarness(),
  failures: {
    permanent: '7200000403',
    transient: '7200000429',
    async unreachable() {
      const gone = await startTelegramBotApi(BOT_TOKEN);
      await gone.close();
      return telegramAdapter(gone);
    },
  },
};
