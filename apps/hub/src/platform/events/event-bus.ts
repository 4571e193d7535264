import { EventEmitter } from 'node:events';
import type { StreamEvent } from '@safenet/core';

/** An event with the path of its organisation, so subscribers can filter by subtree. */
export interface RoutedEvent {
  orgPath: readonly string[];
  event: StreamEvent;
}

export type Unsubscribe = () => void;

/**
 * Carries stream events from dispatch to websocket subscribers. In-process: with several
 * hub processes on one PostgreSQL, each process streams the events it produces itself.
 */
export class EventBus {
  readonly #emitter = new EventEmitter().setMaxListeners(0);

  publish(routed: RoutedEvent): void {
    this.#emitter.emit('event', routed);
  }

  /** Calls `listener` for each event in the subtree of `orgId`. */
  subscribe(orgId: string, listener: (event: StreamEvent) => void): Unsubscribe {
    const handler = (routed: RoutedEvent) => {
      if (routed.orgPath.includes(orgId)) listener(routed.event);
    };
    this.#emitter.on('event', handler);
    return () => this.#emitter.off('event', handler);
  }
}
