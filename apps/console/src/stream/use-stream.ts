import type { EventOf, StreamEventType } from '@safenet/sdk';
import { useEffect, useRef, useSyncExternalStore } from 'react';
import { type StreamState, streamHub } from './stream-hub.js';

/** Calls `onEvent` for each live event of `types` while the component is mounted. */
export function useStreamEvents<T extends StreamEventType>(
  types: T[],
  onEvent: (event: EventOf<T>) => void,
): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = types.join(',');
  // `key` stands for `types`: a new array each render with the same types keeps the listener.
  useEffect(
    () => streamHub.listen(key.split(',') as T[], (event) => handler.current(event)),
    [key],
  );
}

/** The stream's connection state, re-rendering when it changes. */
export function useStreamState(): StreamState {
  return useSyncExternalStore(
    (notify) => streamHub.onState(notify),
    () => streamHub.state,
  );
}
