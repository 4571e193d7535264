import type { HubConfig } from '../../config.js';
import type { DatabaseHandle } from '../../platform/database/schema.js';
import { lazySecret } from '../../platform/database/secrets.js';
import type { HubModule } from '../../platform/module.js';
import type { AuthenticateSession } from '../../platform/tenancy/auth.js';
import type { SendEmail } from '../channels/index.js';
import type { HubPlatform } from '../database.js';
import { firstAdminInvitation } from './invitations.service.js';
import { LockOut } from './lock-out.js';
import { PasswordHasher } from './passwords.js';
import type { PeopleDeps } from './people.deps.js';
import { peopleRoutes } from './people.routes.js';
import { own } from './people.tables.js';
import { sessionRoutes } from './session.routes.js';
import { Sessions } from './sessions.js';

/** The `hub_secrets` row of the key CSRF tokens are made with. */
const CSRF_SECRET = 'csrf-tokens';

/** The people module as the hub runs it, with how the platform authenticates sessions. */
export interface PeopleModule extends HubModule {
  /** Resolves a session cookie's token: the platform's auth asks this. */
  readonly authenticateSession: AuthenticateSession;
}

/**
 * While the root organisation has no active admin: a new first-admin invitation's link
 * (earlier ones are replaced), for the start banner. Undefined once there is one.
 */
export function firstAdminLink(
  handle: DatabaseHandle,
  config: Pick<HubConfig, 'people' | 'publicUrl'>,
  now: () => number = Date.now,
): Promise<string | undefined> {
  return firstAdminInvitation({
    db: own(handle),
    config: config.people,
    publicUrl: config.publicUrl,
    now,
  });
}

/** The people module: people who sign in, their sessions, invitations and password resets. */
export function createPeopleModule(
  platform: HubPlatform,
  config: Pick<HubConfig, 'people' | 'publicUrl'>,
  options: { sendEmail: SendEmail | undefined },
): PeopleModule {
  const db = own(platform.db);
  const deps: PeopleDeps = {
    db,
    config: config.people,
    publicUrl: config.publicUrl,
    hasher: new PasswordHasher(config.people.scrypt),
    // Read on first use: creating the module touches no database (the OpenAPI test has none).
    sessions: new Sessions(config.people, platform.now, lazySecret(db, CSRF_SECRET)),
    lockOut: new LockOut(config.people.lockOut, platform.now),
    now: platform.now,
    sendEmail: options.sendEmail,
    warn: platform.warn,
  };
  return {
    name: 'people',
    routes: async (app) => {
      await app.register(sessionRoutes, { deps });
      await app.register(peopleRoutes, { deps });
    },
    authenticateSession: async (token) => {
      const { auth, csrfToken } = await deps.sessions.authenticate(db, token);
      return { auth, csrfToken };
    },
  };
}
