import type { HubConfig } from '../../config.js';
import type { HubModule } from '../../platform/module.js';
import type { HubPlatform } from '../database.js';
import { own } from './consent.tables.js';
import { consentHistoryRoutes } from './consent-history.routes.js';
import { smsOptOutRoutes } from './sms-opt-out.routes.js';
import { unsubscribeRoutes } from './unsubscribe.routes.js';
import { createUnsubscribeLinks, type UnsubscribeLinks } from './unsubscribe-links.js';

/** The consent module as the hub runs it, with the links every email carries. */
export interface ConsentModule extends HubModule {
  /** Makes and checks the unsubscribe links (the delivery module puts them in emails). */
  readonly unsubscribe: UnsubscribeLinks;
}

/** The consent module: who agreed to what on which channel, and the unsubscribe page. */
export async function createConsentModule(
  platform: HubPlatform,
  config: Pick<HubConfig, 'publicUrl' | 'unsubscribeSecret' | 'smsOptOutLink'>,
): Promise<ConsentModule> {
  const db = own(platform.db);
  const unsubscribe = await createUnsubscribeLinks(db, config);
  return {
    name: 'consent',
    routes: async (app) => {
      await app.register(unsubscribeRoutes, { db, links: unsubscribe });
      await app.register(consentHistoryRoutes, { db });
    },
    pages: async (app) => app.register(smsOptOutRoutes, { db, links: unsubscribe }),
    unsubscribe,
  };
}
