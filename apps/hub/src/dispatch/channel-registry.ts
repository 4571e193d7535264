import {
  type ChannelAdapter,
  createCaptureAdapter,
  createSmtpAdapter,
  createTwilioSmsAdapter,
  createWebsocketAdapter,
  createWhatsAppCloudAdapter,
  type OutgoingMessage,
} from '@safenet/channels';
import { CHANNELS, type Channel } from '@safenet/core';
import { v7 as uuidv7 } from 'uuid';
import type { HubConfig } from '../config.js';
import type { EventBus } from '../events/event-bus.js';
import type { Db } from '../store/database.js';

/** The public URL a provider posts its webhooks for this hub to. */
export function webhookUrl(config: Pick<HubConfig, 'publicUrl'>, provider: string): string {
  return `${config.publicUrl.replace(/\/$/, '')}/v1/webhooks/${provider}`;
}

/** The adapter serving each channel. */
export type ChannelRegistry = ReadonlyMap<Channel, ChannelAdapter>;

/**
 * One adapter per channel: the configured provider, else the capture outbox (status
 * `captured`, never `delivered`). The in-app channel publishes on the event bus.
 */
export function createChannelRegistry(
  config: HubConfig,
  db: Db,
  bus: EventBus,
  orgPathOf: (orgId: string) => Promise<readonly string[]>,
): ChannelRegistry {
  const capture = (message: OutgoingMessage, channel: Channel) =>
    db
      .insertInto('outbox_messages')
      .values({
        id: uuidv7(),
        org_id: message.orgId,
        delivery_id: message.deliveryId,
        channel,
        recipient: message.to,
        language: message.language,
        subject: message.title,
        body: message.body,
        created_at: new Date(),
      })
      .onConflict((oc) => oc.column('delivery_id').doNothing())
      .execute()
      .then(() => undefined);

  const adapters = new Map<Channel, ChannelAdapter>();
  for (const channel of CHANNELS) {
    adapters.set(
      channel,
      createCaptureAdapter(channel, (message) => capture(message, channel)),
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
  adapters.set(
    'websocket',
    createWebsocketAdapter(async (event) => {
      bus.publish({ orgPath: await orgPathOf(event.orgId), event });
    }),
  );
  return adapters;
}
