import type { Contact } from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { share } from '../../platform/database/schema.js';
import { expectProblem } from '../../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { isOneClick } from './unsubscribe.routes.js';
import { UNSUBSCRIBE_SOURCES } from './unsubscribe.service.js';
import { createUnsubscribeLinks, type UnsubscribeLinks } from './unsubscribe-links.js';

let th: TestHub;
let app: FastifyInstance;
let links: UnsubscribeLinks;

beforeAll(async () => {
  th = await startTestHub({ workers: false });
  app = th.hub.app;
  // The same secret the hub holds: it reads the one stored in its database.
  links = await createUnsubscribeLinks(share(th.hub.db), loadConfig(th.env));
});
afterAll(() => th?.close());

const granted = { status: 'granted', source: 'parent meeting form', at: '2017-04-10T10:00:00Z' };

async function parent(language = 'ru'): Promise<Contact> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/contacts',
    headers: th.auth,
    payload: {
      orgId: th.seed.schoolIds[0],
      role: 'parent',
      language,
      addresses: { email: `parent-${crypto.randomUUID()}@example.kz`, phone: '+77012345678' },
      consents: { email: granted, sms: granted },
    },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Contact>();
}

async function consentsOf(id: string): Promise<Contact['consents']> {
  const res = await app.inject({ method: 'GET', url: `/v1/contacts/${id}`, headers: th.auth });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<Contact>().consents;
}

const path = (token: string) => `/v1/unsubscribe/${token}`;
const oneClick = (token: string) =>
  app.inject({
    method: 'POST',
    url: path(token),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: 'List-Unsubscribe=One-Click',
  });

describe('GET /v1/unsubscribe/:token', () => {
  it('shows a confirmation form in the contact’s language and changes nothing', async () => {
    const contact = await parent('kk');
    const before = await consentsOf(contact.id);
    const res = await app.inject({
      method: 'GET',
      url: path(links.tokenFor(contact.id, 'email')),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toContain('<html lang="kk">');
    expect(res.body).toContain('Арна: электрондық пошта');
    expect(res.body).toMatch(/<form method="post">[\s\S]*<button type="submit">/);
    // Link scanners fetch GETs: twice, and consent is untouched.
    await app.inject({ method: 'GET', url: path(links.tokenFor(contact.id, 'email')) });
    expect(await consentsOf(contact.id)).toEqual(before);
  });

  it('needs no API key and falls back to English for a deleted contact', async () => {
    const contact = await parent('vi');
    await app.inject({ method: 'DELETE', url: `/v1/contacts/${contact.id}`, headers: th.auth });
    const res = await app.inject({ method: 'GET', url: path(links.tokenFor(contact.id, 'sms')) });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('Channel: SMS');
  });
});

describe('POST /v1/unsubscribe/:token', () => {
  it('withdraws consent on the link’s channel only, by one-click', async () => {
    const contact = await parent();
    const res = await oneClick(links.tokenFor(contact.id, 'email'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<html lang="ru">');
    expect(res.body).toContain('Вы отписались');
    const consents = await consentsOf(contact.id);
    expect(consents.email).toMatchObject({
      status: 'revoked',
      source: UNSUBSCRIBE_SOURCES.oneClick,
    });
    expect(Date.now() - Date.parse(consents.email?.at ?? '')).toBeLessThan(60_000);
    expect(consents.sms).toEqual(granted);
  });

  it('is idempotent: a second POST answers the same and keeps the first withdrawal', async () => {
    const contact = await parent('en');
    const token = links.tokenFor(contact.id, 'email');
    const first = await oneClick(token);
    const withdrawn = await consentsOf(contact.id);
    const second = await app.inject({
      method: 'POST',
      url: path(token),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'via=page',
    });
    expect(second.statusCode).toBe(200);
    expect(second.body).toBe(first.body);
    expect(await consentsOf(contact.id)).toEqual(withdrawn);
    expect(withdrawn.email?.source).toBe(UNSUBSCRIBE_SOURCES.oneClick);
  });

  it('records the page’s form submit as an unsubscribe link', async () => {
    const contact = await parent();
    const res = await app.inject({
      method: 'POST',
      url: path(links.tokenFor(contact.id, 'sms')),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'via=page',
    });
    expect(res.statusCode, res.body).toBe(200);
    const consents = await consentsOf(contact.id);
    expect(consents.sms).toMatchObject({ status: 'revoked', source: UNSUBSCRIBE_SOURCES.link });
    expect(consents.email).toEqual(granted);
  });

  it('takes a multipart one-click and a POST without a body', async () => {
    const contact = await parent();
    const boundary = 'xYzZY';
    const res = await app.inject({
      method: 'POST',
      url: path(links.tokenFor(contact.id, 'email')),
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await consentsOf(contact.id)).email?.source).toBe(UNSUBSCRIBE_SOURCES.oneClick);

    const bare = await app.inject({ method: 'POST', url: path(links.tokenFor(contact.id, 'sms')) });
    expect(bare.statusCode, bare.body).toBe(200);
    expect((await consentsOf(contact.id)).sms?.status).toBe('revoked');
  });

  it('answers success for a deleted contact', async () => {
    const contact = await parent();
    await app.inject({ method: 'DELETE', url: `/v1/contacts/${contact.id}`, headers: th.auth });
    const res = await oneClick(links.tokenFor(contact.id, 'email'));
    expect(res.statusCode, res.body).toBe(200);
    expect(res.body).toContain('You are unsubscribed');
  });

  it('works for a contact in any organisation: the token is the authority', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: th.auth,
      payload: {
        orgId: th.seed.schoolIds[1],
        role: 'teacher',
        language: 'vi',
        addresses: { email: 'teacher@example.vn' },
        consents: { email: granted },
      },
    });
    const teacher = res.json<Contact>();
    expect((await oneClick(links.tokenFor(teacher.id, 'email'))).statusCode).toBe(200);
    expect((await consentsOf(teacher.id)).email?.status).toBe('revoked');
  });
});

describe('a forged or broken link', () => {
  it.each([
    ['GET', 'garbage'],
    ['POST', 'garbage'],
    ['POST', 'eyJ2IjoxfQ.AAAA'],
  ] as const)('%s %s answers unsubscribe_link_invalid', async (method, token) => {
    const res = await app.inject({ method, url: path(token) });
    const problem = expectProblem(res, 404, 'unsubscribe_link_invalid');
    expect(problem.retryable).toBe(false);
  });

  it('a token re-signed for another contact changes nothing', async () => {
    const contact = await parent();
    const [, signature] = links.tokenFor(contact.id, 'email').split('.');
    const other = await parent();
    const payload = links.tokenFor(other.id, 'email').split('.')[0];
    expectProblem(await oneClick(`${payload}.${signature}`), 404, 'unsubscribe_link_invalid');
    expect((await consentsOf(other.id)).email).toEqual(granted);
    expect((await consentsOf(contact.id)).email).toEqual(granted);
  });
});

describe('isOneClick', () => {
  it('recognises only the RFC 8058 field and value', () => {
    expect(isOneClick('List-Unsubscribe=One-Click')).toBe(true);
    expect(isOneClick('via=page')).toBe(false);
    expect(isOneClick('List-Unsubscribe=Yes')).toBe(false);
    expect(isOneClick('')).toBe(false);
  });
});
