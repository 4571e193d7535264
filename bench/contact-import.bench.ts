/**
 * Contact imports of a large spreadsheet (issue 16): the built hub (`apps/hub/dist/main.js`,
 * api and worker in one process) on PostgreSQL in a schema of its own, a province with 20
 * schools known by their codes, and CSV files as a ministry's export would hold them (`;`,
 * UTF-8; a parent's name, a Kazakh mobile number written `8 701 123 45 67`, an email, the
 * language, the role, the school's code — no child's name or birth date). Through the SDK a
 * file of a tenth of the rows, then the full file (`mode=valid_rows`, matched on the phone),
 * each timed from the upload to `completed`, while the hub's resident set is sampled every
 * 50 ms (and its `VmHWM` reset at the upload): the peak growth over the resident set just
 * before. Then the full file again, unchanged (0 created, 0 updated); then the built `safenet
 * contacts import` on a fresh file of the same size, timed end to end as a child process. The
 * raw baseline, before and after: the same rows from the file into a plain table of text
 * columns with `pg`, multi-row INSERTs of 1,000 rows in one transaction.
 * Memory must not grow with the file's size: the full file's peak growth is compared with the
 * tenth's.
 * `HUB_NODE_OPTIONS` in the environment is given to the hub as `NODE_OPTIONS` (e.g.
 * `--max-old-space-size=128`, to see that an import fits a small heap).
 * Usage: node --import tsx contact-import.bench.ts [--rows 100000] [--postgres URL]
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, openAsBlob } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { dropStoreSchemas } from '@safenet/hub';
import { type ContactImport, SafenetClient } from '@safenet/sdk';
import { freePort, type HubProcess, spawnHub } from '@safenet/tests/support/hub-process';
import pg from 'pg';
import { mb, RssSampler, resetPeak, residentOf, settledRss } from './proc-memory.js';

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '100000' },
    postgres: { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/test' },
  },
});
const ROWS = Number(values.rows);
const SMALL = Math.max(1, Math.round(ROWS / 10));
const POSTGRES_URL = values.postgres;
const SCHOOLS = 20;
const RAW_BATCH = 1_000;
const CLI_MAIN = fileURLToPath(new URL('../apps/cli/dist/main.js', import.meta.url));
const CONSENT = {
  basis: 'consent' as const,
  channels: ['sms' as const, 'email' as const],
  source: 'согласие на родительском собрании, 10 апреля 2017',
};

const FIRST = ['Айгерим', 'Нурлан', 'Светлана', 'Ерлан', 'Гульнара', 'Асель', 'Дмитрий', 'Жанар'];
const LAST = ['Нурланова', 'Ахметов', 'Иванова', 'Сейтқали', 'Омарова', 'Ким', 'Жумабаев'];
const MIDDLE = ['Маратовна', 'Серикович', 'Петровна', 'Болатұлы', 'Ерлановна', 'Алексеевич'];
const HEADER = '№;ФИО родителя;Телефон;Email;Язык;Роль;Школа';

/** A row of the file `tag`: mobile numbers of operator code `operator`, unique by row. */
function line(i: number, operator: string, tag: string): string {
  const n = String(i).padStart(7, '0');
  const phone = `8 ${operator} ${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5)}`;
  const name = `${LAST[i % LAST.length]} ${FIRST[i % FIRST.length]} ${MIDDLE[i % MIDDLE.length]}`;
  const school = `KZ-ALM-${String((i % SCHOOLS) + 1).padStart(4, '0')}`;
  return `${i + 1};${name};${phone};parent.${tag}.${i}@example.kz;${i % 2 ? 'kk' : 'ru'};родитель;${school}`;
}

/** Writes a CSV of `rows` rows to `path`, a thousand lines a write. */
async function writeCsv(path: string, rows: number, operator: string, tag: string) {
  const out = createWriteStream(path);
  const write = (text: string) =>
    new Promise<void>((resolve, reject) =>
      out.write(text, (error) => (error ? reject(error) : resolve())),
    );
  await write(`${HEADER}\n`);
  for (let start = 0; start < rows; start += 1000) {
    const end = Math.min(rows, start + 1000);
    const lines: string[] = [];
    for (let i = start; i < end; i++) lines.push(line(i, operator, tag));
    await write(`${lines.join('\n')}\n`);
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/** One line of the results table. */
interface Result {
  file: string;
  path: string;
  rows: number;
  uploadS?: number;
  totalS: number;
  /** The hub's resident set just before, and at its peak during the import. */
  rss?: { before: number; peak: number };
  /** Lines printed under the table. */
  notes?: string[];
}

/**
 * Runs `work` while the hub's resident set is sampled every 50 ms (and its `VmHWM` reset,
 * so a peak between samples is not missed): the growth of its peak over its resident set
 * just before (the median of a second's samples).
 */
async function watched<T>(
  pid: number,
  work: () => Promise<T>,
): Promise<{ result: T; before: number; peak: number; growth: number }> {
  const before = await settledRss(pid, 1_000);
  const reset = await resetPeak(pid);
  const sampler = new RssSampler([pid], 50);
  let result: T;
  try {
    result = await work();
  } finally {
    await sampler.stop();
  }
  const { peak } = await residentOf(pid);
  const highest = Math.max(sampler.highest(pid), reset ? peak : 0);
  return { result, before, peak: highest, growth: highest - before };
}

/** The raw baseline: the file's rows into a plain table, 1,000 rows an INSERT, one transaction. */
async function rawBaseline(path: string, schema: string, round: number): Promise<number> {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  try {
    const table = `"${schema}".raw_contacts_${round}`;
    await client.query(
      `create table ${table} (n text, name text, phone text, email text, language text, role text, school text)`,
    );
    const started = performance.now();
    await client.query('begin');
    let batch: string[][] = [];
    const flush = async () => {
      if (batch.length === 0) return;
      const params: string[] = [];
      const tuples = batch.map((cells) => {
        const base = params.length;
        params.push(...cells);
        return `(${cells.map((_, k) => `$${base + k + 1}`).join(',')})`;
      });
      await client.query(`insert into ${table} values ${tuples.join(',')}`, params);
      batch = [];
    };
    let header = true;
    for await (const text of createInterface({
      input: createReadStream(path),
      crlfDelay: Infinity,
    })) {
      if (header) {
        header = false;
        continue;
      }
      if (text === '') continue;
      batch.push(text.split(';'));
      if (batch.length === RAW_BATCH) await flush();
    }
    await flush();
    await client.query('commit');
    const seconds = (performance.now() - started) / 1000;
    const { rows } = await client.query<{ n: string }>(`select count(*)::text as n from ${table}`);
    if (Number(rows[0]?.n) !== ROWS) throw new Error(`baseline: ${rows[0]?.n} rows, not ${ROWS}`);
    return seconds;
  } finally {
    await client.end();
  }
}

/** Runs the built CLI to its end: its exit, output, when it said the upload was done, and its time. */
function runCli(args: string[], env: NodeJS.ProcessEnv) {
  const started = performance.now();
  const child = spawn(process.execPath, [CLI_MAIN, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let uploaded: number | undefined;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    if (uploaded === undefined && /Import \S+ of .* started/.test(stderr)) {
      uploaded = (performance.now() - started) / 1000;
    }
  });
  return new Promise<{
    code: number | null;
    stdout: string;
    stderr: string;
    uploadS?: number;
    totalS: number;
  }>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) =>
      resolve({
        code,
        stdout,
        stderr,
        uploadS: uploaded,
        totalS: (performance.now() - started) / 1000,
      }),
    );
  });
}

/** Throws unless `done` completed with every row valid and the counts expected. */
function check(
  done: ContactImport,
  expected: Partial<ContactImport['counts']>,
  what: string,
): void {
  const wrong = Object.entries(expected).filter(
    ([key, value]) => done.counts[key as keyof ContactImport['counts']] !== value,
  );
  if (done.status !== 'completed' || done.counts.rejected !== 0 || wrong.length > 0) {
    throw new Error(
      `${what}: ${done.status}, counts ${JSON.stringify(done.counts)}, expected ${JSON.stringify(expected)}`,
    );
  }
}

const dir = await mkdtemp(join(tmpdir(), 'safenet-bench-import-'));
const schema = `bench_import_${randomBytes(4).toString('hex')}`;
let hub: HubProcess | undefined;
let cleaned: Promise<void> | undefined;

/** Stops the hub, drops its schemas, removes the files: once, on success, failure or a signal. */
function cleanUp(): Promise<void> {
  cleaned ??= (async () => {
    await hub?.stop().catch(() => undefined);
    const client = new pg.Client({ connectionString: POSTGRES_URL });
    try {
      await client.connect();
      await dropStoreSchemas(client, schema);
    } catch (error) {
      console.error(`could not drop schema ${schema}:`, error);
    } finally {
      await client.end().catch(() => undefined);
    }
    await rm(dir, { recursive: true, force: true });
  })();
  return cleaned;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`${signal}: cleaning up`);
    void cleanUp().finally(() => process.exit(130));
  });
}

const results: Result[] = [];
/** Keeps a line for the table and says it at once: a run that fails later still shows it. */
function record(result: Result): void {
  results.push(result);
  const growth = result.rss
    ? `, peak RSS +${mb(result.rss.peak - result.rss.before).toFixed(0)} MB`
    : '';
  console.error(
    `  … ${result.file}, ${result.path}: ${result.totalS.toFixed(1)} s, ${Math.round(result.rows / result.totalS)} rows/s${growth}`,
  );
}
try {
  const small = join(dir, `parents-${SMALL}.csv`);
  const large = join(dir, `parents-${ROWS}.csv`);
  const fresh = join(dir, `parents-${ROWS}-cli.csv`);
  await writeCsv(small, SMALL, '701', 'a');
  await writeCsv(large, ROWS, '702', 'b');
  await writeCsv(fresh, ROWS, '705', 'c');
  const smallMb = mb((await openAsBlob(small)).size);
  const largeMb = mb((await openAsBlob(large)).size);

  const adminKey = `sn_bench_${randomBytes(16).toString('hex')}`;
  hub = spawnHub(
    {
      DATABASE_URL: POSTGRES_URL,
      SAFENET_DB_SCHEMA: schema,
      SAFENET_ADMIN_KEY: adminKey,
      SAFENET_DEMO: 'false',
      SAFENET_RATE_LIMIT_PER_MINUTE: '0',
      LOG_LEVEL: 'warn',
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      ...(process.env.HUB_NODE_OPTIONS ? { NODE_OPTIONS: process.env.HUB_NODE_OPTIONS } : {}),
    },
    [],
  );
  const { baseUrl } = await hub.ready();
  const pid = hub.child.pid;
  if (pid === undefined) throw new Error('the hub has no pid');
  const client = new SafenetClient({ baseUrl, apiKey: adminKey });
  /** The hub's V8 heap in use, from its /metrics (served to loopback): garbage not yet collected included. */
  const heapUsed = async () => {
    const text = await (await fetch(`${baseUrl}/metrics`)).text();
    const bytes = /^safenet_nodejs_heap_size_used_bytes (\S+)$/m.exec(text)?.[1];
    return bytes === undefined ? '?' : `${mb(Number(bytes)).toFixed(0)} MB`;
  };
  const [root] = (await client.organisations.list({ limit: 1 })).items;
  if (!root) throw new Error('no root organisation');
  const province = await client.organisations.create({
    parentId: root.id,
    kind: 'province',
    name: 'Алматинская область',
    timeZone: 'Asia/Almaty',
    defaultLanguage: 'ru',
  });
  for (let s = 1; s <= SCHOOLS; s++) {
    await client.organisations.create({
      parentId: province.id,
      kind: 'school',
      name: `Школа-гимназия №${s}`,
      code: `KZ-ALM-${String(s).padStart(4, '0')}`,
    });
  }
  console.log(
    `contact-import: ${SMALL} and ${ROWS} rows (${smallMb.toFixed(1)} / ${largeMb.toFixed(1)} MB CSV), the built hub on PostgreSQL, Node ${process.version}`,
  );

  const rawBefore = await rawBaseline(large, schema, 1);
  record({ file: `${ROWS} rows`, path: 'raw baseline (before)', rows: ROWS, totalS: rawBefore });

  /** One SDK import of `path`, timed and watched. */
  const throughSdk = async (path: string, rows: number) => {
    let uploadS = 0;
    const { result, ...memory } = await watched(pid, async () => {
      const started = performance.now();
      const begun = await client.contactImports.start(await openAsBlob(path), {
        fileName: path.slice(dir.length + 1),
        orgId: province.id,
        key: 'phone',
        mode: 'valid_rows',
        consent: CONSENT,
      });
      uploadS = (performance.now() - started) / 1000;
      let writing: number | undefined;
      const done = await client.contactImports.wait(begun.id, {
        intervalMs: 100,
        onProgress: (current) => {
          if (current.status !== 'validating') writing ??= performance.now();
        },
      });
      const ended = performance.now();
      return {
        done,
        totalS: (ended - started) / 1000,
        validateS: ((writing ?? ended) - started) / 1000 - uploadS,
        writeS: (ended - (writing ?? ended)) / 1000,
      };
    });
    if (result.done.counts.rows !== rows)
      throw new Error(`${rows} rows read as ${result.done.counts.rows}`);
    const heap = await heapUsed();
    const notes = [
      `upload ${uploadS.toFixed(1)} s, validating ${result.validateS.toFixed(1)} s, writing ${result.writeS.toFixed(1)} s; the hub's JS heap in use after: ${heap}`,
    ];
    return { ...result, ...memory, uploadS, notes };
  };

  const first = await throughSdk(small, SMALL);
  check(first.done, { created: SMALL }, 'SDK, small file');
  record({
    file: `${SMALL} rows`,
    path: 'SDK',
    rows: SMALL,
    uploadS: first.uploadS,
    totalS: first.totalS,
    rss: { before: first.before, peak: first.peak },
    notes: first.notes,
  });

  const second = await throughSdk(large, ROWS);
  check(second.done, { created: ROWS }, 'SDK, large file');
  record({
    file: `${ROWS} rows`,
    path: 'SDK',
    rows: ROWS,
    uploadS: second.uploadS,
    totalS: second.totalS,
    rss: { before: second.before, peak: second.peak },
    notes: second.notes,
  });

  const again = await throughSdk(large, ROWS);
  check(again.done, { created: 0, updated: 0, unchanged: ROWS }, 'SDK, re-import');
  record({
    file: `${ROWS} rows`,
    path: 're-import (SDK)',
    rows: ROWS,
    uploadS: again.uploadS,
    totalS: again.totalS,
    rss: { before: again.before, peak: again.peak },
    notes: [
      ...again.notes,
      `${again.done.counts.created} created, ${again.done.counts.updated} updated, ${again.done.counts.unchanged} unchanged`,
    ],
  });

  const cliEnv = {
    PATH: process.env.PATH ?? '',
    HOME: dir,
    XDG_CONFIG_HOME: join(dir, '.config'),
    LANG: 'en_GB.UTF-8',
    SAFENET_URL: baseUrl,
    SAFENET_API_KEY: adminKey,
  };
  const cli = await watched(pid, () =>
    runCli(
      [
        'contacts',
        'import',
        fresh,
        '--org',
        province.id,
        '--key',
        'phone',
        '--consent-basis',
        CONSENT.basis,
        '--consent-channels',
        CONSENT.channels.join(','),
        '--consent-source',
        CONSENT.source,
        '--mode',
        'valid_rows',
        '-o',
        'json',
      ],
      cliEnv,
    ),
  );
  if (cli.result.code !== 0) {
    throw new Error(`safenet contacts import exited ${cli.result.code}:\n${cli.result.stderr}`);
  }
  check(JSON.parse(cli.result.stdout) as ContactImport, { rows: ROWS, created: ROWS }, 'CLI');
  record({
    file: `${ROWS} rows (fresh)`,
    path: 'CLI',
    rows: ROWS,
    ...(cli.result.uploadS === undefined ? {} : { uploadS: cli.result.uploadS }),
    totalS: cli.result.totalS,
    rss: { before: cli.before, peak: cli.peak },
  });

  const rawAfter = await rawBaseline(large, schema, 2);
  record({ file: `${ROWS} rows`, path: 'raw baseline (after)', rows: ROWS, totalS: rawAfter });
  const hubIdle = mb((await residentOf(pid)).rss);

  const cells = (r: Result) => [
    r.file,
    r.path,
    r.rows.toLocaleString('en'),
    r.uploadS === undefined ? '' : r.uploadS.toFixed(1),
    r.totalS.toFixed(1),
    Math.round(r.rows / r.totalS).toLocaleString('en'),
    r.rss === undefined ? '' : `+${mb(r.rss.peak - r.rss.before).toFixed(0)}`,
    r.rss === undefined ? '' : `${mb(r.rss.before).toFixed(0)} → ${mb(r.rss.peak).toFixed(0)}`,
  ];
  const head = [
    'file',
    'path',
    'rows',
    'upload s',
    'total s',
    'rows/s',
    'peak RSS growth MB',
    'RSS before → peak MB',
  ];
  const table = [head, ...results.map(cells)];
  const widths = head.map((_, c) => Math.max(...table.map((row) => (row[c] ?? '').length)));
  for (const row of table) {
    console.log(
      `  ${row.map((cell, c) => (c >= 2 ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0))).join('  ')}`,
    );
  }
  for (const r of results)
    for (const n of r.notes ?? []) console.log(`  ${r.file}, ${r.path}: ${n}`);
  const rawRate = ROWS / ((rawBefore + rawAfter) / 2);
  console.log(`  hub RSS at the end ${hubIdle.toFixed(0)} MB`);
  console.log(
    `  ratio Safenet / raw rows/s   SDK ${(ROWS / second.totalS / rawRate).toFixed(3)}, CLI ${(ROWS / cli.result.totalS / rawRate).toFixed(3)}, re-import ${(ROWS / again.totalS / rawRate).toFixed(3)}`,
  );
  const ratio = second.growth / Math.max(first.growth, 1024 * 1024);
  console.log(
    `  memory: peak growth ${mb(second.growth).toFixed(0)} MB for ${ROWS} rows vs ${mb(first.growth).toFixed(0)} MB for ${SMALL} (×${ratio.toFixed(2)} for ×${(ROWS / SMALL).toFixed(0)} the rows): ${ratio < 4 ? 'does not grow with the file' : 'GROWS WITH THE FILE'}`,
  );
} finally {
  await cleanUp();
}
