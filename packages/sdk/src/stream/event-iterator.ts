import type { StreamEventType } from '@safenet/core';
import type { EventOf, SubscribeOptions, Subscription } from './subscription.js';

/** What `client.stream.events` takes. */
export interface EventsOptions<T extends StreamEventType = StreamEventType> {
  /** Only these event types (the events are typed accordingly); all of them when omitted. */
  types?: T[];
  /** Ends the iteration: the loop throws the signal's reason. */
  signal?: AbortSignal;
}

/**
 * The stream as an async iterator over a subscription. Events that arrive faster than the
 * loop handles them wait in memory. Transient drops are reconnected silently; an auth
 * failure or the signal ends the loop by throwing. Leaving the loop closes the socket.
 */
export async function* iterateEvents<T extends StreamEventType>(
  subscribe: (options: SubscribeOptions<T>) => Subscription,
  { types, signal }: EventsOptions<T>,
): AsyncGenerator<EventOf<T>, void, undefined> {
  signal?.throwIfAborted();
  const queue: EventOf<T>[] = [];
  let failure: { reason: unknown } | undefined;
  let wake: (() => void) | undefined;
  const notify = () => {
    wake?.();
    wake = undefined;
  };
  const onAbort = () => {
    failure = { reason: signal?.reason };
    notify();
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  const subscription = subscribe({
    ...(types ? { types } : {}),
    onEvent: (event) => {
      queue.push(event);
      notify();
    },
    onError: (error) => {
      if (error.retryable) return;
      failure = { reason: error };
      notify();
    },
  });
  try {
    for (;;) {
      if (failure) throw failure.reason;
      const event = queue.shift();
      if (event) yield event;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    subscription.close();
    signal?.removeEventListener('abort', onAbort);
  }
}
