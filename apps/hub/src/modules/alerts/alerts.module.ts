import type { HubModule } from '../../platform/module.js';
import { repeat } from '../../platform/timers.js';
import type { HubPlatform } from '../database.js';
import { alertsErasure } from './alerts.privacy.js';
import { alertRoutes } from './alerts.routes.js';
import type { AlertsDeps } from './alerts.service.js';
import { type EscalationDeps, sweepEscalations } from './escalation.jobs.js';
import { escalationRoutes } from './escalation.routes.js';

/**
 * The alerts module as the hub runs it: its routes, and in worker processes the sweep that
 * escalates open alerts; other modules raise through its door.
 */
export function createAlertsModule(
  platform: HubPlatform,
  options: Pick<EscalationDeps, 'publicUrl' | 'notify'> & { sweepMs: number },
): HubModule {
  const deps: AlertsDeps = {
    db: platform.db,
    bus: platform.bus,
    now: platform.now,
    orgPathOf: platform.orgPathOf,
  };
  const escalation: EscalationDeps = {
    ...deps,
    publicUrl: options.publicUrl,
    notify: options.notify,
  };
  let stopSweep: (() => void) | undefined;
  return {
    name: 'alerts',
    erasure: [alertsErasure],
    routes: async (app) => {
      await app.register(alertRoutes, { deps });
      await app.register(escalationRoutes, { deps });
    },
    async start(roles) {
      if (!roles.has('worker')) return;
      stopSweep = repeat(
        options.sweepMs,
        () => sweepEscalations(escalation),
        (error) => platform.onError(error, 'alert escalation sweep'),
      );
    },
    stop() {
      stopSweep?.();
    },
  };
}
