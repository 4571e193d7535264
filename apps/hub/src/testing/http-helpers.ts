import { readFile } from 'node:fs/promises';
import type {
  ApiKeyCreated,
  Page,
  Recommendation,
  RecommendationInput,
  Scope,
} from '@safenet/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Problem } from '../platform/http/errors.plugin.js';

/** Request headers carrying an API key. */
export type AuthHeaders = { authorization: string };

export function bearer(secret: string): AuthHeaders {
  return { authorization: `Bearer ${secret}` };
}

/** A key made through the API, as a client would get it. */
export interface TestKey {
  id: string;
  secret: string;
  headers: AuthHeaders;
}

/** Creates an API key for `orgId` with `scopes` through `POST /v1/api-keys`. */
export async function createKey(
  app: FastifyInstance,
  admin: AuthHeaders,
  orgId: string,
  scopes: Scope[],
): Promise<TestKey> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/api-keys',
    headers: admin,
    payload: { orgId, name: `test key (${scopes.join(', ')})`, scopes },
  });
  expect(res.statusCode, res.body).toBe(201);
  const key = res.json<ApiKeyCreated>();
  return { id: key.id, secret: key.secret, headers: bearer(key.secret) };
}

/**
 * Creates a recommendation and has it published the four-eyes way: `author` writes and
 * submits version 1, `approver` (another person, with `approve`) approves it.
 */
export async function publishRecommendation(
  app: FastifyInstance,
  people: { author: AuthHeaders; approver: AuthHeaders },
  input: RecommendationInput,
): Promise<Recommendation> {
  const created = await app.inject({
    method: 'POST',
    url: '/v1/recommendations',
    headers: people.author,
    payload: input,
  });
  expect(created.statusCode, created.body).toBe(201);
  const { id } = created.json<Recommendation>();
  const submit = await app.inject({
    method: 'POST',
    url: `/v1/recommendations/${id}/versions/1/submit`,
    headers: people.author,
  });
  expect(submit.statusCode, submit.body).toBe(200);
  const approve = await app.inject({
    method: 'POST',
    url: `/v1/recommendations/${id}/versions/1/approve`,
    headers: people.approver,
  });
  expect(approve.statusCode, approve.body).toBe(200);
  const published = await app.inject({
    method: 'GET',
    url: `/v1/recommendations/${id}`,
    headers: people.author,
  });
  return published.json<Recommendation>();
}

/**
 * Asserts an RFC 9457 answer: the exact status, the problem+json content type, the code, and
 * a `detail` that says what to fix (matching `detail` when given). Returns the body.
 */
export function expectProblem(
  res: LightMyRequestResponse,
  status: number,
  code: string,
  detail?: RegExp,
): Problem {
  expect(res.statusCode, res.body).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json<Problem>();
  expect(body).toMatchObject({ status, code, type: `https://safenet.dev/errors/${code}` });
  expect(body.detail.length).toBeGreaterThan(10);
  if (detail) expect(body.detail).toMatch(detail);
  return body;
}

/** Every item of a list endpoint, walking its pages. */
export async function listAll<T = { id: string }>(
  app: FastifyInstance,
  headers: AuthHeaders | Record<string, string>,
  url: string,
): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes('?') ? '&' : '?';
    const page: string = `${url}${sep}limit=500${cursor ? `&cursor=${cursor}` : ''}`;
    const res: LightMyRequestResponse = await app.inject({ method: 'GET', url: page, headers });
    expect(res.statusCode, res.body).toBe(200);
    const body: Page<T> = res.json();
    items.push(...body.items);
    cursor = body.nextCursor;
  } while (cursor);
  return items;
}

/** How many items a list endpoint holds. */
export async function countAll(
  app: FastifyInstance,
  headers: AuthHeaders | Record<string, string>,
  url: string,
): Promise<number> {
  return (await listAll(app, headers, url)).length;
}

/** A row of the endpoint table in docs/reference/api.md. */
export interface DocumentedRoute {
  method: string;
  /** As the table writes it, without the query: `/v1/contacts/:id`. */
  path: string;
  /** `read`, `write`, `send`, `admin`, or `none` for public routes. */
  scope: string;
}

/** The endpoint table of docs/reference/api.md, so tests fail when the code and it drift. */
export async function documentedRoutes(): Promise<DocumentedRoute[]> {
  const page = await readFile(
    new URL('../../../../docs/reference/api.md', import.meta.url),
    'utf8',
  );
  const routes: DocumentedRoute[] = [];
  for (const [, cell = '', scope = ''] of page.matchAll(/^\| (`[^|]+`)\s*\| (\w+)\s*\|/gm)) {
    for (const [, method = '', path = ''] of cell.matchAll(/`([A-Z]+) ([^`?]+)[^`]*`/g)) {
      routes.push({ method, path, scope });
    }
  }
  return routes;
}
