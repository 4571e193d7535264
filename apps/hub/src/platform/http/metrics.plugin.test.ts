import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { loadConfig } from '../../config.js';
import { expectProblem } from '../../testing/http-helpers.js';
import { parsePrometheusText } from '../../testing/prometheus-text.js';
import { errorsPlugin } from './errors.plugin.js';
import { methodsPlugin } from './methods.plugin.js';
import { isLoopback, metricsPlugin, UNMATCHED_ROUTE } from './metrics.plugin.js';

const TOKEN = 'metrics-token-0123456789abcdef';
let app: FastifyInstance | undefined;

/** A bare app with the metrics plugin (as server.ts orders it) and a route with an id. */
async function serve(token?: string): Promise<FastifyInstance> {
  app = Fastify();
  await app.register(errorsPlugin);
  await app.register(methodsPlugin);
  await app.register(metricsPlugin, { registry: new Registry(), token });
  app.get('/v1/broadcasts/:id/progress', async () => ({ ok: true }));
  return app;
}

afterEach(async () => {
  await app?.close();
  app = undefined;
});

describe('who may scrape /metrics without SAFENET_METRICS_TOKEN', () => {
  it.each(['127.0.0.1', '127.0.0.53', '::1', '::ffff:127.0.0.1'])('serves %s', async (ip) => {
    const res = await (await serve()).inject({ url: '/metrics', remoteAddress: ip });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(parsePrometheusText(res.body).types.size).toBeGreaterThan(0);
  });

  it.each(['10.0.0.7', '192.168.1.20', '::ffff:10.0.0.7', '2001:db8::1'])(
    'refuses %s with 403 metrics_loopback_only',
    async (ip) => {
      const res = await (await serve()).inject({ url: '/metrics', remoteAddress: ip });
      expectProblem(res, 403, 'metrics_loopback_only', /SAFENET_METRICS_TOKEN/);
      expect(res.body).not.toContain('safenet_');
    },
  );

  it.each([{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=203.0.113.9;proto=https' }])(
    'refuses a loopback request a proxy forwarded (%o)',
    async (headers) => {
      const res = await (await serve()).inject({ url: '/metrics', headers });
      expectProblem(res, 403, 'metrics_loopback_only', /proxy/);
    },
  );

  it('refuses HEAD from elsewhere too, and answers other methods 405', async () => {
    const served = await serve();
    const head = await served.inject({
      method: 'HEAD',
      url: '/metrics',
      remoteAddress: '10.0.0.7',
    });
    expect(head.statusCode).toBe(403);
    const post = await served.inject({ method: 'POST', url: '/metrics' });
    expectProblem(post, 405, 'method_not_allowed');
    expect(post.headers.allow).toBe('GET, HEAD');
  });

  it('knows loopback addresses from others', () => {
    expect(['127.0.0.1', '127.1.2.3', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', '::ffff:10.0.0.1', '::2', '1127.0.0.1', 'fe80::1'].some(isLoopback)).toBe(
      false,
    );
  });
});

describe('who may scrape /metrics with SAFENET_METRICS_TOKEN', () => {
  it('serves any address that sends the token', async () => {
    const res = await (await serve(TOKEN)).inject({
      url: '/metrics',
      remoteAddress: '10.0.0.7',
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode, res.body).toBe(200);
  });

  it.each([
    ['no token, even from loopback', {}],
    ['a wrong token', { authorization: `Bearer ${TOKEN}x` }],
    ['the token as Basic credentials', { authorization: `Basic ${TOKEN}` }],
  ])('refuses %s with 401 metrics_token_invalid', async (_, headers) => {
    const res = await (await serve(TOKEN)).inject({ url: '/metrics', headers });
    expectProblem(res, 401, 'metrics_token_invalid', /Authorization: Bearer/);
  });

  it('refuses a token shorter than 16 characters at start, saying how to make one', () => {
    expect(() => loadConfig({ SAFENET_METRICS_TOKEN: 'short' })).toThrow(
      /SAFENET_METRICS_TOKEN: must be at least 16 characters; generate one with `openssl rand -hex 32`/,
    );
    expect(loadConfig({ SAFENET_METRICS_TOKEN: TOKEN }).metrics.token).toBe(TOKEN);
    expect(loadConfig({}).metrics.token).toBeUndefined();
  });
});

describe('the request duration histogram', () => {
  it('labels requests by route pattern, never by the path they were sent to', async () => {
    const served = await serve();
    const id = '0190a5a0-1111-7000-8000-00000000abcd';
    await served.inject({ url: `/v1/broadcasts/${id}/progress?access_token=sn_secret42` });
    await served.inject({ url: `/v1/broadcasts/${id}/progress` });
    await served.inject({ url: '/no/such/path-7f3a' });
    const res = await served.inject({ url: '/metrics' });
    const counts = parsePrometheusText(res.body).samples.filter(
      (s) => s.name === 'safenet_http_request_duration_seconds_count',
    );
    expect(counts.map((s) => ({ ...s.labels, value: s.value }))).toEqual([
      { method: 'GET', route: '/v1/broadcasts/:id/progress', status_code: '200', value: 2 },
      { method: 'GET', route: UNMATCHED_ROUTE, status_code: '404', value: 1 },
    ]);
    for (const raw of [id, 'sn_secret42', 'path-7f3a']) expect(res.body).not.toContain(raw);
  });

  it('measures in seconds: a 50 ms handler lands in the buckets above 50 ms only', async () => {
    const served = await serve();
    served.get('/slow', async () => {
      await new Promise((resolve) => setTimeout(resolve, 50));
      return { ok: true };
    });
    await served.inject({ url: '/slow' });
    const buckets = parsePrometheusText((await served.inject({ url: '/metrics' })).body)
      .samples.filter(
        (s) =>
          s.name === 'safenet_http_request_duration_seconds_bucket' && s.labels.route === '/slow',
      )
      .map((s) => [Number(s.labels.le), s.value]);
    // Timers fire no earlier than asked: at least 50 ms, so never in a bucket below 0.05 s.
    expect(buckets.filter(([le]) => (le as number) < 0.05).every(([, n]) => n === 0)).toBe(true);
    expect(buckets.filter(([le]) => (le as number) >= 10).every(([, n]) => n === 1)).toBe(true);
  });
});
