import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearer, createKey, expectProblem, type TestKey } from '../../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

// The counters read this clock: the tests move it rather than wait for a minute to pass.
let now = Date.parse('2026-12-04T09:00:00Z');
let th: TestHub;
let app: FastifyInstance;
let reader: TestKey;
let other: TestKey;

beforeAll(async () => {
  th = await startTestHub({
    workers: false,
    rateLimitClock: () => now,
    env: { SAFENET_RATE_LIMIT_PER_MINUTE: '5', SAFENET_RATE_LIMIT_PUBLIC_PER_MINUTE: '3' },
  });
  app = th.hub.app;
  reader = await createKey(app, th.auth, th.seed.schoolIds[0], ['read']);
  other = await createKey(app, th.auth, th.seed.schoolIds[0], ['read']);
});
afterAll(() => th?.close());
// Every test starts in fresh windows.
afterEach(() => {
  now += 61_000;
});

const get = (url: string, headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, headers });

async function statuses(count: number, send: () => ReturnType<typeof get>) {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) seen.push((await send()).statusCode);
  return seen;
}

describe('per API key', () => {
  it('refuses the request past the limit with 429, Retry-After, until the minute is over', async () => {
    expect(await statuses(5, () => get('/v1/contacts', reader.headers))).toEqual([
      200, 200, 200, 200, 200,
    ]);
    now += 20_000;
    const refused = await get('/v1/contacts', reader.headers);
    const problem = expectProblem(refused, 429, 'rate_limited', /this API key.*retry after 40 s/);
    expect(problem.retryable).toBe(true);
    expect(refused.headers['retry-after']).toBe('40');
    // Another key is counted on its own.
    expect((await get('/v1/contacts', other.headers)).statusCode).toBe(200);
    now += 39_000;
    expect((await get('/v1/contacts', reader.headers)).statusCode).toBe(429);
    now += 1_000;
    expect((await get('/v1/contacts', reader.headers)).statusCode).toBe(200);
  });

  it('counts writes before their body is read, and refuses them writing nothing', async () => {
    const writer = await createKey(app, th.auth, th.seed.schoolIds[0], ['read', 'write']);
    await statuses(5, () => get('/v1/contacts', writer.headers));
    const write = await app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: writer.headers,
      payload: {
        orgId: th.seed.schoolIds[0],
        role: 'parent',
        language: 'ru',
        displayName: 'Zhanar',
      },
    });
    expectProblem(write, 429, 'rate_limited');
    const zhanar = (await get(`/v1/contacts?orgId=${th.seed.schoolIds[0]}&limit=500`, th.auth))
      .json<{ items: { displayName?: string }[] }>()
      .items.filter((c) => c.displayName === 'Zhanar');
    expect(zhanar).toHaveLength(0);
  });
});

describe('per address', () => {
  it('limits routes without a key more strictly, by IP', async () => {
    expect(await statuses(4, () => get('/health'))).toEqual([200, 200, 200, 429]);
    expectProblem(await get('/v1/unsubscribe/not-a-token'), 429, 'rate_limited', /address/);
    // Keys are counted apart from the address's public requests.
    expect((await get('/v1/contacts', reader.headers)).statusCode).toBe(200);
  });

  it('refuses an address that sent too many refused keys, before looking keys up', async () => {
    const guess = () => get('/v1/contacts', bearer(`sn_${randomBytes(32).toString('base64url')}`));
    expect(await statuses(3, guess)).toEqual([401, 401, 401]);
    expectProblem(await guess(), 429, 'rate_limited', /refused API keys/);
    now += 60_000;
    expect((await guess()).statusCode).toBe(401);
  });

  it('never limits one-click unsubscribes: mail providers send many from one address', async () => {
    const seen = await statuses(10, () =>
      app.inject({
        method: 'POST',
        url: '/v1/unsubscribe/not-a-token',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'List-Unsubscribe=One-Click',
      }),
    );
    expect(seen).toEqual(Array(10).fill(404));
    expect((await get('/v1/unsubscribe/not-a-token')).statusCode).toBe(404);
  });

  it('never limits file links: the Cloud API fetches them from a few addresses', async () => {
    const seen = await statuses(10, () => get(`/a/${'A'.repeat(40)}`));
    expect(seen).toEqual(Array(10).fill(404));
  });

  it('never limits provider webhooks', async () => {
    const seen = await statuses(10, () =>
      app.inject({
        method: 'POST',
        url: '/v1/webhooks/twilio',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'MessageSid=SM1&MessageStatus=delivered',
      }),
    );
    expect(seen).not.toContain(429);
  });
});
