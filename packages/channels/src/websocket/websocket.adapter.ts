import type { StreamEvent } from '@safenet/core';
import { throwIfAborted } from '../abort.js';
import type { ChannelAdapter } from '../channel.js';

/** The event the in-app channel publishes; it parses with core's `InAppMessageEvent`. */
export type InAppMessage = Extract<StreamEvent, { type: 'message' }>;

/** Hands an event to the hub's event bus, which fans it out to `/v1/stream` subscribers. */
export type InAppPublisher = (event: InAppMessage) => void | Promise<void>;

/**
 * The in-app channel: a message becomes an `InAppMessageEvent` on the hub's event bus.
 * It reports `sent`, not `delivered`: publishing proves the bus took the event, not that a
 * client of the contact was connected to receive it. The delivery id doubles as the
 * provider message id, since there is no provider to assign one.
 *
 * @example
 * const inApp = createWebsocketAdapter((event) => bus.publish(event));
 */
export function createWebsocketAdapter(publish: InAppPublisher): ChannelAdapter {
  return {
    channel: 'websocket',
    provider: 'websocket',
    describe: () => 'to clients connected to the stream',
    async send(message, ctx) {
      throwIfAborted(ctx.signal, 'websocket');
      await publish({
        type: 'message',
        orgId: message.orgId,
        at: new Date().toISOString(),
        data: {
          deliveryId: message.deliveryId,
          broadcastId: message.broadcastId,
          contactId: message.contactId,
          language: message.language,
          title: message.title,
          body: message.body,
        },
      });
      return { status: 'sent', providerMessageId: message.deliveryId };
    },
  };
}
