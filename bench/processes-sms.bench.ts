/**
 * SMS fan-out as deployed (docs/guides/deploy.md): one `safenet-hub api` and two
 * `safenet-hub worker` processes (the built hub, `apps/hub/dist/main.js`) on PostgreSQL, the
 * local Twilio Messages API in a process of its own, against a plain undici POST loop from
 * this process to the same server with as many requests in flight as the two workers can
 * have (2 × 2 send batches), before and after. Prints both rates and the ratio, the CPU
 * the hub's processes and their PostgreSQL backends spent per message (from /proc; it moves
 * less with what else the machine is running than the rates, though under heavy load it
 * moves too), and how often a batch's optimistic write of the pacing row lost its race.
 * With `--cpu-prof DIR` each worker writes a V8 CPU profile into DIR when it stops (read it
 * with Chrome's DevTools, or `node --import tsx cpu-profile-top.ts FILE` for its top
 * self times).
 * `HUB_NODE_OPTIONS` in the environment is given to the workers as `NODE_OPTIONS`.
 * With `--postgres URL` it runs on another PostgreSQL (one with `pg_stat_statements`, to see
 * what each statement costs the database).
 * Usage: node --import tsx processes-sms.bench.ts [--count 20000] [--batch 50] [--cpu-prof DIR]
 *   [--postgres URL]
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dropStoreSchemas } from '@safenet/hub';
import { SafenetClient } from '@safenet/sdk';
import { freePort, spawnHub } from '@safenet/tests/support/hub-process';
import { TEST_ACCOUNT_SID, TEST_AUTH_TOKEN } from '@safenet/tests/support/twilio-server';
import pg from 'pg';
import { Pool } from 'undici';
import type { ProvidersReady } from './providers-process.js';
import { phone } from './twilio-baseline.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '20000' },
    batch: { type: 'string', default: '50' },
    'cpu-prof': { type: 'string' },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const COUNT = Number(values.count);
const SEND_BATCH = Number(values.batch);
const WORKERS = 2;
const CONCURRENCY = WORKERS * 2 * SEND_BATCH;
const POSTGRES_URL = values.postgres;
const FROM = '+15005550006';
const BODY = 'Памятка: поговорите с ребёнком об интернете. Телефон доверия 111.';

const providers = fork(
  fileURLToPath(new URL('./providers-process.ts', import.meta.url)),
  ['100000', '100000'],
  { execArgv: ['--import', 'tsx'] },
);
const { twilioUrl } = await new Promise<ProvidersReady>((resolve) =>
  providers.once('message', (m) => resolve(m as ProvidersReady)),
);

/** undici POSTs to the providers process's Twilio server, `CONCURRENCY` in flight. */
async function raw(): Promise<{ rate: number; cpuMs: number }> {
  const pool = new Pool(twilioUrl, { connections: CONCURRENCY });
  const path = `/2010-04-01/Accounts/${TEST_ACCOUNT_SID}/Messages.json`;
  const headers = {
    authorization: `Basic ${Buffer.from(`${TEST_ACCOUNT_SID}:${TEST_AUTH_TOKEN}`).toString('base64')}`,
    'content-type': 'application/x-www-form-urlencoded',
  };
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < COUNT; i = next++) {
        const form = { To: phone(i), Body: BODY, From: FROM };
        const { statusCode, body } = await pool.request({
          path,
          method: 'POST',
          headers,
          body: new URLSearchParams(form).toString(),
        });
        await body.text();
        if (statusCode !== 201) throw new Error(`baseline: HTTP ${statusCode}`);
      }
    }),
  );
  const rate = COUNT / ((performance.now() - started) / 1000);
  const { user, system } = process.cpuUsage(cpu);
  await pool.close();
  return { rate, cpuMs: (user + system) / 1000 / COUNT };
}

/**
 * CPU seconds (user + system) a process has used, from /proc/PID/stat; undefined where
 * there is no /proc. Fields 14 and 15 after the command name, in clock ticks (100 a second
 * on Linux).
 */
function cpuSeconds(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

/**
 * CPU seconds of every PostgreSQL process on this machine, by pid (backends that exit between
 * two readings are lost); empty without /proc or a local PostgreSQL.
 */
function postgresCpuSeconds(): Map<number, number> {
  const seen = new Map<number, number>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return seen;
  }
  for (const pid of pids) {
    try {
      if (readFileSync(`/proc/${pid}/comm`, 'utf8').trim() !== 'postgres') continue;
      const seconds = cpuSeconds(Number(pid));
      if (seconds !== undefined) seen.set(Number(pid), seconds);
    } catch {
      // gone meanwhile
    }
  }
  return seen;
}

/**
 * The PostgreSQL backends serving these processes: their sockets' local ports (from
 * /proc/PID/fd and /proc/net/tcp*) matched to `pg_stat_activity.client_port`. Other sessions'
 * backends on the same server are left out.
 */
async function backendsOf(pids: (number | undefined)[], postgresUrl: string): Promise<number[]> {
  const inodes = new Set<string>();
  for (const pid of pids) {
    try {
      for (const fd of readdirSync(`/proc/${pid}/fd`)) {
        const link = readlinkSync(`/proc/${pid}/fd/${fd}`, { encoding: 'utf8' });
        const inode = /^socket:\[(\d+)\]$/.exec(link)?.[1];
        if (inode) inodes.add(inode);
      }
    } catch {
      // no /proc, or the process is gone
    }
  }
  const ports: number[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let lines: string[] = [];
    try {
      lines = readFileSync(table, 'utf8').trim().split('\n').slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      const local = fields[1] ?? '';
      if (inodes.has(fields[9] ?? '')) ports.push(Number.parseInt(local.split(':')[1] ?? '', 16));
    }
  }
  if (ports.length === 0) return [];
  const client = new pg.Client({ connectionString: postgresUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ pid: number }>(
      'select pid from pg_stat_activity where client_port = any($1::int[])',
      [ports],
    );
    return rows.map((row) => row.pid);
  } finally {
    await client.end();
  }
}

/**
 * CPU milliseconds per message PostgreSQL spent between two {@link postgresCpuSeconds}: its
 * backends serving the hub (`ours`, those alive at the end), and every process of the server.
 */
function postgresCpuPerMessage(
  before: Map<number, number>,
  after: Map<number, number>,
  ours: readonly number[],
): string {
  if (after.size === 0) return '?';
  const spent = (pids: Iterable<number>) => {
    let seconds = 0;
    for (const pid of pids) seconds += (after.get(pid) ?? 0) - (before.get(pid) ?? 0);
    return ((1000 * seconds) / COUNT).toFixed(3);
  };
  return `${spent(ours)} (all of it ${spent(after.keys())})`;
}

/** CPU milliseconds per message each process spent between two `cpuSeconds` readings. */
function cpuPerMessage(before: (number | undefined)[], after: (number | undefined)[]): string {
  return before
    .map((start, i) => {
      const end = after[i];
      return start === undefined || end === undefined
        ? '?'
        : ((1000 * (end - start)) / COUNT).toFixed(3);
    })
    .join(' / ');
}

async function throughHub(): Promise<{ rate: number; seconds: number; cpu: string }> {
  const schema = `bench_proc_${randomBytes(4).toString('hex')}`;
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
  await using api = spawnHub({ ...env, PORT: String(await freePort()), HOST: '127.0.0.1' }, [
    'api',
  ]);
  const { baseUrl } = await api.ready();
  const profile = values['cpu-prof'];
  const nodeOptions = [
    process.env.HUB_NODE_OPTIONS ?? '',
    profile === undefined ? '' : `--cpu-prof --cpu-prof-dir=${profile}`,
  ]
    .join(' ')
    .trim();
  const workerEnv = nodeOptions ? { ...env, NODE_OPTIONS: nodeOptions } : env;
  await using workerA = spawnHub(workerEnv, ['worker']);
  await using workerB = spawnHub(workerEnv, ['worker']);
  await Promise.all([workerA.running(), workerB.running()]);
  try {
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
    for (let start = 0; start < COUNT; start += 1000) {
      await client.contacts.bulkUpsert({
        contacts: Array.from({ length: Math.min(1000, COUNT - start) }, (_, k) => ({
          orgId: school.id,
          externalRef: `bench-${start + k}`,
          role: 'parent' as const,
          language: 'ru' as const,
          addresses: { phone: phone(start + k) },
          consents: {
            sms: {
              status: 'granted' as const,
              source: 'benchmark',
              at: '2017-04-03T10:00:00+06:00',
            },
          },
        })),
      });
    }
    const segment = await client.segments.create({
      orgId: school.id,
      name: 'Bench parents',
      query: { underOrgIds: [school.id] },
    });
    const processes = [api, workerA, workerB].map((hub) => hub.child.pid);
    const cpuBefore = processes.map(cpuSeconds);
    const postgresBefore = postgresCpuSeconds();
    const started = performance.now();
    const broadcast = await client.broadcasts.create({
      orgId: school.id,
      segmentId: segment.id,
      channels: ['sms'],
      content: { body: { ru: BODY } },
    });
    for (;;) {
      const progress = await client.broadcasts.progress(broadcast.id);
      if (progress.status === 'completed') {
        if ((progress.counts.sent ?? 0) !== COUNT) {
          throw new Error(`expected ${COUNT} sent: ${JSON.stringify(progress.counts)}`);
        }
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    const seconds = (performance.now() - started) / 1000;
    const hubCpu = cpuPerMessage(cpuBefore, processes.map(cpuSeconds));
    const postgresAfter = postgresCpuSeconds();
    const ours = await backendsOf(processes, POSTGRES_URL);
    const cpu = `${hubCpu} / ${postgresCpuPerMessage(postgresBefore, postgresAfter, ours)}`;
    // Stopped before their schema is dropped: a profile is written when a process exits by
    // itself, and nothing logs errors about tables going away under it.
    await Promise.all([workerA.stop(), workerB.stop(), api.stop()]);
    return { rate: COUNT / seconds, seconds, cpu };
  } finally {
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    await client.connect();
    // How often a send batch's write of the pacing schedule lost its race (each try scans
    // the row's index twice, a read and a write; the locked path three times).
    const { rows } = await client.query<{ scans: string; writes: string }>(
      `select idx_scan::text as scans, n_tup_upd::text as writes from pg_stat_user_tables
        where schemaname = $1 and relname = 'pacing'`,
      [schema],
    );
    if (rows[0])
      console.log(`  pacing row            ${rows[0].scans} index scans, ${rows[0].writes} writes`);
    await dropStoreSchemas(client, schema);
    await client.end();
  }
}

console.log(
  `processes-sms: ${COUNT} SMS, 1 api + ${WORKERS} workers on PostgreSQL, ${CONCURRENCY} in flight at most, Node ${process.version}`,
);
const before = await raw();
const rawLine = (r: { rate: number; cpuMs: number }, when: string) =>
  `  raw undici POST loop  ${Math.round(r.rate)} msg/s  (${when}; CPU ${r.cpuMs.toFixed(3)} ms per message)`;
console.log(rawLine(before, 'before'));
const hub = await throughHub();
console.log(
  `  through the hub       ${Math.round(hub.rate)} msg/s  (${hub.seconds.toFixed(1)} s from POST to completed)`,
);
console.log(
  `  CPU ms per message    ${hub.cpu}  (api / worker / worker / PostgreSQL: the hub's backends, and all of the server)`,
);
const after = await raw();
console.log(rawLine(after, 'after'));
console.log(`  ratio hub / raw       ${(hub.rate / ((before.rate + after.rate) / 2)).toFixed(3)}`);
providers.disconnect();
