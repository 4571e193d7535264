import type { EventOf } from '@safenet/sdk';
import { useSyncExternalStore } from 'react';
import { streamHub } from './stream-hub.js';

/** An alert as the stream delivered it. */
export type AlertEntry = EventOf<'alert'>;

const KEEP = 200;
let alerts: readonly AlertEntry[] = [];
const listeners = new Set<() => void>();

/**
 * The alerts of this console session, newest first (the last {@link KEEP}). Collected from
 * the start of the session, whatever page is open, so the header can count them.
 */
streamHub.listen(['alert'], (event) => {
  if (alerts.some((a) => a.id === event.id)) return;
  alerts = [event, ...alerts].slice(0, KEEP);
  for (const listener of listeners) listener();
});

export function useAlerts(): readonly AlertEntry[] {
  return useSyncExternalStore(
    (notify) => {
      listeners.add(notify);
      return () => listeners.delete(notify);
    },
    () => alerts,
  );
}
