import type { HubConfig } from '../../config.js';
import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { contactErasure, importErasure, importRetention } from './contacts.privacy.js';
import { contactRoutes } from './contacts.routes.js';
import { own } from './contacts.tables.js';
import { IMPORT_QUEUES, startImportJobs } from './imports.jobs.js';
import { importRoutes } from './imports.routes.js';

/** The contacts module as the hub runs it: its routes, and the imports' job. */
export function createContactsModule(
  platform: HubPlatform,
  config: Pick<HubConfig, 'imports'>,
): HubModule {
  const db = own(platform.db);
  const now = () => platform.now();
  const deps = {
    db,
    boss: platform.boss,
    bus: platform.bus,
    now,
    maxBytes: config.imports.maxBytes,
  };
  return {
    name: 'contacts',
    erasure: [contactErasure, importErasure],
    retention: [importRetention],
    routes: async (app) => {
      await app.register(contactRoutes, { db, now });
      await app.register(importRoutes, { deps });
    },
    queues: IMPORT_QUEUES,
    async start(roles) {
      if (roles.has('worker')) {
        await startImportJobs({ ...deps, onError: (e, c) => platform.onError(e, c) });
      }
    },
  };
}
