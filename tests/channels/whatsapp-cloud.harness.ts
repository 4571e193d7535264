/**
 * The WhatsApp Cloud adapter wired to the local Cloud API fixture, for the contract suite and
 * the adapter-specific tests.
 */
import {
  type ChannelAdapter,
  createWhatsAppCloudAdapter,
  type WhatsAppCloudConfigInput,
} from '@safenet/channels';
import {
  type AcceptedMessage,
  type RecipientScript,
  startWhatsAppCloudServer,
  type WhatsAppCloudServerOptions,
  type WhatsAppCloudTestServer,
} from '../support/whatsapp-cloud-server.js';
import type { ChannelHarness, ContractTarget, Receipt } from './channel.contract.js';

export const VERIFY_TOKEN = 'verify-me-4f9c';

/** Recipients (E.164) the local Cloud API refuses (with the Graph code) or reports on as scripted. */
export const SCRIPTED: Record<string, RecipientScript> = {
  '+77000131026': { error: { status: 400, code: 131026, message: 'Message undeliverable' } },
  '+77000131047': {
    error: { status: 400, code: 131047, message: 'Re-engagement message' },
  },
  '+77000130429': {
    error: { status: 429, code: 130429, message: 'Rate limit hit', retryAfter: 7 },
  },
  '+77000131056': {
    error: {
      status: 400,
      code: 131056,
      message: '(Business Account, Consumer Account) pair rate limit hit',
    },
  },
  '+77000131051': { error: { status: 400, code: 131051, message: 'Unsupported message type' } },
  '+77000000500': { error: { status: 500, code: 1, message: 'An unknown error occurred' } },
  '+84900000003': { statuses: ['sent', 'delivered', 'read'] },
  '+84900000004': { statuses: ['sent', 'failed'], failCode: 131026 },
  '+84900000005': { statuses: ['sent', 'failed'], failCode: 131047 },
};

export const TEMPLATES = {
  ru: { name: 'safenet_guidance', language: 'ru' },
  kk: { name: 'safenet_guidance', language: 'kk' },
  vi: { name: 'safenet_guidance', language: 'vi' },
  en: { name: 'safenet_guidance', language: 'en_US' },
} as const;

export function cloudAdapter(
  cloud: Pick<WhatsAppCloudTestServer, 'graphUrl' | 'credentials'>,
  config: Partial<WhatsAppCloudConfigInput> = {},
): ChannelAdapter {
  return createWhatsAppCloudAdapter({
    ...cloud.credentials,
    verifyToken: VERIFY_TOKEN,
    graphUrl: cloud.graphUrl,
    ...config,
  });
}

export async function cloudHarness(
  config: Partial<WhatsAppCloudConfigInput> = {},
  server: WhatsAppCloudServerOptions = {},
): Promise<ChannelHarness & { cloud: WhatsAppCloudTestServer }> {
  const cloud = await startWhatsAppCloudServer({
    templates: ['safenet_guidance'],
    script: (to) => SCRIPTED[`+${to}`] ?? {},
    ...server,
  });
  const adapter = cloudAdapter(cloud, config);
  return {
    cloud,
    adapter,
    received: async () => cloud.accepted.map(receiptOf),
    async [Symbol.asyncDispose]() {
      await adapter.close?.();
      await cloud.close();
    },
  };
}

/**
 * Free text carries the title as its first, bold line; see textOf in cloud.message.ts. A
 * media message carries it as its caption.
 */
export function receiptOf(message: AcceptedMessage): Receipt {
  const { payload } = message;
  const text = payload.text?.body ?? payload.document?.caption ?? payload.image?.caption ?? '';
  const titled = /^\*([^\n]*)\*\n\n([\s\S]*)$/.exec(text);
  return {
    to: `+${message.to}`,
    deliveryId: message.payload.biz_opaque_callback_data ?? '',
    title: titled?.[1] ?? null,
    body: titled?.[2] ?? text,
  };
}

/**
 * The adapter in text mode against the local Cloud API. Template mode cannot keep the contract's
 * "text intact": WhatsApp refuses line breaks in template variables, so paragraphs are joined.
 */
export const whatsappCloudTarget: ContractTarget = {
  name: 'whatsapp-cloud (text)',
  channel: 'whatsapp',
  provider: 'whatsapp-cloud',
  status: 'sent',
  keepsTitle: true,
  address: (n) => `+7701${String(n).padStart(7, '0')}`,
  setup: () => cloudHarness({ mode: 'text' }),
  failures: {
    permanent: '+77000131026',
    transient: '+77000130429',
    async unreachable() {
      const gone = await startWhatsAppCloudServer();
      await gone.close();
      return cloudAdapter(gone);
    },
  },
};
