import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { hubDb } from '../modules/database.js';
import { hashSecret } from '../modules/organisations/index.js';
import { openStore } from '../platform/database/open-store.js';
import { createKey } from '../testing/http-helpers.js';
import { shouldTestPostgres, TEST_POSTGRES_URL } from '../testing/test-env.js';
import { dropSchemas, startTestHub } from '../testing/test-hub.js';
import { bootstrap } from './bootstrap.js';

const withPostgres = await shouldTestPostgres();

describe('bootstrap without the demo', () => {
  it.runIf(withPostgres)('creates a bare root organisation and its admin key', async () => {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const adminKey = `sn_test_${randomBytes(16).toString('hex')}`;
    const config = loadConfig({
      DATABASE_URL: TEST_POSTGRES_URL,
      SAFENET_DB_SCHEMA: schema,
      SAFENET_DEMO: 'false',
      SAFENET_ADMIN_KEY: adminKey,
      LOG_LEVEL: 'silent',
    });
    const store = await openStore(config.database);
    try {
      const db = hubDb(store);
      expect(await bootstrap(db, config)).toEqual({
        adminKey,
        demo: undefined,
        firstAdminLink: expect.stringMatching(/\/accept-invitation\?token=/),
      });
      const orgs = await db.selectFrom('organisations').selectAll().execute();
      expect(orgs).toEqual([
        {
          id: expect.any(String),
          parent_id: null,
          kind: 'ministry',
          name: 'Root organisation',
          path: [orgs[0]?.id],
          time_zone: 'UTC',
          default_language: 'en',
          // Inherits the hub's default quiet hours.
          quiet_hours: null,
          // No code until one is set (migration 019).
          code: null,
          created_at: expect.any(Date),
        },
      ]);
      const keys = await db
        .selectFrom('api_keys')
        .select(['org_id', 'name', 'scopes', 'secret_hash', 'revoked_at'])
        .execute();
      expect(keys).toEqual([
        {
          org_id: orgs[0]?.id,
          name: 'Administrator',
          scopes: ['read', 'write', 'send', 'admin'],
          secret_hash: hashSecret(adminKey),
          revoked_at: null,
        },
      ]);
    } finally {
      await store.close();
      await dropSchemas(TEST_POSTGRES_URL, schema);
    }
  });
});

describe('SAFENET_ADMIN_KEY at start', () => {
  it('refuses to start with a configured key that was revoked, saying how to proceed', async () => {
    await using th = await startTestHub({ workers: false });
    const app = th.hub.app;
    const other = await createKey(app, th.auth, th.seed.ministryId, ['admin']);
    const admin = (await app.inject({ method: 'GET', url: '/v1/api-keys', headers: th.auth }))
      .json<{ items: { id: string; prefix: string }[] }>()
      .items.find((key) => th.adminKey.startsWith(key.prefix));
    const revoked = await app.inject({
      method: 'DELETE',
      url: `/v1/api-keys/${admin?.id}`,
      headers: other.headers,
    });
    expect(revoked.statusCode).toBe(204);

    const restart = bootstrap(th.hub.db, loadConfig(th.env));
    await expect(restart).rejects.toThrow(
      new RegExp(
        `API key ${admin?.id}, revoked at .*not restored.*Set SAFENET_ADMIN_KEY to a new key`,
      ),
    );
    // Not restored behind the operator's back.
    const get = () => app.inject({ method: 'GET', url: '/v1/api-keys', headers: th.auth });
    expect((await get()).statusCode).toBe(401);

    // The way out the message names: a new key is added as the root's admin key.
    const fresh = `sn_${randomBytes(24).toString('base64url')}`;
    await bootstrap(th.hub.db, loadConfig({ ...th.env, SAFENET_ADMIN_KEY: fresh }));
    const withFresh = await app.inject({
      method: 'GET',
      url: '/v1/api-keys',
      headers: { authorization: `Bearer ${fresh}` },
    });
    expect(withFresh.statusCode).toBe(200);
  });
});
