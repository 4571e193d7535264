/**
 * A results report's roll-up at national size: 10,000 schools in 20 provinces of 10 districts
 * (50 schools each), a form of eight counts, a yes/no and a choice assigned to every school
 * (`{ allOf: 'school', under: ministry }`), 80 % of the schools submitted (most on time).
 * Times, through the API: the ministry's roll-up by province (the 2017 table's shape), the
 * default roll-up (the ministry's children), one district's, the missing list with contacts,
 * and the CSV export of every school. Against the raw baseline measured in the same run: one
 * hand-written SQL statement that sums the counts and counts submitted/expected schools per
 * province inside the database — the least work that answers the province table's numbers.
 * Usage: node --import tsx report-rollup.bench.ts [--schools 10000] [--postgres]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { ReportFormInput } from '@safenet/sdk';
import { sql } from 'kysely';
import { startBenchHub } from './bench-hub.js';

const { values } = parseArgs({
  options: {
    schools: { type: 'string', default: '10000' },
    postgres: { type: 'boolean', default: false },
  },
});
const SCHOOLS = Number(values.schools);
const PROVINCES = 20;
const DISTRICTS_PER_PROVINCE = 10;
const RUNS = Number(process.env.RUNS ?? 7);
const COUNTS = [
  'assemblies',
  'class_hours',
  'contests',
  'meetings',
  'debates',
  'parent_meetings',
  'children_reached',
  'teachers_trained',
];

await using bench = await startBenchHub({ postgres: values.postgres, env: {} });
const { client, hub, rootId } = bench;

type OrgRow = {
  id: string;
  parent_id: string;
  kind: string;
  name: string;
  path: string[];
  time_zone: string;
  default_language: string;
  created_at: Date;
};
const org = (parent: OrgRow | null, kind: string, name: string): OrgRow => {
  const id = randomUUID();
  return {
    id,
    parent_id: parent?.id ?? rootId,
    kind,
    name,
    path: [...(parent?.path ?? [rootId]), id],
    time_zone: 'Asia/Almaty',
    default_language: 'ru',
    created_at: new Date(),
  };
};
const provinces = Array.from({ length: PROVINCES }, (_, p) =>
  org(null, 'province', `Province ${p + 1}`),
);
const districts = provinces.flatMap((p, pi) =>
  Array.from({ length: DISTRICTS_PER_PROVINCE }, (_, d) =>
    org(p, 'district', `District ${pi + 1}.${d + 1}`),
  ),
);
const schools = Array.from({ length: SCHOOLS }, (_, s) =>
  org(districts[s % districts.length] as OrgRow, 'school', `School ${s + 1}`),
);
for (const rows of [provinces, districts, schools]) {
  for (let i = 0; i < rows.length; i += 1000) {
    await hub.db
      .insertInto('organisations')
      .values(rows.slice(i, i + 1000))
      .execute();
  }
}
// Each school's head, so the missing list has people to name.
const heads = schools.map((school, i) => ({
  orgId: school.id,
  role: 'school_head' as const,
  displayName: `Head ${i + 1}`,
  language: 'ru' as const,
  addresses: { email: `head${i + 1}@school.example.kz` },
  externalRef: `head-${i + 1}`,
}));
for (let i = 0; i < heads.length; i += 1000) {
  await client.contacts.bulkUpsert({ contacts: heads.slice(i, i + 1000) });
}

const form: ReportFormInput = {
  orgId: rootId,
  key: 'rollup-bench',
  title: { en: 'Roll-up benchmark' },
  fields: [
    ...COUNTS.map((key) => ({ key, type: 'count' as const, label: { en: key } })),
    { key: 'policy_adopted', type: 'yesNo', label: { en: 'Policy adopted' } },
    {
      key: 'channel',
      type: 'choice',
      label: { en: 'Main channel' },
      options: ['assembly', 'class', 'parents'].map((key) => ({ key, label: { en: key } })),
    },
  ],
  schedule: {
    kind: 'once',
    startsOn: '2017-04-10',
    endsOn: '2017-04-21',
    dueOn: '2017-04-25',
  },
};
const created = await client.reports.createForm(form);
await client.reports.setAssignment(created.id, { assignees: [{ allOf: 'school', under: rootId }] });
const submitted = schools.filter((_, i) => i % 5 !== 0);
const now = new Date();
for (let i = 0; i < submitted.length; i += 1000) {
  await hub.db
    .insertInto('report_submissions')
    .values(
      submitted.slice(i, i + 1000).map((school, j) => ({
        id: randomUUID(),
        form_id: created.id,
        period_key: 'once',
        org_id: school.id,
        state: 'submitted',
        values: JSON.stringify({
          ...Object.fromEntries(COUNTS.map((key, k) => [key, (i + j + k) % 40])),
          policy_adopted: (i + j) % 3 === 0,
          channel: ['assembly', 'class', 'parents'][(i + j) % 3],
        }),
        version: 1,
        first_submitted_at: now,
        submitted_at: now,
        on_time: (i + j) % 10 !== 0,
        updated_at: now,
        updated_by: JSON.stringify({ kind: 'key', id: randomUUID() }),
      })),
    )
    .execute();
}
// What autovacuum does after a bulk write: without statistics the planner guesses row counts.
for (const table of ['organisations', 'contacts', 'report_submissions'])
  await sql`analyze ${sql.table(table)}`.execute(hub.db);

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

async function median(run: () => Promise<unknown>): Promise<number> {
  await run(); // warm
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) times.push((await timed(run)).ms);
  times.sort((a, b) => a - b);
  return times[RUNS >> 1] as number;
}

/** The raw baseline: the province table's numbers in one statement inside the database. */
const raw = () =>
  sql<{ id: string }>`
    select p.id,
           ${sql.join(
             COUNTS.map(
               (key) => sql`sum((s."values"->>${key})::numeric) filter (where s.state <> 'draft')`,
             ),
           )},
           count(s.org_id) filter (where s.state <> 'draft') as submitted,
           count(*) as expected
      from organisations p
      join organisations sc on sc.path @> array[p.id]::uuid[] and sc.kind = 'school'
      left join report_submissions s
             on s.org_id = sc.id and s.form_id = ${created.id} and s.period_key = 'once'
     where p.kind = 'province' and p.parent_id = ${rootId}
     group by p.id`.execute(hub.db);

// The bench hub's own demo organisations stand beside the 20 provinces: both reads must agree.
const check = await client.reports.rollup(created.id, 'once', { level: 'province' });
const rawRows = (await raw()).rows;
if (rawRows.length !== check.rows.length || check.rows.length < PROVINCES)
  throw new Error(`provinces: raw ${rawRows.length}, hub ${check.rows.length}`);
const completeness = check.node.completeness;
if (completeness.expected < SCHOOLS || completeness.submitted !== submitted.length)
  throw new Error(`the roll-up counts ${JSON.stringify(completeness)}`);

const store = values.postgres ? 'PostgreSQL' : 'embedded PostgreSQL';
console.log(
  `report roll-up: ${SCHOOLS} schools in ${PROVINCES} provinces × ${DISTRICTS_PER_PROVINCE} districts, ${submitted.length} submitted, ${store}, Node ${process.version}`,
);
const rawMs = await median(raw);
console.log(`  raw SQL, the province table in one statement   median ${rawMs.toFixed(0)} ms`);
const cases: [string, () => Promise<unknown>][] = [
  [
    'roll-up by province (the 2017 table)',
    () => client.reports.rollup(created.id, 'once', { level: 'province' }),
  ],
  ['roll-up, the ministry’s children (default)', () => client.reports.rollup(created.id, 'once')],
  [
    'roll-up of one district (50 schools)',
    () => client.reports.rollup(created.id, 'once', { orgId: (districts[0] as OrgRow).id }),
  ],
  ['missing list with contacts (2,000 schools)', () => client.reports.missing(created.id, 'once')],
  [
    'CSV export, every school',
    () => client.reports.exportCsv(created.id, 'once', { level: 'school' }),
  ],
];
for (const [label, run] of cases) {
  const ms = await median(run);
  console.log(
    `  ${label.padEnd(46)} median ${ms.toFixed(0)} ms   raw / hub ${(rawMs / ms).toFixed(2)}`,
  );
}
