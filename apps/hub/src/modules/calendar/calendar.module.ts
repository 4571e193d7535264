import type { HubModule } from '../../platform/module.js';
import { repeat } from '../../platform/timers.js';
import type { HubPlatform } from '../database.js';
import type { CalendarDeps } from './calendar.deps.js';
import { ANNOUNCEMENT_SWEEP_MS, sweepAnnouncements } from './calendar.jobs.js';
import { announcementsErasure } from './calendar.privacy.js';
import { calendarRoutes } from './calendar.routes.js';

/**
 * The campaign calendar as the hub runs it: its routes, and in worker processes the sweep
 * that fires announcements when they are due, each occurrence once. `planOf` reads a
 * campaign's plan (the plans module's `planDeadlines`).
 */
export function createCalendarModule(
  platform: HubPlatform,
  options: Pick<CalendarDeps, 'graceMs' | 'planOf'>,
): HubModule {
  const deps: CalendarDeps = {
    db: platform.db,
    boss: platform.boss,
    bus: platform.bus,
    now: platform.now,
    orgPathOf: platform.orgPathOf,
    graceMs: options.graceMs,
    planOf: options.planOf,
  };
  let stopSweep: (() => void) | undefined;
  return {
    name: 'calendar',
    erasure: [announcementsErasure],
    routes: async (app) => app.register(calendarRoutes, { deps }),
    async start(roles) {
      if (!roles.has('worker')) return;
      stopSweep = repeat(
        ANNOUNCEMENT_SWEEP_MS,
        () => sweepAnnouncements(deps),
        (error) => platform.onError(error, 'announcement sweep'),
      );
    },
    stop() {
      stopSweep?.();
    },
  };
}
