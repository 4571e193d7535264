import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { expectProblem } from '../../testing/http-helpers.js';
import { signIn } from '../../testing/session-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

const backends = await testBackends();

describe.each(backends)('signing in on $name', ({ database, run }) => {
  let th: TestHub;
  /** The hub's clock runs this far ahead of the real one; tests move it. */
  let ahead = 0;
  const MINUTE = 60_000;
  let password: string;
  const editor = 'editor.ministry@example.org';
  const sender = 'sender.almaty@example.org';
  const viewer = 'viewer.parents@example.org';
  const admin = 'admin.daklak@example.org';

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database, now: () => Date.now() + ahead });
    password = th.seed.demoPassword;
  });
  afterAll(() => th?.close());

  const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
    th.hub.app.inject({ method: 'POST', url, payload, headers });
  const session = (headers: Record<string, string>) =>
    th.hub.app.inject({ method: 'GET', url: '/v1/session', headers });

  it.runIf(run)('signs in with a cookie only the hub reads, and out again', async () => {
    const res = await post('/v1/session', { email: editor, password });
    const cookie = res.cookies.find((c) => c.name === 'safenet_session');
    expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(cookie?.secure).toBeFalsy(); // the test hub's public URL is http
    expect(cookie?.maxAge).toBe(7 * 24 * 3600);
    const body = res.json();
    expect(body).toMatchObject({
      user: { email: editor, role: 'editor', orgId: th.seed.ministryId, disabled: false },
      csrfToken: expect.any(String),
    });
    expect(body.user.lastSignInAt).not.toBeNull();
    expect(Date.parse(body.expiresAt) - (Date.now() + ahead)).toBeGreaterThan(11 * 60 * MINUTE);
    expect(JSON.stringify(body)).not.toContain(cookie?.value as string);

    const headers = { cookie: `safenet_session=${cookie?.value}` };
    const current = await session(headers);
    expect(current.statusCode).toBe(200);
    expect(current.json()).toMatchObject({ user: { email: editor }, csrfToken: body.csrfToken });

    const out = await th.hub.app.inject({
      method: 'DELETE',
      url: '/v1/session',
      headers: { ...headers, 'x-csrf-token': body.csrfToken },
    });
    expect(out.statusCode).toBe(204);
    expect(out.cookies.find((c) => c.name === 'safenet_session')?.value).toBe('');
    expectProblem(await session(headers), 401, 'unauthenticated', /sign in again/);
    expectProblem(await session({}), 401, 'unauthenticated');
  });

  it.runIf(run)(
    'refuses a wrong password and an unknown address with the same answer',
    async () => {
      const wrong = await post('/v1/session', { email: sender, password: 'not the password' });
      const unknown = await post('/v1/session', {
        email: 'nobody@example.org',
        password: 'not the password',
      });
      const a = expectProblem(wrong, 401, 'invalid_credentials');
      const b = expectProblem(unknown, 401, 'invalid_credentials');
      expect(a).toEqual(b);
      expect(wrong.cookies).toEqual([]);
    },
  );

  it.runIf(run)(
    'locks an account after 5 failures, then lets it in when the lock has passed',
    async () => {
      for (let i = 0; i < 5; i += 1) {
        expectProblem(
          await post('/v1/session', { email: viewer, password: `guess ${i}` }),
          401,
          'invalid_credentials',
        );
      }
      // Even the right password is refused while locked, and the refusal says how long.
      const locked = await post('/v1/session', { email: viewer, password });
      expectProblem(locked, 429, 'sign_in_locked');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
      expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
      // Another account is not locked.
      await signIn(th.hub.app, sender, password);
      ahead += 14 * MINUTE;
      expectProblem(await post('/v1/session', { email: viewer, password }), 429, 'sign_in_locked');
      ahead += 2 * MINUTE;
      const back = await signIn(th.hub.app, viewer, password);
      expect(back.body.user.email).toBe(viewer);
      // Success forgets the failures: one more wrong password does not lock again.
      expectProblem(
        await post('/v1/session', { email: viewer, password: 'typo' }),
        401,
        'invalid_credentials',
      );
      await signIn(th.hub.app, viewer, password);
    },
  );

  it.runIf(run)('ends a session idle too long, and every session at its absolute end', async () => {
    const idle = await signIn(th.hub.app, editor, password);
    ahead += 11 * 60 * MINUTE;
    expect((await session(idle.cookie)).statusCode).toBe(200); // used: idle expiry moves on
    ahead += 11 * 60 * MINUTE;
    expect((await session(idle.cookie)).statusCode).toBe(200);
    ahead += 12 * 60 * MINUTE + MINUTE;
    expectProblem(await session(idle.cookie), 401, 'unauthenticated');

    // Used every 6 hours, it still ends 7 days after sign-in.
    const busy = await signIn(th.hub.app, editor, password);
    for (let hours = 6; hours <= 162; hours += 6) {
      ahead += 6 * 60 * MINUTE;
      expect((await session(busy.cookie)).statusCode, `after ${hours} h`).toBe(200);
    }
    ahead += 5 * 60 * MINUTE; // 167 h
    expect((await session(busy.cookie)).statusCode).toBe(200);
    ahead += 2 * 60 * MINUTE; // 169 h, idle for 2 h only
    expectProblem(await session(busy.cookie), 401, 'unauthenticated');
  });

  it.runIf(run)('needs the CSRF token on every write made with the cookie', async () => {
    const s = await signIn(th.hub.app, sender, password);
    const contact = { orgId: th.seed.schoolIds[0], role: 'parent', language: 'kk' };
    expectProblem(
      await post('/v1/contacts', contact, s.cookie),
      403,
      'csrf_token_invalid',
      /X-CSRF-Token/,
    );
    expectProblem(
      await post('/v1/contacts', contact, {
        ...s.cookie,
        'x-csrf-token': `${s.csrfToken.slice(1)}x`,
      }),
      403,
      'csrf_token_invalid',
    );
    // Another session's token does not fit this one.
    const other = await signIn(th.hub.app, sender, password);
    expectProblem(
      await post('/v1/contacts', contact, { ...s.cookie, 'x-csrf-token': other.csrfToken }),
      403,
      'csrf_token_invalid',
    );
    expect((await post('/v1/contacts', contact, s.headers)).statusCode).toBe(201);
    // Reads need none; signing out needs it too.
    expect(
      (await th.hub.app.inject({ url: '/v1/contacts?limit=1', headers: s.cookie })).statusCode,
    ).toBe(200);
    expectProblem(
      await th.hub.app.inject({ method: 'DELETE', url: '/v1/session', headers: s.cookie }),
      403,
      'csrf_token_invalid',
    );
    expect((await session(s.cookie)).statusCode).toBe(200);
    // A key needs none: the browser never sends it by itself.
    expect((await post('/v1/contacts', contact, th.auth)).statusCode).toBe(201);
  });

  it.runIf(run)('refuses a sign-in posted by a page of another site', async () => {
    const res = await post(
      '/v1/session',
      { email: editor, password },
      { origin: 'https://evil.example' },
    );
    expectProblem(res, 403, 'csrf_token_invalid', /another site/);
    expect(res.cookies).toEqual([]);
    // The hub's own origin: its public URL's, or the host the request went to.
    const { publicUrl } = loadConfig(th.env);
    for (const origin of [new URL(publicUrl).origin, 'http://localhost:80']) {
      const own = await post('/v1/session', { email: editor, password }, { origin });
      expect(own.statusCode, origin).toBe(200);
    }
  });

  it.runIf(run)(
    'changes the password with the current one, ending the other sessions',
    async () => {
      const here = await signIn(th.hub.app, admin, password);
      const elsewhere = await signIn(th.hub.app, admin, password);
      const patch = (payload: object, headers = here.headers) =>
        th.hub.app.inject({ method: 'PATCH', url: '/v1/users/me', headers, payload });
      expectProblem(
        await patch({ password: { current: 'not it at all', new: 'a brand new passphrase' } }),
        403,
        'current_password_invalid',
      );
      const asEmail = await patch({ password: { current: password, new: admin } });
      expectProblem(asEmail, 400, 'validation_failed');
      expect(asEmail.json().errors).toEqual([
        expect.objectContaining({ path: 'body.password.new', code: 'password_equals_email' }),
      ]);
      expectProblem(
        await patch({ password: { current: password, new: 'short' } }),
        400,
        'validation_failed',
      );
      const changed = await patch({
        name: 'Đắk Lắk admin',
        language: 'VI',
        password: { current: password, new: 'a brand new passphrase' },
      });
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json()).toMatchObject({ name: 'Đắk Lắk admin', language: 'vi' });
      expect((await session(here.cookie)).statusCode).toBe(200);
      expectProblem(await session(elsewhere.cookie), 401, 'unauthenticated');
      expectProblem(
        await post('/v1/session', { email: admin, password }),
        401,
        'invalid_credentials',
      );
      await signIn(th.hub.app, admin, 'a brand new passphrase');
      // A key has no account to change.
      expectProblem(
        await th.hub.app.inject({
          method: 'PATCH',
          url: '/v1/users/me',
          headers: th.auth,
          payload: { name: 'x' },
        }),
        401,
        'unauthenticated',
        /signed-in person/,
      );
    },
  );
});
