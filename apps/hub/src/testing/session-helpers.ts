import type { Session } from '@safenet/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';

/** A signed-in browser, as far as requests go: its cookie and its CSRF token. */
export interface TestSession {
  /** `{ cookie }`: enough for reads. */
  cookie: { cookie: string };
  /** `{ cookie, 'x-csrf-token' }`: what writes need. */
  headers: { cookie: string; 'x-csrf-token': string };
  token: string;
  csrfToken: string;
  body: Session;
}

/** The session a sign-in (or an accepted invitation) answered, read as a browser would. */
export function sessionFrom(res: LightMyRequestResponse): TestSession {
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'safenet_session');
  expect(cookie?.value).toBeTruthy();
  const token = cookie?.value as string;
  const body = res.json<Session>();
  return {
    cookie: { cookie: `safenet_session=${token}` },
    headers: { cookie: `safenet_session=${token}`, 'x-csrf-token': body.csrfToken },
    token,
    csrfToken: body.csrfToken,
    body,
  };
}

/** Signs in through `POST /v1/session`; fails the test unless it succeeds. */
export async function signIn(
  app: FastifyInstance,
  email: string,
  password: string,
): Promise<TestSession> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/session',
    payload: { email, password },
  });
  return sessionFrom(res);
}
