import { describe, expect, it } from 'vitest';
import { SafenetClient } from '../client.js';
import { startHttpStub } from '../testing/http-stub.js';

const SESSION = {
  user: { id: '0190a5a0-0000-7000-8000-00000000000a', email: 'sender.almaty@example.org' },
  csrfToken: 'csrf-of-this-session',
  expiresAt: '2017-04-10T12:00:00.000Z',
};

/** A fetch that records the init of each call, then calls the real one. */
function recordingFetch() {
  const inits: RequestInit[] = [];
  const impl: typeof fetch = (input, init) => {
    inits.push(init ?? {});
    return fetch(input, init);
  };
  return { impl, inits };
}

describe('a client signed in with a session', () => {
  it('sends no key, includes credentials, and the CSRF token on writes once it has one', async () => {
    await using hub = await startHttpStub((request) =>
      request.path === '/v1/session' && request.method !== 'DELETE'
        ? { status: 200, body: SESSION }
        : request.method === 'DELETE'
          ? { status: 204 }
          : { status: 201, body: { id: 'x' } },
    );
    const recorded = recordingFetch();
    const client = new SafenetClient({ baseUrl: hub.url, session: true, fetch: recorded.impl });
    const contact = { orgId: SESSION.user.id, role: 'parent' as const, language: 'kk' };
    await client.contacts.create(contact);
    await client.session.signIn({ email: SESSION.user.email, password: 'a long password' });
    await client.contacts.create(contact);
    await client.contacts.list();
    await client.session.signOut();
    await client.contacts.create(contact);

    expect(recorded.inits.every((init) => init.credentials === 'include')).toBe(true);
    const seen = hub.requests.map((r) => ({
      call: `${r.method} ${r.path}`,
      authorization: r.headers.authorization,
      csrf: r.headers['x-csrf-token'],
    }));
    expect(seen).toEqual([
      { call: 'POST /v1/contacts', authorization: undefined, csrf: undefined },
      { call: 'POST /v1/session', authorization: undefined, csrf: undefined },
      { call: 'POST /v1/contacts', authorization: undefined, csrf: SESSION.csrfToken },
      { call: 'GET /v1/contacts', authorization: undefined, csrf: undefined },
      { call: 'DELETE /v1/session', authorization: undefined, csrf: SESSION.csrfToken },
      { call: 'POST /v1/contacts', authorization: undefined, csrf: undefined },
    ]);
  });

  it('takes the CSRF token from session.current() and an accepted invitation too', async () => {
    await using hub = await startHttpStub((request) =>
      request.path === '/v1/contacts'
        ? { status: 201, body: { id: 'x' } }
        : { status: 200, body: SESSION },
    );
    const contact = { orgId: SESSION.user.id, role: 'parent' as const, language: 'ru' };
    const afterReload = new SafenetClient({ baseUrl: hub.url, session: true });
    await afterReload.session.current();
    await afterReload.contacts.create(contact);
    const invited = new SafenetClient({ baseUrl: hub.url, session: true });
    await invited.invitations.accept({ token: 't', name: 'N', password: 'long password' });
    await invited.contacts.create(contact);
    const writes = hub.requests.filter((r) => r.path === '/v1/contacts');
    expect(writes.map((r) => r.headers['x-csrf-token'])).toEqual([
      SESSION.csrfToken,
      SESSION.csrfToken,
    ]);
  });

  it('keeps sending a key, and no CSRF token, when made with one', async () => {
    await using hub = await startHttpStub(() => ({ status: 200, body: SESSION }));
    const recorded = recordingFetch();
    const client = new SafenetClient({ baseUrl: hub.url, apiKey: 'sn_test', fetch: recorded.impl });
    await client.session.current();
    await client.users.updateMe({ name: 'x' });
    expect(hub.requests.map((r) => r.headers.authorization)).toEqual([
      'Bearer sn_test',
      'Bearer sn_test',
    ]);
    expect(hub.requests[1]?.headers['x-csrf-token']).toBeUndefined();
    expect(recorded.inits.some((init) => init.credentials === 'include')).toBe(false);
  });

  it('wants either a key or a session, not both nor neither', () => {
    expect(
      () => new SafenetClient({ baseUrl: 'http://hub', apiKey: 'sn_x', session: true }),
    ).toThrow(/either apiKey or session/);
    expect(() => new SafenetClient({ baseUrl: 'http://hub' })).toThrow(/apiKey is required/);
    expect(() => new SafenetClient({ baseUrl: 'http://hub', session: false })).toThrow(/apiKey/);
  });
});
