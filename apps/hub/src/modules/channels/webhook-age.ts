import type { WebhookEvents } from '@safenet/channels';

/**
 * How much older than `maxAgeMs` a signed webhook is, in milliseconds, judged by the newest
 * event time the provider signed; 0 when it is recent enough or the provider signs no time
 * (Twilio: there dedupe by message id alone makes a replay harmless).
 *
 * The newest event, not the oldest: a provider's retry batches old events with new ones, and
 * one recent event shows the request itself is recent.
 */
export function staleByMs(
  events: Pick<WebhookEvents, 'newestEventAt'>,
  maxAgeMs: number,
  now: Date,
): number {
  if (!events.newestEventAt) return 0;
  return Math.max(0, now.getTime() - events.newestEventAt.getTime() - maxAgeMs);
}
