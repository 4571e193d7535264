import { createConfig, lintFromString } from '@redocly/openapi-core';
import { LANGUAGES } from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import type { PgBoss } from 'pg-boss';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import type { Db, HubPlatform } from './modules/database.js';
import { createModules } from './modules/index.js';
import type { DatabaseHandle } from './platform/database/schema.js';
import type { EventBus } from './platform/events/event-bus.js';
import { OPENAPI_TAGS } from './platform/http/openapi.plugin.js';
import { PROBLEM_REF, ProblemSchema, problemComponent } from './platform/http/openapi-problems.js';
import { buildServer } from './server.js';
import { documentedRoutes } from './testing/http-helpers.js';

interface JsonSchema {
  type?: string;
  enum?: unknown[];
  pattern?: string;
  additionalProperties?: boolean | JsonSchema;
  properties?: Record<string, JsonSchema>;
}
interface Response {
  description: string;
  headers?: Record<string, { schema: JsonSchema }>;
  content?: Record<string, { schema: JsonSchema & { $ref?: string } }>;
}
interface Operation {
  operationId?: string;
  summary?: string;
  description?: string;
  tags?: string[];
  security?: unknown[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, Response>;
}
interface OpenApiDocument {
  openapi: string;
  servers: { url: string }[];
  tags: { name: string; description?: string }[];
  components: { schemas: Record<string, unknown> };
  paths: Record<string, Record<string, Operation>>;
}

const PUBLIC_URL = 'http://127.0.0.1:8080';
let app: FastifyInstance;
let source: string;
let doc: OpenApiDocument;

beforeAll(async () => {
  // The document comes from the routes alone, and /openapi.json and /docs touch neither the
  // store nor the queue: a server without them spares this file a database.
  const config = loadConfig({
    SAFENET_PUBLIC_URL: PUBLIC_URL,
    SAFENET_UNSUBSCRIBE_SECRET: 's'.repeat(32),
    LOG_LEVEL: 'silent',
  });
  const platform: HubPlatform = {
    db: {} as DatabaseHandle,
    boss: {} as PgBoss,
    bus: {} as EventBus,
    orgPathOf: async () => [],
    lease: () => async () => undefined,
    leaseHeld: async () => false,
    now: Date.now,
    onError: () => undefined,
    warn: () => undefined,
    debug: () => undefined,
    metrics: new Registry(),
  };
  const modules = await createModules(platform, config);
  app = await buildServer(config, {
    db: {} as Db,
    modules: modules.list,
    authenticate: modules.authenticate,
    authenticateSession: modules.authenticateSession,
  });
  const res = await app.inject({ method: 'GET', url: '/openapi.json' });
  expect(res.statusCode).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  source = res.body;
  doc = res.json<OpenApiDocument>();
});
afterAll(() => app?.close());

const operations = () =>
  Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ path, method, operation })),
  );

describe('/openapi.json', () => {
  it('is OpenAPI 3.1', () => {
    expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it('passes Redocly’s recommended ruleset with no error and no warning', async () => {
    const problems = await lintFromString({
      source,
      absoluteRef: `${PUBLIC_URL}/openapi.json`,
      config: await createConfig({ extends: ['recommended'] }),
    });
    const found = problems
      .map((p) => `${p.severity} ${p.ruleId} ${p.location[0]?.pointer}: ${p.message}`)
      // The one exception: a websocket's success is `101 Switching Protocols`, never a 2XX,
      // and `operation-2xx-response` has no way to know that. Only that operation is let off.
      .filter(
        (p) =>
          p !==
          'warn operation-2xx-response #/paths/~1v1~1stream/get/responses: Operation must have at least one `2XX` response.',
      );
    expect(found).toEqual([]);
  });

  it('describes every endpoint of docs/reference/api.md, /health and the stream included', async () => {
    const documented = (await documentedRoutes()).filter(
      (r) => r.path.startsWith('/v1/') || r.path === '/health',
    );
    expect(documented.length).toBeGreaterThan(30);
    const missing = documented.filter(
      (r) => !doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()],
    );
    expect(missing).toEqual([]);
    for (const path of [
      '/health',
      '/v1/stream',
      '/v1/webhooks/{provider}',
      '/v1/unsubscribe/{token}',
      '/r/{token}',
      '/u/{token}',
    ]) {
      expect(doc.paths[path]?.get, path).toBeDefined();
    }
    expect(doc.paths['/health']?.get?.security).toEqual([]);
  });

  it('gives every operation a unique camelCase operationId, a summary, a description and one declared tag', () => {
    const tags = new Map(doc.tags.map((t) => [t.name, t.description]));
    expect([...tags.keys()]).toEqual(OPENAPI_TAGS.map((t) => t.name));
    const ids = new Set<string>();
    for (const { path, method, operation } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(operation.operationId, where).toMatch(/^[a-z][a-zA-Z]+$/);
      expect(ids.has(operation.operationId as string), `${where}: duplicate id`).toBe(false);
      ids.add(operation.operationId as string);
      expect(operation.summary?.length, where).toBeGreaterThan(5);
      expect(operation.description?.length, where).toBeGreaterThan(10);
      expect(operation.tags, where).toHaveLength(1);
      expect(tags.get(operation.tags?.[0] as string), where).toBeTruthy();
    }
    expect(ids.size).toBeGreaterThan(40);
  });

  it('declares every error as application/problem+json with the shared Problem schema, 429 with Retry-After everywhere, 500 nowhere', () => {
    expect(doc.components.schemas.Problem).toEqual(problemComponent());
    for (const { path, method, operation } of operations()) {
      const where = `${method.toUpperCase()} ${path}`;
      expect(operation.responses['500'], where).toBeUndefined();
      expect(operation.responses['429']?.headers?.['Retry-After'], where).toBeDefined();
      for (const [status, response] of Object.entries(operation.responses)) {
        if (Number(status) < 400) continue;
        expect(Object.keys(response.content ?? {}), `${where} ${status}`).toEqual([
          'application/problem+json',
        ]);
        expect(response.content?.['application/problem+json']?.schema.$ref).toBe(PROBLEM_REF);
        expect(response.description, `${where} ${status}`).toMatch(/`[a-z_]+`/);
      }
    }
    const createContact = doc.paths['/v1/contacts']?.post?.responses ?? {};
    expect(Object.keys(createContact)).toEqual(
      expect.arrayContaining(['400', '401', '403', '404', '409', '422', '429']),
    );
  });

  it('describes the problem body the hub sends', async () => {
    const res = await app.inject({ method: 'GET', url: '/v1/nowhere' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    // strictObject: a field the hub sends that the document lacks fails here too.
    expect(ProblemSchema.safeParse(res.json()).error).toBeUndefined();
  });

  it('names the hub’s public URL as its server', () => {
    expect(doc.servers).toEqual([expect.objectContaining({ url: PUBLIC_URL })]);
  });

  it('carries the constraints the hub enforces on the contact body', () => {
    const body = doc.paths['/v1/contacts']?.post?.requestBody?.content['application/json']?.schema;
    expect(body?.additionalProperties).toBe(false);
    expect(body?.properties?.addresses?.additionalProperties).toBe(false);
    expect(body?.properties?.language?.enum).toEqual([...LANGUAGES]);
    expect(body?.properties?.addresses?.properties?.phone?.pattern).toBeTruthy();
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
