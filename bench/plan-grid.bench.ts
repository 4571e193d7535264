/**
 * The activity plan's grid at national size: one campaign, 25 items each assigned to every
 * school beneath a province (`{ allOf: 'school', under }`), 5,000 schools in 50 districts and
 * two time zones — 125,000 (item, school) pairs, a third of them done. Times the plan's write
 * (the rule's expansion and the pairs' upsert, one transaction), its rewrite with the same
 * keys (statuses kept), and the grid: the first page of 100 schools with every count, a later
 * page, one district's subtree, and `status=overdue` over the whole province. Then every
 * district adopts the plan with two items of its own: the grid with and without the lineage,
 * and the list of tasks (`GET /v1/plan-assignments`) of a school, a district and the province.
 * Usage: node --import tsx plan-grid.bench.ts [--schools 5000] [--items 25] [--postgres]
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import type { PlanInput } from '@safenet/sdk';
import { sql } from 'kysely';
import { startBenchHub } from './bench-hub.js';

const { values } = parseArgs({
  options: {
    schools: { type: 'string', default: '5000' },
    items: { type: 'string', default: '25' },
    postgres: { type: 'boolean', default: false },
  },
});
const SCHOOLS = Number(values.schools);
const ITEMS = Number(values.items);
const DISTRICTS = 50;
const RUNS = Number(process.env.RUNS ?? 5);

await using bench = await startBenchHub({ postgres: values.postgres, env: {} });
const { client, hub, rootId } = bench;
const province = await client.organisations.create({
  parentId: rootId,
  kind: 'province',
  name: 'Grid province',
  timeZone: 'Asia/Almaty',
});
const provincePath = [rootId, province.id];
const districts = Array.from({ length: DISTRICTS }, (_, d) => ({
  id: randomUUID(),
  parent_id: province.id,
  kind: 'district',
  name: `District ${d + 1}`,
  path: [...provincePath],
  time_zone: d % 2 === 0 ? 'Asia/Almaty' : 'Asia/Aqtobe',
  default_language: 'ru',
  created_at: new Date(),
}));
for (const d of districts) d.path.push(d.id);
await hub.db.insertInto('organisations').values(districts).execute();
const schools = Array.from({ length: SCHOOLS }, (_, s) => {
  const district = districts[s % DISTRICTS] as (typeof districts)[number];
  const id = randomUUID();
  return {
    id,
    parent_id: district.id,
    kind: 'school',
    name: `School ${s + 1}`,
    path: [...district.path, id],
    time_zone: district.time_zone,
    default_language: 'ru',
    created_at: new Date(),
  };
});
for (let i = 0; i < schools.length; i += 1000) {
  await hub.db
    .insertInto('organisations')
    .values(schools.slice(i, i + 1000))
    .execute();
}

// A window around today, so the plan is editable and some deadlines have passed.
const day = (offset: number) =>
  new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const campaign = await client.campaigns.create({
  orgId: province.id,
  title: { en: 'Grid benchmark' },
  startsOn: day(-30),
  endsOn: day(30),
  timeZone: 'Asia/Almaty',
});
const plan: PlanInput = {
  sections: [
    {
      key: 'schools',
      title: { en: 'Schools' },
      items: Array.from({ length: ITEMS }, (_, i) => ({
        key: `item-${i + 1}`,
        number: `${i + 1}.`,
        title: { en: `Activity ${i + 1}` },
        completionForm: 'info-to-ministry',
        deadline: { kind: 'date' as const, by: day(i - 12) },
        responsible: [{ allOf: 'school' as const, under: province.id }],
      })),
    },
  ],
};

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await run();
  return { ms: performance.now() - started, value };
}

const write = await timed(() => client.campaigns.setPlan(campaign.id, plan));
const pairs = write.value.sections[0]?.items.reduce((n, item) => n + item.assignmentCount, 0);
await hub.db
  .updateTable('plan_assignments')
  .set({ status: 'done', done_at: new Date(), updated_at: new Date(), updated_by: 'bench' })
  .where('campaign_id', '=', campaign.id)
  .where((eb) => eb.fn('right', [eb.cast('org_id', 'text'), eb.lit(1)]), 'in', [
    '0',
    '1',
    '2',
    '3',
    '4',
  ])
  .execute();
const rewrite = await timed(() => client.campaigns.setPlan(campaign.id, plan));
// What autovacuum does after a bulk write (its analyze threshold is 10% of a table): without
// statistics the planner takes 5,000 organisations for a handful and loops.
await sql`analyze organisations`.execute(hub.db);
await sql`analyze plan_assignments`.execute(hub.db);

async function median(label: string, run: () => Promise<unknown>) {
  await run(); // warm
  if (RUNS === 0) return;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) times.push((await timed(run)).ms);
  times.sort((a, b) => a - b);
  console.log(
    `  ${label.padEnd(46)} median ${(times[RUNS >> 1] as number).toFixed(0)} ms (min ${(times[0] as number).toFixed(0)}, max ${(times.at(-1) as number).toFixed(0)})`,
  );
}

const store = values.postgres ? 'PostgreSQL' : 'embedded PostgreSQL';
console.log(
  `plan grid: ${ITEMS} items × ${SCHOOLS} schools = ${pairs} pairs, ${store}, Node ${process.version}`,
);
console.log(`  write the plan (expand, insert pairs)          ${write.ms.toFixed(0)} ms`);
console.log(`  rewrite with the same keys (statuses kept)      ${rewrite.ms.toFixed(0)} ms`);
const first = await client.campaigns.grid(campaign.id, { limit: 100 });
console.log(`  totals ${JSON.stringify(first.totals)}`);
await median('grid, first page of 100 schools + all counts', () =>
  client.campaigns.grid(campaign.id, { limit: 100 }),
);
const cursor = first.nextCursor ?? undefined;
await median('grid, second page', () =>
  client.campaigns.grid(campaign.id, { limit: 100, ...(cursor ? { cursor } : {}) }),
);
await median('grid, one district (100 schools)', () =>
  client.campaigns.grid(campaign.id, { orgId: districts[0]?.id as string, limit: 100 }),
);
await median('grid, status=overdue, first page', () =>
  client.campaigns.grid(campaign.id, { status: 'overdue', limit: 100 }),
);

// Cascading plans: every district adopts the province's plan and adds two items of its own for
// its schools (50 campaigns, 10,000 more pairs). The province's grid shows them by default;
// `lineage: false` reads its own items only, as the grid did before plans cascaded.
for (const district of districts) {
  const adopted = await client.campaigns.adopt(campaign.id, {
    orgId: district.id,
    key: `district-${district.id}`,
  });
  await client.campaigns.setPlan(adopted.id, {
    sections: [
      {
        key: 'district',
        title: { en: 'District' },
        items: ['a', 'b'].map((key, i) => ({
          key,
          number: `${i + 1}.`,
          title: { en: `District activity ${i + 1}` },
          completionForm: 'info-to-ministry',
          deadline: { kind: 'date' as const, by: day(i * 5 - 3) },
          responsible: [{ allOf: 'school' as const, under: district.id }],
        })),
      },
    ],
  });
}
await sql`analyze campaigns`.execute(hub.db);
await sql`analyze plan_items`.execute(hub.db);
await sql`analyze plan_assignments`.execute(hub.db);
const withLineage = await client.campaigns.grid(campaign.id, { limit: 100 });
console.log(
  `  with ${DISTRICTS} district plans: ${withLineage.items.length} items, totals ${JSON.stringify(withLineage.totals)}`,
);
await median('grid, own items only (lineage=false)', () =>
  client.campaigns.grid(campaign.id, { limit: 100, lineage: false }),
);
await median('grid with the district plans, first page', () =>
  client.campaigns.grid(campaign.id, { limit: 100 }),
);
await median('grid with the district plans, one district', () =>
  client.campaigns.grid(campaign.id, { orgId: districts[0]?.id as string, limit: 100 }),
);
await median('grid with the district plans, status=overdue', () =>
  client.campaigns.grid(campaign.id, { status: 'overdue', limit: 100 }),
);

// "Our tasks" (`GET /v1/plan-assignments`): a school's pairs across the province's plan and its
// district's, a district's 100 schools' a page at a time, and the whole province's first page
// (every pair sorted by its due date).
const school = schools[0] as (typeof schools)[number];
const schoolTasks = await client.campaigns.tasks({ orgId: school.id, limit: 100 });
console.log(`  tasks of one school: ${schoolTasks.items.length}`);
await median('tasks, one school', () => client.campaigns.tasks({ orgId: school.id, limit: 100 }));
await median('tasks, one district, first page of 100', () =>
  client.campaigns.tasks({ orgId: districts[0]?.id as string, limit: 100 }),
);
const provinceTasks = await client.campaigns.tasks({ orgId: province.id, limit: 100 });
await median('tasks, the province, first page of 100', () =>
  client.campaigns.tasks({ orgId: province.id, limit: 100 }),
);
await median('tasks, the province, second page', () =>
  client.campaigns.tasks({
    orgId: province.id,
    limit: 100,
    ...(provinceTasks.nextCursor ? { cursor: provinceTasks.nextCursor } : {}),
  }),
);
await median('tasks, the province, status=overdue', () =>
  client.campaigns.tasks({ orgId: province.id, status: 'overdue', limit: 100 }),
);
