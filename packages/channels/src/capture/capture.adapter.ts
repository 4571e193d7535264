import type { Channel } from '@safenet/core';
import { throwIfAborted } from '../abort.js';
import type { ChannelAdapter, OutgoingMessage } from '../channel.js';

/** Stores a message instead of sending it; the hub passes a function writing to its outbox. */
export type CaptureSink = (message: OutgoingMessage) => Promise<void>;

/**
 * The adapter for a channel with no provider configured (as in the demo): every message is
 * handed to `sink` and the send ends `captured`. It never reports a message delivered,
 * because nothing left the hub. Errors from `sink` propagate unchanged; the hub turns them
 * into a `SafenetError` at its boundary.
 *
 * `seeAt` says where captured messages can be read, for the hub's start banner.
 *
 * @example
 * const email = createCaptureAdapter('email', (message) => outbox.insert(message));
 */
export function createCaptureAdapter(
  channel: Channel,
  sink: CaptureSink,
  seeAt?: string,
): ChannelAdapter {
  return {
    channel,
    provider: 'capture',
    describe: () => `no provider configured: messages are captured${seeAt ? `, see ${seeAt}` : ''}`,
    async send(message, ctx) {
      throwIfAborted(ctx.signal, 'capture');
      await sink(message);
      return { status: 'captured', providerMessageId: null };
    },
  };
}
