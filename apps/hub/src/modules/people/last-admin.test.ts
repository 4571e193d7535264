import type { InvitationCreated, User } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../testing/http-helpers.js';
import { sessionFrom, signIn, type TestSession } from '../../testing/session-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

// An admin below the root may not lock their own organisation out: demoting, moving or
// disabling themself answers `user_last_admin` while no other active admin is left there.
// (The root's rule, for anyone's change, is in invitations.test.ts.)

const backends = await testBackends();

describe.each(backends)('the last admin of an organisation on $name', ({ database, run }) => {
  let th: TestHub;
  let dakLak: string;
  let admin: TestSession;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database, sendEmail: async () => undefined });
    dakLak = th.seed.provinceIds[1];
    admin = await signIn(th.hub.app, 'admin.daklak@example.org', th.seed.demoPassword);
    expect(admin.body.user).toMatchObject({ role: 'admin', orgId: dakLak });
  });
  afterAll(() => th?.close());

  const patch = (id: string, payload: object, headers: Record<string, string>) =>
    th.hub.app.inject({ method: 'PATCH', url: `/v1/users/${id}`, headers, payload });

  it.runIf(run)('may not demote, move or disable themself; another admin may', async () => {
    const me = admin.body.user.id;
    const district = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/organisations',
      headers: admin.headers,
      payload: { parentId: dakLak, kind: 'district', name: 'Buôn Ma Thuột' },
    });
    expect(district.statusCode, district.body).toBe(201);
    const districtId = district.json<{ id: string }>().id;

    for (const change of [{ role: 'sender' }, { disabled: true }, { orgId: districtId }]) {
      expectProblem(await patch(me, change, admin.headers), 409, 'user_last_admin');
    }
    const unchanged = await th.hub.app.inject({
      method: 'GET',
      url: `/v1/users/${me}`,
      headers: admin.cookie,
    });
    expect(unchanged.json<User>()).toMatchObject({ role: 'admin', disabled: false, orgId: dakLak });
    // A change that keeps them admin is no lock-out.
    const same = await patch(me, { role: 'admin' }, admin.headers);
    expect(same.statusCode, same.body).toBe(200);

    // With a second admin there, they may step down; the second is then the last.
    const invited = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/invitations',
      headers: admin.headers,
      payload: {
        email: 'second.admin.daklak@example.org',
        orgId: dakLak,
        role: 'admin',
        language: 'vi',
      },
    });
    expect(invited.statusCode, invited.body).toBe(201);
    const second = sessionFrom(
      await th.hub.app.inject({
        method: 'POST',
        url: '/v1/invitations/accept',
        payload: {
          token: new URL(invited.json<InvitationCreated>().link).searchParams.get('token'),
          name: 'Second Đắk Lắk admin',
          password: 'a second long passphrase',
        },
      }),
    );
    const stepped = await patch(me, { role: 'sender' }, admin.headers);
    expect(stepped.statusCode, stepped.body).toBe(200);
    expect(stepped.json<User>().role).toBe('sender');
    expectProblem(
      await patch(second.body.user.id, { disabled: true }, second.headers),
      409,
      'user_last_admin',
    );

    // An admin above (the root's key) may still disable the last admin of a province.
    const byRoot = await patch(second.body.user.id, { disabled: true }, th.auth);
    expect(byRoot.statusCode, byRoot.body).toBe(200);
    expect(byRoot.json<User>().disabled).toBe(true);
  });
});
