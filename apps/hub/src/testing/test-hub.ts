import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../config.js';
import { createHub, type Hub, type HubOptions } from '../hub.js';
import { bootstrap } from '../seed/bootstrap.js';
import type { DemoSeed } from '../seed/demo.seed.js';

/** A hub for tests: its own database, the demo tenant, a known admin key. */
export interface TestHub extends AsyncDisposable {
  hub: Hub;
  adminKey: string;
  seed: DemoSeed;
  /** `Authorization` header for the admin key. */
  auth: { authorization: string };
  close(): Promise<void>;
}

export interface TestHubOptions extends HubOptions {
  /** Extra environment (e.g. SAFENET_SMTP_URL). */
  env?: Record<string, string>;
  /** 'embedded' (default) or 'postgres' (TEST_DATABASE_URL or the local server). */
  database?: 'embedded' | 'postgres';
}

/** The PostgreSQL the tests use: TEST_DATABASE_URL, else the local server's `test` database. */
export const TEST_POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

export async function startTestHub(options: TestHubOptions = {}): Promise<TestHub> {
  const dir = await mkdtemp(join(tmpdir(), 'safenet-test-'));
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const adminKey = `sn_test_${randomBytes(16).toString('hex')}`;
  const postgres = options.database === 'postgres';
  const config = loadConfig({
    SAFENET_DATA_DIR: dir,
    SAFENET_DB_SCHEMA: schema,
    SAFENET_ADMIN_KEY: adminKey,
    LOG_LEVEL: 'silent',
    ...(postgres ? { DATABASE_URL: TEST_POSTGRES_URL } : {}),
    ...options.env,
  });
  const hub = await createHub(config, options);
  const { demo } = await bootstrap(hub.db, config);
  if (!demo) throw new Error('the test database was not fresh');
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await hub.close();
    if (postgres) await dropSchemas(config.database.kind === 'postgres' ? config.database.url : '', schema);
    await rm(dir, { recursive: true, force: true });
  };
  return {
    hub,
    adminKey,
    seed: demo,
    auth: { authorization: `Bearer ${adminKey}` },
    close,
    [Symbol.asyncDispose]: close,
  };
}

async function dropSchemas(url: string, schema: string): Promise<void> {
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await client.query(`DROP SCHEMA IF EXISTS "${schema}_queue" CASCADE`);
  } finally {
    await client.end();
  }
}
