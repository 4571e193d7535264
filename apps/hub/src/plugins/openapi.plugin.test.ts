import type { FastifyInstance } from 'fastify';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { channelRegistry } from '../dispatch/channel-registry.js';
import { EventBus } from '../events/event-bus.js';
import { buildServer, type ServerDeps } from '../server.js';
import type { Db } from '../store/database.js';
import { documentedRoutes } from '../testing/http-helpers.js';

interface OpenApiDocument {
  openapi: string;
  paths: Record<
    string,
    Record<string, { requestBody?: { content: Record<string, { schema: JsonSchema }> } }>
  >;
}
interface JsonSchema {
  additionalProperties?: boolean;
  properties?: Record<string, JsonSchema>;
}

let app: FastifyInstance;
let doc: OpenApiDocument;

beforeAll(async () => {
  // The document comes from the routes alone, and /openapi.json and /docs touch neither the
  // store nor the queue: a server without them spares this file a database.
  app = await buildServer(
    {
      publicUrl: 'http://127.0.0.1:8080',
      webhookMaxAgeMs: 7 * 24 * 3_600_000,
      maxBodyBytes: 1024 * 1024,
      logLevel: 'silent',
    },
    {
      db: {} as Db,
      boss: {} as PgBoss,
      bus: new EventBus(),
      channels: channelRegistry(new Map()),
      receipts: {} as ServerDeps['receipts'],
    },
  );
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  doc = res.json<OpenApiDocument>();
});
afterAll(() => app?.close());

describe('/openapi.json', () => {
  it('is OpenAPI 3.1', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it('describes every /v1 endpoint of docs/reference/api.md', async () => {
    // The websocket is left out on purpose (schema.hide): OpenAPI cannot describe its frames.
    const documented = (await documentedRoutes()).filter(
      (r) => r.path.startsWith('/v1/') && r.path !== '/v1/stream',
    );
    expect(documented.length).toBeGreaterThan(30);
    const missing = documented.filter(
      (r) => !doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()],
    );
    expect(missing).toEqual([]);
  });

  it('refuses unknown fields in the contact body, as the hub does', () => {
    const body = doc.paths['/v1/contacts']?.post?.requestBody?.content['application/json']?.schema;
    expect(body?.additionalProperties).toBe(false);
    expect(body?.properties?.addresses?.additionalProperties).toBe(false);
  });
});

describe('/docs', () => {
  it('answers the browsable UI as HTML', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<html');
  });
});
