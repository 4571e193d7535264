/**
 * Memory of a national broadcast: 1,000,000 SMS through the deployment of
 * docs/guides/deploy.md — one `safenet-hub api` and two `safenet-hub worker` processes (the
 * built hub) on PostgreSQL in a schema of their own, the local Twilio Messages API in a
 * process of its own (status callbacks off, no limit). Measured against each process's own
 * idle resident set: its RSS after start (median over 5 s, before any contact exists), its
 * peak RSS during the broadcast (sampled from /proc every 250 ms and the kernel's own peak,
 * `VmHWM`, reset at the POST), and the growth between the two — the target is ≤ 200 MB per
 * process. Also: the time from `POST /v1/broadcasts` to `completed`, messages a second, how
 * long `GET /v1/broadcasts/:id/progress` takes as the broadcast grows (it counts deliveries),
 * the growth of the deliveries, events and queue tables, and the idle RSS of the default hub
 * (`node apps/hub/dist/main.js`: embedded PostgreSQL, demo data) for comparison.
 *
 * Contacts: `--seed sql` (the default) creates one contact through the API and copies it
 * with one `INSERT … SELECT generate_series` into the hub's contacts table, each copy with
 * its own id (ordered, like the hub's UUIDv7) and phone; `--seed api` loads them all through
 * the SDK's bulk upsert, 1,000 a request. The API path loads ~1,700 contacts a second here
 * (docs/performance.md), ~10 minutes for a million before the broadcast starts, and what
 * this benchmark measures is the broadcast, not the import.
 *
 * Not part of `npm run bench`: at ~1,000 SMS a second the full million takes 20–30 minutes.
 * Run it alone: `npm run bench:million` (cd bench), or during development
 * `node --import tsx million.bench.ts --count 50000`.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dropStoreSchemas } from '@safenet/hub';
import { SafenetClient } from '@safenet/sdk';
import { freePort, type HubProcess, spawnHub } from '@safenet/tests/support/hub-process';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '@safenet/tests/support/twilio-server';
import pg from 'pg';
import {
  mb,
  processTreePss,
  RssSampler,
  resetPeak,
  residentOf,
  settledRss,
} from './proc-memory.js';
import type { ProvidersReady, ProvidersReport } from './providers-process.js';
import { phone } from './twilio-baseline.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000000' },
    batch: { type: 'string', default: '50' },
    seed: { type: 'string', default: 'sql' },
  },
});
const COUNT = Number(values.count);
const SEND_BATCH = Number(values.batch);
const SEED = values.seed === 'api' ? 'api' : 'sql';
const TARGET_MB = 200;
/**
 * The workers' V8 options docs/guides/deploy.md recommends (a young generation of 8 MB semi-
 * spaces, old space capped at 256 MB); `HUB_NODE_OPTIONS` replaces them (empty: none).
 */
const WORKER_NODE_OPTIONS =
  process.env.HUB_NODE_OPTIONS ?? '--max-semi-space-size=8 --max-old-space-size=256';
const POSTGRES_URL = 'postgres://postgres@127.0.0.1:5432/test';
const FROM = '+15005550006';
const BODY = 'Памятка: поговорите с ребёнком об интернете. Телефон доверия 111.';
const CONSENT = {
  status: 'granted' as const,
  source: 'benchmark',
  at: '2017-04-03T10:00:00+06:00',
};
/** A broadcast whose sent count stands still this long has failed. */
const STALL_MS = 5 * 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** The default hub, idle: its Node process and its embedded PostgreSQL's processes. */
async function defaultHubIdle(): Promise<{ rss: number; pss: number; processes: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'safenet-million-'));
  try {
    await using hub = spawnHub({ SAFENET_DATA_DIR: dir, PORT: String(await freePort()) });
    await hub.ready();
    // Like docs/performance.md's earlier figure: 20 s after the banner.
    await sleep(15_000);
    const rss = await settledRss(hub.child.pid as number);
    const postgres = await processTreePss(`-D ${join(dir, 'postgres')}`);
    await hub.stop('SIGTERM');
    return { rss, ...postgres };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Bytes of the broadcast's tables, and of pg-boss's schema as a whole. */
async function tableSizes(db: pg.Client, schema: string): Promise<Record<string, number>> {
  const { rows } = await db.query<{ name: string; bytes: string }>(
    `select c.relname as name, pg_total_relation_size(c.oid)::text as bytes
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $1 and c.relname in ('contacts', 'deliveries', 'events')
     union all
     select 'queue (pg-boss)', coalesce(sum(pg_total_relation_size(c.oid)), 0)::text
       from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = $2 and c.relkind = 'r'`,
    [schema, `${schema}_queue`],
  );
  return Object.fromEntries(rows.map((row) => [row.name, Number(row.bytes)]));
}

/** Contacts 1 … COUNT-1 as copies of contact 0 (the API's own row), in one statement. */
async function seedBySql(db: pg.Client, schema: string, schoolId: string): Promise<void> {
  // Ids in the shape of UUIDv7 and in the order of the series, as the hub's are in the order
  // of their creation; the phone is twilio-baseline's `phone(g)`.
  await db.query(
    `insert into "${schema}".contacts
       (id, org_id, org_path, external_ref, display_name, role, language, time_zone,
        child_age_bands, addresses, consents)
     select ('01900000-0000-7000-8000-' || lpad(to_hex(g), 12, '0'))::uuid,
            t.org_id, t.org_path, 'bench-' || g, null, t.role, t.language, t.time_zone,
            t.child_age_bands,
            jsonb_set(t.addresses, '{phone}', to_jsonb('+7701' || substr((10000000 + g)::text, 2))),
            t.consents
       from "${schema}".contacts t, generate_series(1, $2::int - 1) g
      where t.org_id = $1 and t.external_ref = 'bench-0'`,
    [schoolId, COUNT],
  );
  // Autovacuum would analyse the new rows a while later, as after any large import; the
  // broadcast should not be planned on the statistics of an empty table.
  await db.query(`analyze "${schema}".contacts`);
}

/** Contacts `from` … `to`-1 through the SDK's bulk upsert, 1,000 a request. */
async function seedByApi(client: SafenetClient, schoolId: string, from: number, to: number) {
  for (let start = from; start < to; start += 1000) {
    await client.contacts.bulkUpsert({
      contacts: Array.from({ length: Math.min(1000, to - start) }, (_, k) => ({
        orgId: schoolId,
        externalRef: `bench-${start + k}`,
        role: 'parent' as const,
        language: 'ru' as const,
        addresses: { phone: phone(start + k) },
        consents: { sms: CONSENT },
      })),
    });
  }
}

interface ProgressSample {
  sent: number;
  ms: number;
}

/** p-quantile of sorted numbers. */
const quantile = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

async function run() {
  const providers = fork(
    fileURLToPath(new URL('./providers-process.ts', import.meta.url)),
    ['100000', '100000'],
    { execArgv: ['--import', 'tsx'] },
  );
  const { twilioUrl } = await new Promise<ProvidersReady>((resolve) =>
    providers.once('message', (m) => resolve(m as ProvidersReady)),
  );
  const schema = `bench_million_${randomBytes(4).toString('hex')}`;
  const adminKey = `sn_bench_${randomBytes(16).toString('hex')}`;
  const env = {
    DATABASE_URL: POSTGRES_URL,
    SAFENET_DB_SCHEMA: schema,
    SAFENET_ADMIN_KEY: adminKey,
    SAFENET_DEMO: 'false',
    SAFENET_TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
    SAFENET_TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
    SAFENET_TWILIO_FROM: FROM,
    SAFENET_TWILIO_API_URL: twilioUrl,
    SAFENET_TWILIO_SEGMENTS_PER_SECOND: '10000',
    SAFENET_SEND_BATCH: String(SEND_BATCH),
    SAFENET_RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'warn',
  };
  const db = new pg.Client({ connectionString: POSTGRES_URL });
  await db.connect();
  const hubs: { name: string; hub: HubProcess }[] = [];
  try {
    const api = spawnHub({ ...env, PORT: String(await freePort()), HOST: '127.0.0.1' }, ['api']);
    hubs.push({ name: 'api', hub: api });
    const { baseUrl } = await api.ready();
    const workerEnv = WORKER_NODE_OPTIONS ? { ...env, NODE_OPTIONS: WORKER_NODE_OPTIONS } : env;
    for (const name of ['worker 1', 'worker 2'])
      hubs.push({ name, hub: spawnHub(workerEnv, ['worker']) });
    await Promise.all(hubs.map(({ hub }) => hub.running()));
    const pids = hubs.map(({ hub }) => hub.child.pid as number);
    // Past start-up (migrations, queue creation, the first timers): what an idle process holds.
    await sleep(5_000);
    const idle = await Promise.all(pids.map((pid) => settledRss(pid)));

    const client = new SafenetClient({ baseUrl, apiKey: adminKey });
    const [root] = (await client.organisations.list({ limit: 1 })).items;
    if (!root) throw new Error('no root organisation');
    const province = await client.organisations.create({
      parentId: root.id,
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
    const seedStarted = performance.now();
    if (SEED === 'sql') {
      await seedByApi(client, school.id, 0, 1);
      await seedBySql(db, schema, school.id);
    } else {
      await seedByApi(client, school.id, 0, COUNT);
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const segment = await client.segments.create({
      orgId: school.id,
      name: 'Bench parents',
      query: { underOrgIds: [school.id] },
    });
    const sizesBefore = await tableSizes(db, schema);
    const before = await Promise.all(pids.map((pid) => residentOf(pid)));
    const peaksReset = (await Promise.all(pids.map(resetPeak))).every(Boolean);
    const sampler = new RssSampler(pids);

    const started = performance.now();
    const broadcast = await client.broadcasts.create({
      orgId: school.id,
      segmentId: segment.id,
      channels: ['sms'],
      content: { body: { ru: BODY } },
    });
    console.log(`  broadcast ${broadcast.id} posted; contacts seeded in ${fmt(seedSeconds, 1)} s`);
    const samples: ProgressSample[] = [];
    let reported = 0;
    let lastSent = -1;
    let lastMove = performance.now();
    for (;;) {
      const asked = performance.now();
      const progress = await client.broadcasts.progress(broadcast.id);
      const sent = progress.counts.sent ?? 0;
      samples.push({ sent, ms: performance.now() - asked });
      // A line per tenth: the full run takes long enough to want to see it move.
      if (sent >= (reported + 0.1) * COUNT) {
        reported = Math.floor((sent / COUNT) * 10) / 10;
        console.log(
          `    ${fmt((performance.now() - started) / 1000).padStart(5)} s  ${fmt(sent).padStart(9)} sent  RSS ${pids.map((pid) => fmt(mb(sampler.highest(pid)))).join(' / ')} MB (highest so far)`,
        );
      }
      if (progress.status === 'completed') {
        if (sent !== COUNT) throw new Error(`expected ${COUNT} sent: ${JSON.stringify(progress)}`);
        break;
      }
      if (sent !== lastSent) {
        lastSent = sent;
        lastMove = performance.now();
      } else if (performance.now() - lastMove > STALL_MS) {
        throw new Error(`no progress for ${STALL_MS / 1000} s: ${JSON.stringify(progress)}`);
      }
      await sleep(1_000);
    }
    const seconds = (performance.now() - started) / 1000;
    await sampler.stop();
    const after = await Promise.all(pids.map((pid) => residentOf(pid)));
    const sizesAfter = await tableSizes(db, schema);
    providers.send('report');
    const report = await new Promise<ProvidersReport>((resolve) =>
      providers.once('message', (m) => resolve(m as ProvidersReport)),
    );
    await Promise.all(hubs.map(({ hub }) => hub.stop()));
    return {
      idle,
      before,
      after,
      peaks: pids.map((pid, i) =>
        Math.max(sampler.highest(pid), peaksReset ? (after[i]?.peak ?? 0) : 0),
      ),
      peaksReset,
      seconds,
      seedSeconds,
      samples,
      sizesBefore,
      sizesAfter,
      accepted: report.twilio.arrivals.length,
    };
  } catch (error) {
    for (const { name, hub } of hubs) {
      console.error(`--- ${name} stderr (last 2,000 characters)\n${hub.stderr().slice(-2000)}`);
    }
    throw error;
  } finally {
    await Promise.all(hubs.map(({ hub }) => hub.stop('SIGKILL')));
    await dropStoreSchemas(db, schema);
    await db.end();
    providers.disconnect();
  }
}

console.log(
  `million: ${fmt(COUNT)} SMS, 1 api + 2 workers on PostgreSQL (batches of ${SEND_BATCH}), contacts seeded by ${SEED}, ${process.version}, ${cpus().length} cores, workers' NODE_OPTIONS: ${WORKER_NODE_OPTIONS || 'none'}`,
);
const standard = await defaultHubIdle();
console.log(
  `  default hub, idle      node ${fmt(mb(standard.rss))} MB RSS; embedded PostgreSQL ${fmt(mb(standard.pss))} MB PSS in ${standard.processes} processes`,
);
const r = await run();
console.log(
  `  contacts seeded        ${fmt(r.seedSeconds, 1)} s (${fmt(COUNT / r.seedSeconds)} contacts/s)`,
);
console.log(
  `  broadcast              ${fmt(r.seconds, 1)} s POST → completed, ${fmt(COUNT / r.seconds)} msg/s; Twilio accepted ${fmt(r.accepted)}`,
);
console.log(
  `  peaks from             RSS samples every 250 ms${r.peaksReset ? ' and VmHWM reset at the POST' : ' (VmHWM could not be reset)'}`,
);
console.log(
  '  process    idle RSS   before POST   peak RSS   growth (peak − idle)   after   target',
);
for (const [i, name] of ['api', 'worker 1', 'worker 2'].entries()) {
  const idle = mb(r.idle[i] ?? 0);
  const peak = mb(r.peaks[i] ?? 0);
  const growth = peak - idle;
  console.log(
    `  ${name.padEnd(9)} ${fmt(idle).padStart(6)} MB ${fmt(mb(r.before[i]?.rss ?? 0)).padStart(10)} MB ${fmt(peak).padStart(7)} MB ${fmt(growth).padStart(13)} MB (× ${fmt(peak / idle, 2)}) ${fmt(mb(r.after[i]?.rss ?? 0)).padStart(7)} MB   ${growth <= TARGET_MB ? 'ok' : `OVER ${TARGET_MB} MB`}`,
  );
}
const latencies = r.samples.map((s) => s.ms).sort((a, b) => a - b);
console.log(
  `  progress GET           ${latencies.length} calls: p50 ${fmt(quantile(latencies, 0.5), 1)} ms, p95 ${fmt(quantile(latencies, 0.95), 1)} ms, max ${fmt(latencies.at(-1) ?? 0, 1)} ms`,
);
for (const fraction of [0.1, 0.25, 0.5, 0.75, 0.9, 1]) {
  const sample = r.samples.find((s) => s.sent >= fraction * COUNT);
  if (sample) {
    console.log(`    at ${fmt(sample.sent).padStart(9)} sent    ${fmt(sample.ms, 1)} ms`);
  }
}
console.log('  PostgreSQL             before POST → completed');
for (const table of Object.keys(r.sizesAfter)) {
  console.log(
    `    ${table.padEnd(20)} ${fmt(mb(r.sizesBefore[table] ?? 0)).padStart(6)} MB → ${fmt(mb(r.sizesAfter[table] ?? 0))} MB`,
  );
}
