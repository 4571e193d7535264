import type { EventOf, StreamEventType, Subscription } from '@safenet/sdk';
import { client } from '../api/client.js';

type AnyEvent = EventOf<StreamEventType>;
type Listener = (event: AnyEvent) => void;

/** Whether the stream is connected; pages show "live" or "reconnecting" from it. */
export type StreamState = 'connecting' | 'live' | 'reconnecting' | 'stopped';

/**
 * One `/v1/stream` websocket for the whole signed-in console, shared by every page that
 * listens (progress, channels, alerts), instead of one socket per page. The SDK reconnects
 * by itself and resumes after the last event it saw.
 */
export class StreamHub {
  #subscription: Subscription | undefined;
  readonly #listeners = new Set<Listener>();
  readonly #stateListeners = new Set<(state: StreamState) => void>();
  #state: StreamState = 'stopped';

  get state(): StreamState {
    return this.#state;
  }

  start(): void {
    if (this.#subscription) return;
    this.#setState('connecting');
    this.#subscription = client.stream.subscribe({
      onEvent: (event) => {
        for (const listener of this.#listeners) listener(event);
      },
      onOpen: () => this.#setState('live'),
      onError: (error) => this.#setState(error.retryable ? 'reconnecting' : 'stopped'),
    });
  }

  stop(): void {
    this.#subscription?.close();
    this.#subscription = undefined;
    this.#setState('stopped');
  }

  /** Calls `listener` with every event of `types`; returns the function that stops it. */
  listen<T extends StreamEventType>(types: T[], listener: (event: EventOf<T>) => void) {
    const wanted = new Set<StreamEventType>(types);
    const wrapped: Listener = (event) => {
      if (wanted.has(event.type)) listener(event as EventOf<T>);
    };
    this.#listeners.add(wrapped);
    return () => {
      this.#listeners.delete(wrapped);
    };
  }

  onState(listener: (state: StreamState) => void) {
    this.#stateListeners.add(listener);
    return () => {
      this.#stateListeners.delete(listener);
    };
  }

  #setState(state: StreamState) {
    this.#state = state;
    for (const listener of this.#stateListeners) listener(state);
  }
}

export const streamHub = new StreamHub();
