import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { contactRoutes } from './contacts.routes.js';

/** The contacts module as the hub runs it: its routes. */
export function createContactsModule(platform: HubPlatform): HubModule {
  const { db } = platform;
  return { name: 'contacts', routes: async (app) => app.register(contactRoutes, { db }) };
}
