import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HubConfig } from '../config.js';
import type { Db } from '../modules/database.js';
import {
  generateSecret,
  hashSecret,
  insertApiKey,
  insertOrganisation,
} from '../modules/organisations/index.js';
import { firstAdminLink, PasswordHasher } from '../modules/people/index.js';
import { share } from '../platform/database/schema.js';
import { rootOrgId } from '../platform/tenancy/org-paths.js';
import { type DemoSeed, seedDemo } from './demo.seed.js';

/** What a first start created, for main.ts to print. */
export interface Bootstrap {
  /** The admin key when this start created or knows it; undefined when it was made earlier. */
  adminKey: string | undefined;
  demo: DemoSeed | undefined;
  /**
   * While the root organisation has no active admin: the link that sets up its first admin,
   * new at each start (the previous one stops working). Undefined once there is one.
   */
  firstAdminLink: string | undefined;
}

/**
 * Makes a fresh database usable: the demo tenant (default) or a bare root organisation,
 * and an admin key for it — SAFENET_ADMIN_KEY when given, else a new one. The embedded
 * demo keeps its key beside the data so a restart can print it again. At every start, while
 * the root has no active admin, a new link to set up the first admin.
 */
export async function bootstrap(
  db: Db,
  config: HubConfig,
  now: () => number = Date.now,
): Promise<Bootstrap> {
  const seeded = await seed(db, config);
  return { ...seeded, firstAdminLink: await firstAdminLink(share(db), config, now) };
}

async function seed(db: Db, config: HubConfig): Promise<Omit<Bootstrap, 'firstAdminLink'>> {
  const keyFile =
    config.database.kind === 'embedded' ? join(config.database.dataDir, 'admin-key') : undefined;
  const existing = await db.selectFrom('organisations').select('id').limit(1).executeTakeFirst();
  if (!existing) {
    const adminKey = config.adminKey ?? generateSecret();
    let demo: DemoSeed | undefined;
    if (config.demo) {
      const hasher = new PasswordHasher(config.people.scrypt);
      demo = await seedDemo(db, adminKey, {
        password: randomBytes(12).toString('base64url'),
        hash: (password) => hasher.hash(password),
      });
    } else {
      await db.transaction().execute(async (trx) => {
        const root = await insertOrganisation(share(trx), null, {
          kind: 'ministry',
          name: 'Root organisation',
          timeZone: 'UTC',
          defaultLanguage: 'en',
        });
        await insertApiKey(share(trx), {
          orgId: root.id,
          name: 'Administrator',
          scopes: ['read', 'write', 'send', 'admin'],
          secret: adminKey,
        });
      });
    }
    if (keyFile) await writeFile(keyFile, `${adminKey}\n`, { mode: 0o600 });
    return { adminKey, demo };
  }
  if (config.adminKey) {
    await ensureKey(db, config.adminKey);
    return { adminKey: config.adminKey, demo: undefined };
  }
  const saved = keyFile ? (await readFile(keyFile, 'utf8').catch(() => '')).trim() : '';
  return { adminKey: saved || undefined, demo: undefined };
}

/**
 * Adds SAFENET_ADMIN_KEY to the root organisation if it is not stored yet. A configured key
 * that was revoked (through `DELETE /v1/api-keys/:id`) stops the start instead of being
 * restored: a revocation is usually deliberate — the key leaked, or its holder left — and
 * bringing it back at every restart would undo it silently. A new SAFENET_ADMIN_KEY is added
 * as the root's admin key, so the way out is always one variable away.
 */
async function ensureKey(db: Db, secret: string): Promise<void> {
  const known = await db
    .selectFrom('api_keys')
    .select(['id', 'revoked_at'])
    .where('secret_hash', '=', hashSecret(secret))
    .executeTakeFirst();
  if (known?.revoked_at) {
    throw new Error(
      `SAFENET_ADMIN_KEY is the API key ${known.id}, revoked at ${known.revoked_at.toISOString()}; ` +
        'a revoked key is not restored. Set SAFENET_ADMIN_KEY to a new key (sn_ followed by ' +
        '20–100 URL-safe characters, e.g. `echo sn_$(openssl rand -hex 32)`): it is added as ' +
        "the root organisation's admin key at start. Or unset it to start with the keys already stored.",
    );
  }
  if (known) return;
  await insertApiKey(share(db), {
    orgId: await rootOrgId(db),
    name: 'Administrator (SAFENET_ADMIN_KEY)',
    scopes: ['read', 'write', 'send', 'admin'],
    secret,
  });
}
