import type { EventOf, StreamEventType } from '@safenet/sdk';
import { type Io, note } from '../io.js';

type AnyEvent = EventOf<StreamEventType>;

/** How long one forward may take before it counts as failed. */
const FORWARD_TIMEOUT_MS = 10_000;

/**
 * POSTs each event's JSON to a local URL, one at a time and in the stream's order, for an
 * integrator developing a receiver. A failure (refused, timed out, not 2xx) is reported on
 * stderr and the next event goes on: the stream is never held up by the receiver.
 */
export class Forwarder {
  readonly #io: Io;
  readonly #url: string;
  #queue: Promise<void> = Promise.resolve();

  constructor(io: Io, url: string) {
    this.#io = io;
    this.#url = url;
  }

  forward(event: AnyEvent): void {
    this.#queue = this.#queue.then(() => this.#post(event));
  }

  /** Resolves once every event handed over so far was forwarded or failed. */
  drained(): Promise<void> {
    return this.#queue;
  }

  async #post(event: AnyEvent): Promise<void> {
    try {
      const response = await fetch(this.#url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'safenet-event-id': event.id,
          'safenet-event-type': event.type,
        },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(FORWARD_TIMEOUT_MS),
      });
      await response.body?.cancel();
      if (!response.ok) this.#failed(event, `HTTP ${response.status}`);
    } catch (error) {
      this.#failed(event, describe(error));
    }
  }

  #failed(event: AnyEvent, reason: string): void {
    note(this.#io, `forward: event ${event.id} (${event.type}) to ${this.#url} failed: ${reason}`);
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
