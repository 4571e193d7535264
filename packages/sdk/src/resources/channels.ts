import type { Channel, ChannelInfo, ChannelSession } from '@safenet/core';
import type { PostOptions, RequestOptions } from '../http/options.js';
import type { Transport } from '../http/transport.js';

/**
 * The hub's channel adapters, and the pairing of those a person pairs with a phone (a
 * WhatsApp Web phone). The session's QR code links whoever scans it to the hub: it needs an
 * `admin` key of the organisation the adapter serves (or above it).
 *
 * @example
 * const session = await client.channels.session('whatsapp');
 * if (session.state === 'qr') showImage(session.qrDataUrl); // scan it in WhatsApp › Linked devices
 * client.stream.subscribe({ onEvent: (e) => e.type === 'channel.session' && render(e.data) });
 */
export class Channels {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /** Every adapter: which provider sends each channel, for whom, how fast, paused or not. */
  list(options?: RequestOptions): Promise<{ items: ChannelInfo[] }> {
    return this.#http.request({ method: 'GET', path: '/v1/channels' }, options);
  }

  /**
   * The pairing session of the adapter on `channel` that a person pairs with a phone (a
   * WhatsApp Web phone): `qr` (scan `qrDataUrl`), `ready`, `disconnected`, `failed`.
   */
  session(channel: Channel, options?: RequestOptions): Promise<ChannelSession> {
    return this.#http.request(
      { method: 'GET', path: `/v1/channels/${encodeURIComponent(channel)}/session` },
      options,
    );
  }

  /** Starts or reconnects the pairing session; the answer is the session at that moment. */
  startSession(channel: Channel, options?: PostOptions): Promise<ChannelSession> {
    return this.#http.request(
      { method: 'POST', path: `/v1/channels/${encodeURIComponent(channel)}/session/start` },
      options,
    );
  }
}
