import {
  type ChannelAdapter,
  createZaloAdapter,
  type ZaloAdapterOptions,
  type ZaloConfigInput,
} from '@safenet/channels';
import {
  startZaloServer,
  type ZaloAcceptedMessage,
  type ZaloServerOptions,
  type ZaloTestServer,
} from '../support/zalo-server.js';
import type { ChannelHarness, ContractTarget, Receipt } from './channel.contract.js';

/** One ZNS template per language: `tieu_de` takes the title, `noi_dung` the text. */
export const TEMPLATES = {
  ru: { templateId: '100001', params: { tieu_de: 'title', noi_dung: 'body' } },
  kk: { templateId: '100002', params: { tieu_de: 'title', noi_dung: 'body' } },
  vi: {
    templateId: '100003',
    params: { tieu_de: 'title', noi_dung: 'body', truong: { constant: 'THCS Gia Lâm' } },
  },
  en: { templateId: '100004', params: { tieu_de: 'title', noi_dung: 'body' } },
} as const satisfies ZaloConfigInput['templates'];

/** Phones the stand-in refuses: Zalo's code in the last digits. */
const SCRIPTED: Record<string, number> = {
  '84900000118': -118,
  '84900000100': -100,
  '84900000139': -139,
  '84900000108': -108,
};

export function zaloAdapter(
  zalo: Pick<ZaloTestServer, 'urls' | 'credentials'>,
  config: Partial<ZaloConfigInput> = {},
  options: ZaloAdapterOptions = {},
): ChannelAdapter {
  return createZaloAdapter(
    {
      ...zalo.credentials,
      ...zalo.urls,
      accessTokenExpiresAt: new Date(Date.now() + 25 * 3_600_000),
      templates: TEMPLATES,
      ...config,
    },
    options,
  );
}

export async function zaloHarness(
  config: Partial<ZaloConfigInput> = {},
  server: ZaloServerOptions = {},
  options: ZaloAdapterOptions = {},
): Promise<ChannelHarness & { zalo: ZaloTestServer }> {
  const zalo = await startZaloServer({
    templates: Object.values(TEMPLATES).map((t) => t.templateId),
    script: (to) => (SCRIPTED[to] === undefined ? {} : { error: SCRIPTED[to] }),
    ...server,
  });
  const adapter = zaloAdapter(zalo, config, options);
  return {
    zalo,
    adapter,
    received: async () => zalo.accepted.map(receiptOf),
    async [Symbol.asyncDispose]() {
      await adapter.close?.();
      await zalo.close();
    },
  };
}

/** A ZNS message carries the title and the text in their own parameters. */
export function receiptOf(message: ZaloAcceptedMessage): Receipt {
  const data = message.payload.template_data ?? {};
  return {
    to: `+${message.to}`,
    deliveryId: message.payload.tracking_id ?? '',
    title: data.tieu_de ?? null,
    body: data.noi_dung ?? message.payload.message?.text ?? '',
  };
}

/** The adapter sending ZNS templates to Vietnamese phones against the local Zalo. */
export const zaloTarget: ContractTarget = {
  name: 'zalo-oa (ZNS)',
  channel: 'zalo',
  provider: 'zalo-oa',
  status: 'sent',
  keepsTitle: true,
  address: (n) => `+8491${String(n).padStart(7, '0')}`,
  setup: () => zaloHarness(),
  failures: {
    permanent: '+84900000118',
    transient: '+84900000100',
    async unreachable() {
      const gone = await startZaloServer();
      await gone.close();
      return zaloAdapter(gone);
    },
  },
};
