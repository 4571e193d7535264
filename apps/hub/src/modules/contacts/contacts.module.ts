import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { contactErasure } from './contacts.privacy.js';
import { contactRoutes } from './contacts.routes.js';
import { own } from './contacts.tables.js';

/** The contacts module as the hub runs it: its routes. */
export function createContactsModule(platform: HubPlatform): HubModule {
  const db = own(platform.db);
  return {
    name: 'contacts',
    erasure: [contactErasure],
    routes: async (app) => app.register(contactRoutes, { db, now: () => platform.now() }),
  };
}
