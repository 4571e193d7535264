import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { eventually } from '../../testing/eventually.js';
import { createKey, expectProblem, type TestKey } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { authenticate, revokeApiKey } from './organisations.service.js';
import { own } from './organisations.tables.js';

const backends = await testBackends();

describe.each(backends)('revoking API keys on $name', ({ database, run }) => {
  let th: TestHub | undefined;
  afterEach(async () => {
    await th?.close();
    th = undefined;
  });

  const start = async () => {
    th = await startTestHub({ workers: false, database });
    const auth = await authenticate(own(th.hub.db), th.adminKey);
    if (auth.actor.kind !== 'key') throw new Error('a key authenticates as a key');
    return { th, admin: { apiKeyId: auth.actor.apiKeyId } };
  };
  const revoke = (t: TestHub, id: string, headers = t.auth) =>
    t.hub.app.inject({ method: 'DELETE', url: `/v1/api-keys/${id}`, headers });
  const works = async (t: TestHub, headers: { authorization: string }) =>
    (await t.hub.app.inject({ method: 'GET', url: '/v1/api-keys', headers })).statusCode;
  /** The root's admin keys that still work. */
  const activeRootAdmins = async (t: TestHub) =>
    (
      await t.hub.db
        .selectFrom('api_keys')
        .select('id')
        .where('org_id', '=', t.seed.ministryId)
        .where('revoked_at', 'is', null)
        .execute()
    ).length;

  it.runIf(run)('refuses a key revoking itself, and the key keeps working', async () => {
    const { th, admin } = await start();
    expectProblem(await revoke(th, admin.apiKeyId), 409, 'api_key_self_revoke', /another admin/);
    expect(await works(th, th.auth)).toBe(200);
    // Restarting with the same SAFENET_ADMIN_KEY is therefore never needed to get back in.
    const school = await createKey(th.hub.app, th.auth, th.seed.schoolIds[0], ['admin']);
    expectProblem(await revoke(th, school.id, school.headers), 409, 'api_key_self_revoke');
  });

  it.runIf(run)('lets one root admin revoke another while another remains', async () => {
    const { th, admin } = await start();
    const second = await createKey(th.hub.app, th.auth, th.seed.ministryId, ['admin']);
    expect((await revoke(th, admin.apiKeyId, second.headers)).statusCode).toBe(204);
    expect(await works(th, th.auth)).toBe(401);
    expect(await works(th, second.headers)).toBe(200);
  });

  it.runIf(run)(
    "refuses the root's last admin key to a caller revoked since it authenticated",
    async () => {
      const { th, admin } = await start();
      const second = await createKey(th.hub.app, th.auth, th.seed.ministryId, ['admin']);
      // `second` authenticates, then the admin revokes it before its own revocation runs.
      const secondAuth = await authenticate(own(th.hub.db), second.secret);
      expect((await revoke(th, second.id)).statusCode).toBe(204);
      await expect(revokeApiKey(own(th.hub.db), secondAuth, admin.apiKeyId)).rejects.toMatchObject({
        code: 'api_key_last_admin',
      });
      expect(await works(th, th.auth)).toBe(200);
      expect(await activeRootAdmins(th)).toBe(1);
    },
  );

  it.runIf(run)(
    'lets exactly one of two root admins revoking each other at once succeed',
    async () => {
      const { th, admin } = await start();
      const second: TestKey = await createKey(th.hub.app, th.auth, th.seed.ministryId, ['admin']);
      // A third connection holds both keys' rows, so both revocations are in flight and
      // waiting (on it, or on each other) before it lets go: the interleaving is forced, not
      // left to luck.
      const blocker = new pg.Client({ connectionString: th.hub.store.url });
      // pg_stat_activity is a snapshot per transaction: watch from outside the blocker's.
      const watcher = new pg.Client({ connectionString: th.hub.store.url });
      await Promise.all([blocker.connect(), watcher.connect()]);
      try {
        await blocker.query('BEGIN');
        await blocker.query(
          `SELECT id FROM "${th.env.SAFENET_DB_SCHEMA}".api_keys WHERE id = ANY($1) FOR UPDATE`,
          [[admin.apiKeyId, second.id]],
        );
        const blockerPid = (await blocker.query('SELECT pg_backend_pid() AS pid')).rows[0].pid;
        const both = Promise.all([
          revoke(th, second.id),
          revoke(th, admin.apiKeyId, second.headers),
        ]);
        await eventually(
          async () =>
            Number(
              (
                await watcher.query(
                  // The first waits on the blocker, the second may queue behind the first.
                  `SELECT count(*) AS n FROM pg_stat_activity
                  WHERE pid <> $1 AND cardinality(pg_blocking_pids(pid)) > 0
                    AND query ILIKE '%api_keys%'`,
                  [blockerPid],
                )
              ).rows[0].n,
            ),
          (n) => n === 2,
          'both revocations waiting on the held rows',
        );
        await blocker.query('COMMIT');
        const answers = await both;
        const statuses = answers.map((res) => res.statusCode).sort();
        expect(statuses).toEqual([204, 409]);
        const refused = answers.find((res) => res.statusCode === 409);
        if (refused) expectProblem(refused, 409, 'api_key_last_admin');
        expect(await activeRootAdmins(th)).toBe(1);
      } finally {
        await Promise.all([blocker.end(), watcher.end()]);
      }
    },
  );
});
