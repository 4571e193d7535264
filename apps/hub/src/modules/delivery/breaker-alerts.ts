import { share } from '../../platform/database/schema.js';
import type { EventBus } from '../../platform/events/event-bus.js';
import { rootOrgId } from '../../platform/tenancy/org-paths.js';
import { raiseAlert, resolveAlertsOf } from '../alerts/index.js';
import type { ChannelRegistry } from '../channels/index.js';
import type { Transition } from './circuit-breaker.js';
import type { Db } from './delivery.tables.js';

/** The alert codes of a channel's circuit breaker (see docs/reference/api.md). */
export const BREAKER_ALERT_CODES = {
  /** Warning: most recent calls failed for the provider; the channel's messages wait. */
  opened: 'channel_circuit_open',
  /** Info: a probe went through; the channel sends again. */
  closed: 'channel_circuit_closed',
} as const;

/** What {@link breakerAlerts} needs. */
export interface BreakerAlertDeps {
  db: Db;
  bus: EventBus;
  channels: ChannelRegistry;
  orgPathOf(orgId: string): Promise<readonly string[]>;
  onError(error: unknown, context: string): void;
}

/**
 * Turns a breaker's transitions into stored alerts for the organisation its adapter serves
 * (or the root organisation), each published on the stream: a warning when it opens —
 * operators should know that a provider is down and messages wait — and an info when it
 * closes, which resolves the opening's alert (its cause is gone). Raised at the transition's
 * instant: the breaker's clock.
 */
export function breakerAlerts(deps: BreakerAlertDeps): (key: string, t: Transition) => void {
  return (key, transition) => {
    const [channel, provider] = key.split(':');
    const routed = deps.channels.routed.find(
      (r) => r.adapter.channel === channel && r.adapter.provider === provider,
    );
    const raise = async () => {
      const orgId = routed?.orgId ?? (await rootOrgId(deps.db));
      const alerts = { ...deps, now: () => transition.at };
      await deps.db.transaction().execute(async (trx) => {
        if (transition.to === 'open') {
          await raiseAlert(alerts, share(trx), {
            orgId,
            code: BREAKER_ALERT_CODES.opened,
            subjectId: key,
            message: `${provider} on ${channel} is failing (${transition.failures} of the last ${transition.calls} calls): its messages wait, without spending attempts, while a few probes check whether it is back`,
          });
          return;
        }
        await resolveAlertsOf(alerts, share(trx), BREAKER_ALERT_CODES.opened, key);
        await raiseAlert(alerts, share(trx), {
          orgId,
          code: BREAKER_ALERT_CODES.closed,
          subjectId: key,
          message: `${provider} on ${channel} answers again after ${Math.round((transition.at - transition.openedMs) / 1000)} s: the messages that waited are being sent`,
        });
      });
    };
    raise().catch((error: unknown) => deps.onError(error, `breaker alert ${key}`));
  };
}
