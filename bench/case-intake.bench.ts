/**
 * Harmful-content reports taken in through the API (`POST /v1/case-reports`, the SDK's
 * `cases.report`), as a campaign's week of reports would arrive: 8 clients at once, a quarter
 * of the reports repeating a link already reported (they merge into its case under its link
 * lock), each link in its own shape (tracking parameters, upper-case host) so canonicalising
 * matters. Against the raw baseline measured in the same run: a bare `node:http` server of this
 * script on the same database that parses the same JSON body and inserts it as one row with one
 * statement — the least a report costs to take in over HTTP — so the ratio is what the hub's
 * intake (auth, validation, canonical links, hashes, the lock, the merge query, routing,
 * numbers, the audit entry) costs on top.
 * Usage: node --import tsx case-intake.bench.ts [--reports 2000] [--postgres]
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { startBenchHub } from './bench-hub.js';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '2000' },
    postgres: { type: 'boolean', default: false },
  },
});
const REPORTS = Number(values.reports);
const CLIENTS = 8;

await using bench = await startBenchHub({ postgres: values.postgres, env: {} });
const { client, hub, rootId } = bench;

/** The i-th report: every fourth repeats the link of the one before it, in another shape. */
function reportOf(i: number) {
  const video = i % 4 === 3 ? i - 1 : i;
  const link =
    i % 4 === 3
      ? `https://WWW.TIKTOK.COM/@bench/video/${7_300_000 + video}?is_from_webapp=1&_r=1`
      : `https://www.tiktok.com/@bench/video/${7_300_000 + video}`;
  return {
    links: [link],
    category: (['violence', 'bullying', 'other'] as const)[i % 3] ?? 'other',
    platform: 'tiktok' as const,
    description: `Видео драки подростков №${i}, распространяется в классных чатах`,
    language: 'ru' as const,
  };
}

async function timed(run: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let i = next++; i < REPORTS; i = next++) await run(i);
    }),
  );
  return performance.now() - started;
}

// The raw baseline: parse the body, one INSERT, answer.
await sql`create table bench_raw_reports (id uuid primary key, org_id uuid, body jsonb, received_at timestamptz)`.execute(
  hub.db,
);
const server = createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', async () => {
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as object;
    await sql`insert into bench_raw_reports values (${randomUUID()}, ${rootId}, ${JSON.stringify(body)}, now())`.execute(
      hub.db,
    );
    response.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const rawUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
const post = (i: number) =>
  fetch(rawUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(reportOf(i)),
  }).then((res) => res.json());

// Warm both paths, then measure each.
for (let i = 0; i < 20; i++) await post(i);
const rawMs = await timed(post);
const hubMs = await timed((i) => client.cases.report({ ...reportOf(i), orgId: rootId }));

server.close();
const cases = await sql<{ n: string }>`select count(*) as n from cases`.execute(hub.db);
const store = values.postgres ? 'PostgreSQL' : 'embedded PostgreSQL';
console.log(`case intake, ${REPORTS} reports from ${CLIENTS} clients, ${store}`);
console.log(
  `  raw: one INSERT per report          ${(REPORTS / (rawMs / 1000)).toFixed(0)} reports/s`,
);
console.log(
  `  hub: POST /v1/case-reports           ${(REPORTS / (hubMs / 1000)).toFixed(0)} reports/s`,
);
console.log(`  hub / raw throughput                 ${(rawMs / hubMs).toFixed(2)}`);
console.log(`  cases opened ${cases.rows[0]?.n} (expected ${REPORTS - Math.floor(REPORTS / 4)})`);
