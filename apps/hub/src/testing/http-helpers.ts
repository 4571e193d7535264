import type { ApiKeyCreated, Page, Scope } from '@safenet/core';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Problem } from '../plugins/errors.plugin.js';

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
  headers: AuthHeaders,
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
  headers: AuthHeaders,
  url: string,
): Promise<number> {
  return (await listAll(app, headers, url)).length;
}
