import { Writable } from 'node:stream';
import type { InvitationCreated } from '@safenet/core';
import { describe, expect, it } from 'vitest';
import { sessionFrom } from '../../testing/session-helpers.js';
import { startTestHub } from '../../testing/test-hub.js';
import type { TransactionalEmail } from '../channels/index.js';

describe('the log of a hub where people sign in', () => {
  it('holds no password, no token of a link, no session cookie and no CSRF token', async () => {
    const lines: string[] = [];
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        done();
      },
    });
    const emails: TransactionalEmail[] = [];
    let onEmail: (() => void) | undefined;
    await using th = await startTestHub({
      workers: false,
      logStream: capture,
      env: { LOG_LEVEL: 'trace' },
      sendEmail: async (email) => {
        emails.push(email);
        onEmail?.();
      },
    });
    const app = th.hub.app;
    const post = (url: string, payload: object, headers: Record<string, string> = {}) =>
      app.inject({ method: 'POST', url, payload, headers });
    const secrets: Record<string, string> = {
      demoPassword: th.seed.demoPassword,
      wrongPassword: 'Wrong-Password-Typed-By-Hand',
      newPassword: 'Жаңа құпиясөз Almaty 2017',
      resetPassword: 'Mật khẩu mới sau khi đặt lại',
      shortPassword: 'short-pw',
    };

    await post('/v1/session', {
      email: 'sender.almaty@example.org',
      password: secrets.wrongPassword,
    });
    // A password where none belongs, and one too short: refused, not logged.
    await app.inject({ method: 'GET', url: `/v1/session?password=${secrets.demoPassword}` });
    const invited = await post(
      '/v1/invitations',
      {
        email: 'new.person@example.org',
        orgId: th.seed.schoolIds[0],
        role: 'viewer',
        language: 'ru',
      },
      th.auth,
    );
    const { link } = invited.json<InvitationCreated>();
    secrets.invitationToken = new URL(link).searchParams.get('token') as string;
    await post('/v1/invitations/accept', {
      token: secrets.invitationToken,
      name: 'Person',
      password: secrets.shortPassword,
    });
    const session = sessionFrom(
      await post('/v1/invitations/accept', {
        token: secrets.invitationToken,
        name: 'Person',
        password: secrets.newPassword,
      }),
    );
    secrets.sessionToken = session.token;
    secrets.csrfToken = session.csrfToken;
    await app.inject({ url: '/v1/session', headers: session.cookie });
    await post(
      '/v1/contacts',
      { orgId: th.seed.schoolIds[0], role: 'parent', language: 'kk' },
      session.headers,
    );
    await post('/v1/contacts', {}, { ...session.cookie, 'x-csrf-token': `${session.csrfToken}x` });
    const sent = new Promise<void>((resolve) => {
      onEmail = resolve;
    });
    await post('/v1/password-resets', { email: 'viewer.parents@example.org' });
    await sent;
    const reset = /reset-password\?token=([\w-]+)/.exec(emails.at(-1)?.body ?? '')?.[1] as string;
    secrets.resetToken = reset;
    await post('/v1/password-resets/complete', { token: reset, password: secrets.resetPassword });
    await post('/v1/password-resets/complete', { token: reset, password: secrets.resetPassword });
    const signedIn = await post('/v1/session', {
      email: 'viewer.parents@example.org',
      password: secrets.resetPassword,
    });
    secrets.secondSession = sessionFrom(signedIn).token;
    await app.inject({
      method: 'DELETE',
      url: '/v1/session',
      headers: sessionFrom(signedIn).headers,
    });

    const log = lines.join('\n');
    // The requests were logged: this test would pass on an empty log otherwise.
    expect(log).toContain('/v1/password-resets/complete');
    expect(log).toContain('/v1/invitations/accept');
    const leaks = Object.entries(secrets)
      .filter(([, value]) => [value, encodeURIComponent(value)].some((form) => log.includes(form)))
      .map(([name]) => name);
    expect(leaks).toEqual([]);
    expect(log).not.toContain('safenet_session=');
  });
});
