import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../testing/http-helpers.js';
import { CONSOLE_CSP, consolePages, defaultConsoleDir } from './console.plugin.js';
import { errorsPlugin } from './errors.plugin.js';
import { methodsPlugin } from './methods.plugin.js';
import { rateLimitPlugin } from './rate-limit.plugin.js';

const HTML = { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' };
const PAGE =
  '<!doctype html><html><head><script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>';
let built: string;
let app: FastifyInstance | undefined;

beforeAll(() => {
  built = mkdtempSync(join(tmpdir(), 'safenet-console-'));
  mkdirSync(join(built, 'assets'));
  writeFileSync(join(built, 'index.html'), PAGE);
  writeFileSync(join(built, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(join(built, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
});
afterAll(() => rmSync(built, { recursive: true, force: true }));
afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** A bare app ordered as server.ts orders it, with one API route. */
async function serve(dir: string, publicPerMinute = 0): Promise<FastifyInstance> {
  const pages = consolePages(dir);
  app = Fastify();
  await app.register(errorsPlugin);
  await app.register(methodsPlugin, { pageFallback: pages.fallback });
  await app.register(rateLimitPlugin, { limits: { perKeyPerMinute: 0, publicPerMinute } });
  await app.register(pages.plugin);
  app.get('/v1/contacts', async () => ({ items: [] }));
  return app;
}

describe('the built console', () => {
  it('serves its page at / with a CSP that allows no inline script', async () => {
    const res = await (await serve(built)).inject({ url: '/', headers: HTML });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(PAGE);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(CONSOLE_CSP).toContain("script-src 'self'");
    expect(CONSOLE_CSP).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('serves hashed assets as immutable and other files as revalidated', async () => {
    const a = await serve(built);
    const asset = await a.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await a.inject({ url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['cache-control']).toBe('no-cache');
  });

  it.each([
    '/broadcasts/0190a1b2-0000-7000-8000-000000000001',
    '/accept-invitation?token=abc',
    '/sign-in',
  ])('answers the page to a browser opening %s (the console routes it)', async (url) => {
    const res = await (await serve(built)).inject({ url, headers: HTML });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe(PAGE);
    expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
  });

  it('keeps the API’s problems: unknown /v1 paths, non-HTML requests, other methods', async () => {
    const a = await serve(built);
    expectProblem(await a.inject({ url: '/v1/nothing', headers: HTML }), 404, 'route_not_found');
    expectProblem(await a.inject({ url: '/v1', headers: HTML }), 404, 'route_not_found');
    expectProblem(await a.inject({ url: '/broadcasts' }), 404, 'route_not_found');
    expectProblem(
      await a.inject({ url: '/assets/missing.js', headers: { accept: '*/*' } }),
      404,
      'route_not_found',
    );
    expectProblem(
      await a.inject({ method: 'POST', url: '/broadcasts', headers: HTML, payload: {} }),
      404,
      'route_not_found',
    );
    expectProblem(
      await a.inject({ method: 'POST', url: '/v1/contacts', headers: HTML, payload: {} }),
      405,
      'method_not_allowed',
    );
    expect((await a.inject({ url: '/v1/contacts' })).json()).toEqual({ items: [] });
  });
});

describe('the per-address limit', () => {
  it('does not count the console’s files, which a page load fetches by the score', async () => {
    const a = await serve(built, 2);
    for (let i = 0; i < 5; i += 1) {
      expect((await a.inject({ url: '/assets/index-abc123.js' })).statusCode).toBe(200);
      expect((await a.inject({ url: '/', headers: HTML })).statusCode).toBe(200);
    }
    // Page paths (the fallback) and the API's public routes still count.
    expect((await a.inject({ url: '/broadcasts', headers: HTML })).statusCode).toBe(200);
    expect((await a.inject({ url: '/sign-in', headers: HTML })).statusCode).toBe(200);
    expectProblem(await a.inject({ url: '/contacts', headers: HTML }), 429, 'rate_limited');
  });
});

describe('without a built console', () => {
  it('answers / and page paths with how to build it, and the API as ever', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'safenet-console-none-'));
    try {
      const a = await serve(empty);
      for (const url of ['/', '/broadcasts']) {
        const res = await a.inject({ url, headers: HTML });
        expect(res.statusCode).toBe(503);
        expect(res.body).toContain('npm run build -w @safenet/console');
      }
      expect((await a.inject({ url: '/v1/contacts' })).statusCode).toBe(200);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

it('finds apps/console/dist beside the hub package by default', () => {
  expect(defaultConsoleDir().replaceAll('\\', '/')).toMatch(/\/apps\/console\/dist$/);
});
