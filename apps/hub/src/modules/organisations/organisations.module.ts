import type { QuietHours } from '@safenet/core';
import type { HubModule } from '../../platform/module.js';
import type { Authenticate } from '../../platform/tenancy/auth.js';
import type { HubPlatform } from '../database.js';
import { organisationRoutes } from './organisations.routes.js';
import { authenticate } from './organisations.service.js';
import { own } from './organisations.tables.js';

/** The organisations module as the hub runs it, with how the platform authenticates keys. */
export interface OrganisationsModule extends HubModule {
  /** Resolves an API key's secret to who is calling: the platform's auth asks this. */
  readonly authenticate: Authenticate;
}

/**
 * The organisations module: the organisation tree, its quiet hours (`quietHours`: the hub's
 * default) and its API keys.
 */
export function createOrganisationsModule(
  platform: HubPlatform,
  options: { quietHours: QuietHours | null },
): OrganisationsModule {
  const db = own(platform.db);
  return {
    name: 'organisations',
    routes: async (app) => app.register(organisationRoutes, { db, quietHours: options.quietHours }),
    authenticate: (secret) => authenticate(db, secret),
  };
}
