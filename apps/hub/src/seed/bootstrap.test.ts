import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { createKey } from '../testing/http-helpers.js';
import { startTestHub } from '../testing/test-hub.js';
import { bootstrap } from './bootstrap.js';

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
