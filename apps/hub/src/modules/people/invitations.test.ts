import type { InvitationCreated, User } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { bootstrap } from '../../seed/bootstrap.js';
import { expectProblem, listAll } from '../../testing/http-helpers.js';
import { sessionFrom, signIn } from '../../testing/session-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import type { TransactionalEmail } from '../channels/index.js';

const backends = await testBackends();
const DAY = 24 * 3_600_000;

/** The token of a console link (`…/accept-invitation?token=…`). */
function tokenOf(link: string): string {
  return new URL(link).searchParams.get('token') as string;
}

describe.each(backends)('invitations and password resets on $name', ({ database, run }) => {
  let th: TestHub;
  let ahead = 0;
  /** Every email the hub sent, in order; `mailed` resolves on the next one. */
  const emails: TransactionalEmail[] = [];
  let onEmail: ((email: TransactionalEmail) => void) | undefined;
  const mailed = () =>
    new Promise<TransactionalEmail>((resolve) => {
      onEmail = resolve;
    });

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({
      workers: false,
      database,
      now: () => Date.now() + ahead,
      sendEmail: async (email) => {
        emails.push(email);
        onEmail?.(email);
      },
    });
  });
  afterAll(() => th?.close());

  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    th.hub.app.inject({ method: 'POST', url, payload, headers });
  const invite = async (payload: object, headers: Record<string, string> = th.auth) => {
    const res = await post('/v1/invitations', payload, headers);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<InvitationCreated>();
  };

  it.runIf(run)('invites by email in the invitee’s language; accepting signs them in', async () => {
    const [almaty] = th.seed.provinceIds;
    const created = await invite({
      email: ' New.Sender@Example.org ',
      orgId: almaty,
      role: 'sender',
      language: 'kk',
    });
    expect(created).toMatchObject({
      email: 'new.sender@example.org',
      orgId: almaty,
      role: 'sender',
      language: 'kk',
      emailed: true,
    });
    expect(created.link).toMatch(
      /^http:\/\/127\.0\.0\.1:3000\/accept-invitation\?token=[\w-]{43}$/,
    );
    const email = emails.at(-1);
    expect(email).toMatchObject({ to: 'new.sender@example.org', language: 'kk' });
    expect(email?.subject).toBe('Safenet-ке шақыру');
    expect(email?.body).toContain(created.link);
    expect(email?.body).toContain('Almaty Region Education Department');

    const pending = await listAll(th.hub.app, th.auth, '/v1/invitations');
    expect(pending.map((i) => i.id)).toContain(created.id);
    expect(JSON.stringify(pending)).not.toContain(tokenOf(created.link));

    const accept = { token: tokenOf(created.link), name: 'Айгүл', password: 'Алматы 2017 сәуір' };
    const session = sessionFrom(await post('/v1/invitations/accept', accept));
    expect(session.body.user).toMatchObject({
      email: 'new.sender@example.org',
      name: 'Айгүл',
      role: 'sender',
      orgId: almaty,
      language: 'kk',
    });
    expectProblem(await post('/v1/invitations/accept', accept), 410, 'invitation_used');
    await signIn(th.hub.app, 'new.sender@example.org', 'Алматы 2017 сәуір');
    expect((await listAll(th.hub.app, th.auth, '/v1/invitations')).map((i) => i.id)).not.toContain(
      created.id,
    );
    // Someone with an active account is not invited again.
    expectProblem(
      await post(
        '/v1/invitations',
        { email: 'new.sender@example.org', orgId: almaty, role: 'viewer', language: 'kk' },
        th.auth,
      ),
      409,
      'user_exists',
    );
  });

  it.runIf(run)('refuses an expired invitation and a revoked one', async () => {
    const old = await invite({
      email: 'late@example.org',
      orgId: th.seed.associationId,
      role: 'viewer',
      language: 'ru',
    });
    const body = { token: tokenOf(old.link), name: 'Late', password: 'long enough password' };
    ahead += 7 * DAY + 1000;
    expectProblem(
      await post('/v1/invitations/accept', body),
      410,
      'invitation_expired',
      /invite you again/,
    );
    expect((await listAll(th.hub.app, th.auth, '/v1/invitations')).map((i) => i.id)).not.toContain(
      old.id,
    );

    const revoked = await invite({
      email: 'revoked@example.org',
      orgId: th.seed.associationId,
      role: 'viewer',
      language: 'vi',
    });
    const del = await th.hub.app.inject({
      method: 'DELETE',
      url: `/v1/invitations/${revoked.id}`,
      headers: th.auth,
    });
    expect(del.statusCode).toBe(204);
    expectProblem(
      await post('/v1/invitations/accept', { ...body, token: tokenOf(revoked.link) }),
      404,
      'not_found',
    );
    // A second invitation to the same address replaces the first.
    const first = await invite({
      email: 'twice@example.org',
      orgId: th.seed.associationId,
      role: 'viewer',
      language: 'en',
    });
    const second = await invite({
      email: 'twice@example.org',
      orgId: th.seed.associationId,
      role: 'editor',
      language: 'en',
    });
    expectProblem(
      await post('/v1/invitations/accept', { ...body, token: tokenOf(first.link) }),
      404,
      'not_found',
    );
    expect(
      (await post('/v1/invitations/accept', { ...body, token: tokenOf(second.link) })).statusCode,
    ).toBe(200);
  });

  it.runIf(run)('lets admins invite within their subtree only', async () => {
    const dakLakAdmin = await signIn(th.hub.app, 'admin.daklak@example.org', th.seed.demoPassword);
    const [almaty, dakLak] = th.seed.provinceIds;
    expectProblem(
      await post(
        '/v1/invitations',
        { email: 'x@example.org', orgId: almaty, role: 'admin', language: 'vi' },
        dakLakAdmin.headers,
      ),
      404,
      'not_found',
    );
    const made = await invite(
      {
        email: 'teacher.nbk@example.org',
        orgId: th.seed.schoolIds[1],
        role: 'viewer',
        language: 'vi',
      },
      dakLakAdmin.headers,
    );
    expect(made.orgId).toBe(th.seed.schoolIds[1]);
    const sender = await signIn(th.hub.app, 'sender.almaty@example.org', th.seed.demoPassword);
    expectProblem(
      await post(
        '/v1/invitations',
        { email: 'y@example.org', orgId: almaty, role: 'viewer', language: 'kk' },
        sender.headers,
      ),
      403,
      'insufficient_scope',
    );
    expect(dakLak).toBeDefined();
  });

  it.runIf(run)('resets a password by email once, ending every session', async () => {
    const email = 'viewer.parents@example.org';
    const before = await signIn(th.hub.app, email, th.seed.demoPassword);
    const next = mailed();
    const asked = await post('/v1/password-resets', { email: 'VIEWER.parents@example.org' });
    expect(asked.statusCode).toBe(202);
    const sent = await next;
    expect(sent).toMatchObject({
      to: email,
      language: 'en',
      subject: 'Reset your Safenet password',
    });
    const link = /http\S+reset-password\?token=\S+/.exec(sent.body)?.[0] as string;
    const complete = { token: tokenOf(link), password: 'a completely new passphrase' };
    expect((await post('/v1/password-resets/complete', complete)).statusCode).toBe(204);
    expectProblem(await post('/v1/password-resets/complete', complete), 410, 'reset_token_used');
    expectProblem(
      await th.hub.app.inject({ url: '/v1/session', headers: before.cookie }),
      401,
      'unauthenticated',
    );
    await signIn(th.hub.app, email, 'a completely new passphrase');
  });

  it.runIf(run)(
    'refuses an expired reset link, and says nothing about unknown addresses',
    async () => {
      const count = emails.length;
      expect(
        (await post('/v1/password-resets', { email: 'nobody.here@example.org' })).statusCode,
      ).toBe(202);
      const next = mailed();
      expect(
        (await post('/v1/password-resets', { email: 'sender.almaty@example.org' })).statusCode,
      ).toBe(202);
      const sent = await next;
      // The unknown address got nothing: the only email since is the known one's.
      expect(emails.slice(count)).toEqual([sent]);
      const link = /http\S+reset-password\?token=\S+/.exec(sent.body)?.[0] as string;
      ahead += 60 * 60_000 + 1000;
      expectProblem(
        await post('/v1/password-resets/complete', {
          token: tokenOf(link),
          password: 'too late for this one',
        }),
        410,
        'reset_token_expired',
      );
      expectProblem(
        await post('/v1/password-resets/complete', {
          token: 'made-up',
          password: 'too late for this one',
        }),
        404,
        'not_found',
      );
      await signIn(th.hub.app, 'sender.almaty@example.org', th.seed.demoPassword);
    },
  );

  it.runIf(run)(
    'prints a new first-admin link at each start until the root has an admin',
    async () => {
      const config = loadConfig(th.env);
      const now = () => Date.now() + ahead;
      const first = (await bootstrap(th.hub.db, config, now)).firstAdminLink as string;
      const second = (await bootstrap(th.hub.db, config, now)).firstAdminLink as string;
      expect(first).toMatch(/\/accept-invitation\?token=/);
      expect(second).not.toBe(first);
      const body = {
        name: 'Root admin',
        password: 'the first admin’s passphrase',
        email: 'root.admin@example.org',
      };
      expectProblem(
        await post('/v1/invitations/accept', { ...body, token: tokenOf(first) }),
        404,
        'not_found',
      );
      const admin = sessionFrom(
        await post('/v1/invitations/accept', { ...body, token: tokenOf(second) }),
      );
      expect(admin.body.user).toMatchObject({
        email: 'root.admin@example.org',
        role: 'admin',
        orgId: th.seed.ministryId,
      });
      expect((await bootstrap(th.hub.db, config, now)).firstAdminLink).toBeUndefined();

      // The root keeps an admin: its only one may not demote or disable themself.
      const me = admin.body.user.id;
      const patch = (payload: object, headers: Record<string, string> = admin.headers) =>
        th.hub.app.inject({ method: 'PATCH', url: `/v1/users/${me}`, headers, payload });
      expectProblem(await patch({ role: 'editor' }), 409, 'user_last_admin');
      expectProblem(await patch({ disabled: true }), 409, 'user_last_admin');
      expectProblem(await patch({ orgId: th.seed.provinceIds[0] }), 409, 'user_last_admin');
      // With a second root admin, one may step down; then the other is the last.
      const second2 = await invite(
        {
          email: 'second.admin@example.org',
          orgId: th.seed.ministryId,
          role: 'admin',
          language: 'en',
        },
        admin.headers,
      );
      const other = sessionFrom(
        await post('/v1/invitations/accept', {
          token: tokenOf(second2.link),
          name: 'Second',
          password: 'another passphrase',
        }),
      );
      const stepped = await patch({ role: 'editor' });
      expect(stepped.statusCode, stepped.body).toBe(200);
      expect(stepped.json<User>().role).toBe('editor');
      expectProblem(
        await th.hub.app.inject({
          method: 'PATCH',
          url: `/v1/users/${other.body.user.id}`,
          headers: other.headers,
          payload: { disabled: true },
        }),
        409,
        'user_last_admin',
      );
    },
  );

  it.runIf(run)('ends a disabled person’s sessions and keeps them out', async () => {
    const email = 'editor.ministry@example.org';
    const s = await signIn(th.hub.app, email, th.seed.demoPassword);
    const id = s.body.user.id;
    const off = await th.hub.app.inject({
      method: 'PATCH',
      url: `/v1/users/${id}`,
      headers: th.auth,
      payload: { disabled: true },
    });
    expect(off.json<User>().disabled).toBe(true);
    expectProblem(
      await th.hub.app.inject({ url: '/v1/session', headers: s.cookie }),
      401,
      'unauthenticated',
    );
    expectProblem(
      await post('/v1/session', { email, password: th.seed.demoPassword }),
      403,
      'user_disabled',
    );
    // Invited again, they come back with the new role and password.
    const back = await invite({ email, orgId: th.seed.ministryId, role: 'viewer', language: 'ru' });
    const session = sessionFrom(
      await post('/v1/invitations/accept', {
        token: tokenOf(back.link),
        name: 'Back',
        password: 'welcome back passphrase',
      }),
    );
    expect(session.body.user).toMatchObject({ id, role: 'viewer', disabled: false });
  });
});
