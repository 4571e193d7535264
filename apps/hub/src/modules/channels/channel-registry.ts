import {
  type ChannelAdapter,
  createCaptureAdapter,
  createSmtpAdapter,
  createTelegramBotAdapter,
  createTwilioSmsAdapter,
  createWebsocketAdapter,
  createWhatsAppCloudAdapter,
  createWhatsAppWebAdapter,
  createWhatsAppWebClient,
  createZaloAdapter,
  type OutgoingMessage,
  type WhatsAppClientLike,
} from '@safenet/channels';
import { CHANNELS, type Channel } from '@safenet/core';
import type { HubConfig } from '../../config.js';
import type { DatabaseHandle } from '../../platform/database/schema.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { captureMessage } from '../outbox/index.js';
import { databaseZaloRenew, startingZaloTokens, storedZaloTokens } from './zalo-tokens.js';

/** The public URL a provider posts its webhooks for this hub to. */
export function webhookUrl(config: Pick<HubConfig, 'publicUrl'>, provider: string): string {
  return `${config.publicUrl.replace(/\/$/, '')}/v1/webhooks/${provider}`;
}

/**
 * The adapters of a hub. Each channel has a default adapter; a WhatsApp phone paired with
 * WhatsApp Web can serve one organisation's subtree instead (the parents of the association
 * that owns the phone, who know its number), so one broadcast may go out through both.
 */
export interface ChannelRegistry {
  /** Every adapter: webhooks find theirs by provider, closing releases them all. */
  readonly adapters: readonly ChannelAdapter[];
  /** Adapters that serve one organisation's subtree rather than everyone. */
  readonly routed: readonly RoutedAdapter[];
  /** The adapter sending on `channel` to a contact of the organisation at `orgPath`. */
  adapterFor(channel: Channel, orgPath: readonly string[]): ChannelAdapter;
}

/** An adapter that serves `channel` for contacts in the subtree of `orgId` (all when null). */
export interface RoutedAdapter {
  adapter: ChannelAdapter;
  orgId: string | null;
}

/**
 * A registry from default adapters and routed ones; routed adapters win for contacts in
 * their subtree.
 *
 * @example
 * channelRegistry(new Map([['email', createSmtpAdapter(smtp)]]));
 */
export function channelRegistry(
  defaults: ReadonlyMap<Channel, ChannelAdapter>,
  routed: readonly RoutedAdapter[] = [],
): ChannelRegistry {
  return {
    adapters: [...new Set([...defaults.values(), ...routed.map((r) => r.adapter)])],
    routed,
    adapterFor(channel, orgPath) {
      const match = routed.find(
        (r) => r.adapter.channel === channel && (r.orgId === null || orgPath.includes(r.orgId)),
      );
      const adapter = match?.adapter ?? defaults.get(channel);
      if (!adapter) throw new Error(`No adapter for channel ${channel}`);
      return adapter;
    },
  };
}

/** The same registry with `adapter` serving its channel for everyone (tests swap one in). */
export function overrideAdapter(
  registry: ChannelRegistry,
  adapter: ChannelAdapter,
): ChannelRegistry {
  return {
    adapters: [...registry.adapters, adapter],
    routed: registry.routed,
    adapterFor: (channel, orgPath) =>
      channel === adapter.channel ? adapter : registry.adapterFor(channel, orgPath),
  };
}

/** What building the registry may take besides the configuration. */
export interface RegistryOptions {
  /** A whatsapp-web.js client to use instead of launching Chromium (tests pass a fake). */
  whatsappWebClient?: WhatsAppClientLike;
}

/**
 * One adapter per channel: the configured provider, else the capture outbox (status
 * `captured`, never `delivered`). The in-app channel publishes on the event bus. A WhatsApp
 * Web phone, when configured, serves its organisation's subtree (or everyone). Zalo starts
 * from the newest stored token pair and renews through the database (see `zalo-tokens.ts`).
 */
export async function createChannelRegistry(
  config: HubConfig,
  db: DatabaseHandle,
  bus: EventBus,
  orgPathOf: (orgId: string) => Promise<readonly string[]>,
  options: RegistryOptions = {},
): Promise<ChannelRegistry> {
  const capture = (message: OutgoingMessage, channel: Channel) =>
    captureMessage(db, message, channel);

  const adapters = new Map<Channel, ChannelAdapter>();
  for (const channel of CHANNELS) {
    adapters.set(
      channel,
      createCaptureAdapter(channel, (message) => capture(message, channel), 'GET /v1/outbox'),
    );
  }
  if (config.smtp) {
    adapters.set(
      'email',
      createSmtpAdapter({
        url: config.smtp.url,
        from: config.smtp.from,
        pool: { maxConnections: config.smtp.maxConnections },
      }),
    );
  }
  if (config.twilio) {
    const { accountSid, authToken, from, messagingServiceSid, apiBaseUrl, segmentsPerSecond } =
      config.twilio;
    adapters.set(
      'sms',
      createTwilioSmsAdapter({
        accountSid,
        authToken,
        ...(from ? { from } : { messagingServiceSid }),
        ...(apiBaseUrl ? { apiBaseUrl } : {}),
        segmentsPerSecond,
        statusCallbackUrl: webhookUrl(config, 'twilio'),
        // As many connections as the sends a process has in flight: two batches.
        maxConnections: 2 * Math.max(config.dispatch.sendBatch, 50),
      }),
    );
  }
  if (config.whatsappCloud) {
    const { graphUrl, ...credentials } = config.whatsappCloud;
    adapters.set(
      'whatsapp',
      createWhatsAppCloudAdapter({ ...credentials, ...(graphUrl ? { graphUrl } : {}) }),
    );
  }
  if (config.telegram) {
    const { botToken, apiRoot, perSecond, perChatIntervalMs } = config.telegram;
    adapters.set(
      'telegram',
      createTelegramBotAdapter({ botToken, apiRoot, perSecond, perChatIntervalMs }),
    );
  }
  if (config.zalo) {
    const { accessToken, refreshToken, accessTokenExpiresAt, ...zalo } = config.zalo;
    // The configured pair is spent once any process renewed it: start from the stored one.
    const start = startingZaloTokens(
      { accessToken, refreshToken, expiresAt: accessTokenExpiresAt },
      await storedZaloTokens(db, zalo.appId),
    );
    adapters.set(
      'zalo',
      createZaloAdapter(
        {
          ...zalo,
          accessToken: start.accessToken,
          refreshToken: start.refreshToken,
          accessTokenExpiresAt: start.expiresAt,
        },
        { renew: databaseZaloRenew(db, zalo.appId) },
      ),
    );
  }
  adapters.set(
    'websocket',
    createWebsocketAdapter(async (event) => {
      await bus.publish({ orgPath: await orgPathOf(event.orgId), event });
    }),
  );

  const routed: RoutedAdapter[] = [];
  if (config.whatsappWeb) {
    const { dataDir, chromiumPath, pacing, orgId } = config.whatsappWeb;
    const client =
      options.whatsappWebClient ??
      (await createWhatsAppWebClient({ dataDir, executablePath: chromiumPath }));
    const { perRecipientIntervalMs, ...rest } = pacing;
    routed.push({
      adapter: createWhatsAppWebAdapter({
        client,
        pacing: { ...rest, ...(perRecipientIntervalMs ? { perRecipientIntervalMs } : {}) },
      }),
      orgId,
    });
  }
  return channelRegistry(adapters, routed);
}
