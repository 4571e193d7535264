import type { StreamEventType } from '@safenet/core';
import { type EventsOptions, iterateEvents } from './event-iterator.js';
import {
  type EventOf,
  type StreamConfig,
  type SubscribeOptions,
  type Subscription,
  subscribe,
} from './subscription.js';

/**
 * Live events of the key's organisation subtree over the `/v1/stream` websocket, every
 * `StreamEventType` of @safenet/core: `broadcast.progress`, `delivery.updated`, `message`
 * (in-app messages), `alert`, `channel.session` (a WhatsApp Web phone's session) and
 * `campaign.updated` (a campaign's status moved, by a person or by its calendar) and
 * `plan.assignment.updated` (a responsible organisation's status on a plan item changed).
 * (in-app messages), `alert`, `channel.session` (a WhatsApp Web phone's session),
 * `campaign.updated` (a campaign's status moved, by a person or by its calendar) and
 * `calendar.occurrence` (an announcement of a campaign's calendar fired or was missed) and
 * `report.submitted` (an organisation's results report was written) and `report.returned` (a
 * level above sent it back with what to fix) and `alert.escalated` (an open alert's escalation
 * took a step) and `contact_import.progress` (a contact import moved on).
 * Dropped connections are reopened with backoff (0.5 s doubling to 30 s, with jitter).
 */
export class Stream {
  readonly #config: StreamConfig;

  constructor(config: StreamConfig) {
    this.#config = config;
  }

  /**
   * Calls `onEvent` for every event until `close()`.
   *
   * @example
   * const subscription = client.stream.subscribe({
   *   types: ['broadcast.progress', 'alert'],
   *   onEvent: (event) => {
   *     if (event.type === 'broadcast.progress') console.log(event.data.counts);
   *     else console.warn(event.data.severity, event.data.message);
   *   },
   *   onError: (error) => console.error(error.code, error.retryable ? 'reconnecting' : 'stopped'),
   * });
   * // later
   * subscription.close();
   */
  subscribe<T extends StreamEventType = StreamEventType>(
    options: SubscribeOptions<T>,
  ): Subscription {
    return subscribe(this.#config, options);
  }

  /**
   * The same events as an async iterator; leaving the loop closes the connection.
   *
   * @example
   * for await (const event of client.stream.events({ types: ['alert'], signal })) {
   *   notifyOnDuty(event);
   * }
   */
  events<T extends StreamEventType = StreamEventType>(
    options: EventsOptions<T> = {},
  ): AsyncGenerator<EventOf<T>, void, undefined> {
    return iterateEvents<T>((subscribeOptions) => this.subscribe(subscribeOptions), options);
  }
}
