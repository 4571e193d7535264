import type { ChannelAdapter, OutgoingMessage, SendResult } from '@safenet/channels';
import type { DispatchDeps } from './delivery.deps.js';
import { costOf, PACE_HORIZON_MS, pacingKey } from './gates.js';
import { isPaced, reserveSlots } from './pacing.js';
import { withTimeout } from './send-timeout.js';

/** A paced send's outcome: the provider's answer, or no slot yet — ask again after `afterMs`. */
export type PacedSend = { kind: 'sent'; result: SendResult } | { kind: 'later'; afterMs: number };

/** Sends one message outside a broadcast (a post to a Telegram chat), within its channel's pacing. */
export type PacedSender = (
  adapter: ChannelAdapter,
  message: OutgoingMessage,
  attempt: number,
) => Promise<PacedSend>;

/**
 * One message at a time through a channel's shared budget: a slot from the schedule every
 * hub process shares (as a broadcast's deliveries take theirs, so a post and a broadcast on
 * one bot never together go over the provider's limit), then this process's turn, then the
 * send within the hub's send timeout. A provider's refusal is thrown as the adapter threw it.
 */
export function pacedSender(
  deps: Pick<DispatchDeps, 'db' | 'spacing' | 'sendTimeoutMs'>,
): PacedSender {
  return async (adapter, message, attempt) => {
    let answered: (() => void) | undefined;
    if (isPaced(adapter.pacing)) {
      const cost = costOf(adapter, message);
      const [grant] = await reserveSlots(
        deps.db,
        pacingKey(adapter),
        adapter.pacing,
        [{ cost, recipient: message.to }],
        { horizonMs: PACE_HORIZON_MS },
      );
      if (grant === undefined || grant.kind === 'later') {
        return { kind: 'later', afterMs: grant?.afterMs ?? PACE_HORIZON_MS };
      }
      answered = await deps.spacing.turn(pacingKey(adapter), grant.waitMs, adapter.pacing, cost);
    }
    const result = await withTimeout(deps.sendTimeoutMs, (signal) =>
      adapter.send(message, { signal, attempt }),
    ).finally(answered);
    return { kind: 'sent', result };
  };
}
