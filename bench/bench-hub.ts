/**
 * A hub for a benchmark, in this process, from dist: embedded PostgreSQL in a temporary
 * directory, or PostgreSQL on 127.0.0.1 in a schema of its own that is dropped afterwards.
 * Contacts are bulk-loaded through the API and a broadcast is timed from its POST until its
 * progress says `completed`: the steps every broadcast benchmark shares.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, createHub, dropStoreSchemas, type Hub, loadConfig } from '@safenet/hub';
import { SafenetClient } from '@safenet/sdk';
import { freePort } from '@safenet/tests/support/hub-process';

const ADMIN_KEY = 'sn_bench_admin_key_0000000000000000';
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';

type Client = SafenetClient;
type BulkContact = Parameters<Client['contacts']['bulkUpsert']>[0]['contacts'][number];
type BroadcastInput = Parameters<Client['broadcasts']['create']>[0];
type Progress = Awaited<ReturnType<Client['broadcasts']['progress']>>;

/** A running hub with a school to load contacts into. */
export interface BenchHub extends AsyncDisposable {
  /** The hub itself, for benchmarks that reach past the API (its event bus). */
  hub: Hub;
  client: SafenetClient;
  /** `http://127.0.0.1:<port>`, also the hub's `SAFENET_PUBLIC_URL`. */
  baseUrl: string;
  /** The root organisation (the ministry), the admin key's. */
  rootId: string;
  schoolId: string;
  /** The admin key, for clients of the benchmark's own. */
  adminKey: string;
  /** `send batch × 2`: how many sends the hub has in flight at most. */
  concurrency: number;
  close(): Promise<void>;
}

/**
 * Starts a hub with `env` on top of the benchmark's defaults, listening on a free port that
 * is also its SAFENET_PUBLIC_URL (so provider callbacks reach it), and creates a province
 * and a school.
 */
export async function startBenchHub(options: {
  postgres: boolean;
  env: Record<string, string>;
}): Promise<BenchHub> {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'safenet-bench-'));
  const schema = `bench_${process.pid}_${Date.now() % 100_000}`;
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({
    SAFENET_DATA_DIR: dir,
    SAFENET_DB_SCHEMA: schema,
    SAFENET_ADMIN_KEY: ADMIN_KEY,
    SAFENET_PUBLIC_URL: baseUrl,
    LOG_LEVEL: 'warn',
    // Progress is polled every 100 ms, near the default 600 a minute: a 429 would time the SDK's wait.
    SAFENET_RATE_LIMIT_PER_MINUTE: '0',
    SAFENET_RATE_LIMIT_PUBLIC_PER_MINUTE: '0',
    // A benchmark runs at whatever hour the machine's clock shows: from 21:00 in Almaty its
    // broadcast would wait for the morning.
    SAFENET_QUIET_HOURS: 'off',
    ...(options.postgres ? { DATABASE_URL: POSTGRES_URL } : {}),
    ...options.env,
  });
  const hub = await createHub(config);
  const close = async () => {
    await hub.close();
    if (options.postgres) await dropSchemas(schema);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await bootstrap(hub.db, config);
    await hub.app.listen({ port, host: '127.0.0.1' });
    const client = new SafenetClient({ baseUrl, apiKey: ADMIN_KEY });
    const [ministry] = (await client.organisations.list({ limit: 1 })).items;
    if (!ministry) throw new Error('no root organisation');
    const province = await client.organisations.create({
      parentId: ministry.id,
      kind: 'province',
      name: 'Bench province',
      timeZone: 'Asia/Almaty',
      defaultLanguage: 'ru',
    });
    const school = await client.organisations.create({
      parentId: province.id,
      kind: 'school',
      name: 'Bench school',
    });
    return {
      hub,
      client,
      baseUrl,
      rootId: ministry.id,
      schoolId: school.id,
      adminKey: ADMIN_KEY,
      concurrency: config.dispatch.sendBatch * 2,
      close,
      [Symbol.asyncDispose]: close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Bulk-loads `count` contacts in requests of 1,000; resolves with contacts per second. */
export async function loadContacts(
  hub: BenchHub,
  count: number,
  contact: (i: number) => Omit<BulkContact, 'orgId' | 'externalRef'>,
): Promise<number> {
  const started = performance.now();
  for (let start = 0; start < count; start += 1000) {
    await hub.client.contacts.bulkUpsert({
      contacts: Array.from({ length: Math.min(1000, count - start) }, (_, k) => ({
        orgId: hub.schoolId,
        externalRef: `bench-${start + k}`,
        ...contact(start + k),
      })),
    });
  }
  return count / ((performance.now() - started) / 1000);
}

/**
 * Broadcasts `content` on `channels` to every contact of the school and polls progress
 * until it is `completed`; resolves with the final progress and the seconds from the POST.
 */
export async function broadcastToSchool(
  hub: BenchHub,
  channels: BroadcastInput['channels'],
  content: BroadcastInput['content'],
  timeoutMs = 30 * 60_000,
): Promise<{ progress: Progress; seconds: number }> {
  const segment = await hub.client.segments.create({
    orgId: hub.schoolId,
    name: `Bench parents ${Date.now()}`,
    query: { underOrgIds: [hub.schoolId] },
  });
  const started = performance.now();
  const broadcast = await hub.client.broadcasts.create({
    orgId: hub.schoolId,
    segmentId: segment.id,
    channels,
    content,
  });
  for (;;) {
    const progress = await hub.client.broadcasts.progress(broadcast.id);
    if (progress.status === 'completed') {
      return { progress, seconds: (performance.now() - started) / 1000 };
    }
    if (performance.now() - started > timeoutMs) {
      throw new Error(`broadcast not completed after ${timeoutMs} ms: ${JSON.stringify(progress)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function dropSchemas(schema: string): Promise<void> {
  const pg = await import('pg');
  const client = new pg.default.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    await dropStoreSchemas(client, schema);
  } finally {
    await client.end();
  }
}
