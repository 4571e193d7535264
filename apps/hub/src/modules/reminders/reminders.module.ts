import type { HubModule } from '../../platform/module.js';
import { repeat } from '../../platform/timers.js';
import type { HubPlatform } from '../database.js';
import type { RemindersDeps } from './reminders.deps.js';
import { FOLLOW_UP_SWEEP_MS, sweepFollowUps } from './reminders.jobs.js';
import { reminderRoutes } from './reminders.routes.js';

/**
 * The reminders module as the hub runs it: the reminder rules' routes, and in worker processes
 * the sweep that reminds responsible organisations and escalates what is overdue.
 */
export function createRemindersModule(
  platform: HubPlatform,
  options: { graceMs: number },
): HubModule {
  const deps: RemindersDeps = {
    db: platform.db,
    bus: platform.bus,
    boss: platform.boss,
    now: platform.now,
    orgPathOf: platform.orgPathOf,
    graceMs: options.graceMs,
  };
  let stopSweep: (() => void) | undefined;
  return {
    name: 'reminders',
    routes: async (app) => app.register(reminderRoutes, { deps }),
    async start(roles) {
      if (!roles.has('worker')) return;
      stopSweep = repeat(
        FOLLOW_UP_SWEEP_MS,
        () => sweepFollowUps(deps),
        (error) => platform.onError(error, 'plan follow-up sweep'),
      );
    },
    stop() {
      stopSweep?.();
    },
  };
}
