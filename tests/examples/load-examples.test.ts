import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { parseProgrammeFile } from '@safenet/core';
import { testBackends } from '@safenet/hub/testing';
import { type ProgrammeLoadResult, SafenetClient } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDemoTree, DEMO_TREE, EXAMPLE_FILES } from '../../examples/campaigns/demo-tree.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const backends = await testBackends();
const text = (name: string) =>
  readFile(new URL(`../../examples/campaigns/${name}`, import.meta.url), 'utf8');

/**
 * The example programme files, loaded the way a user does (`npm run examples:load`): the demo
 * tree built through the SDK, then each file whole — campaign, plan, announcements, reminders —
 * through `campaigns.load`.
 */
describe.each(backends)('the example programme files on $name', ({ database, run }) => {
  let th: TestHub;
  let client: SafenetClient;
  let ids: Record<string, string>;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ database, workers: false });
    await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = th.hub.app.server.address() as AddressInfo;
    client = new SafenetClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: th.adminKey });
    ids = await buildDemoTree(client, th.seed.ministryId);
  });
  afterAll(() => th?.close());

  /** Every row a load writes, by table, in a fixed order. */
  const rows = async () => {
    const db = th.hub.db;
    const sorted = async (rows: Promise<object[]>) =>
      (await rows).map((row) => JSON.stringify(row)).sort();
    return {
      campaigns: await sorted(db.selectFrom('campaigns').selectAll().execute()),
      phases: await sorted(db.selectFrom('campaign_phases').selectAll().execute()),
      organisers: await sorted(db.selectFrom('campaign_organisers').selectAll().execute()),
      sections: await sorted(db.selectFrom('plan_sections').selectAll().execute()),
      items: await sorted(db.selectFrom('plan_items').selectAll().execute()),
      responsibles: await sorted(db.selectFrom('plan_responsibles').selectAll().execute()),
      assignments: await sorted(db.selectFrom('plan_assignments').selectAll().execute()),
      announcements: await sorted(db.selectFrom('campaign_announcements').selectAll().execute()),
      reminders: await sorted(db.selectFrom('campaign_reminders').selectAll().execute()),
      segments: await sorted(db.selectFrom('segments').selectAll().execute()),
    };
  };

  it.runIf(run)('builds the demo tree once, with codes, where the files expect it', async () => {
    expect(Object.keys(ids)).toEqual(DEMO_TREE.map((org) => org.code));
    // Today's seed has Đắk Lắk: it is found by name and given its code, not made twice.
    expect(ids['demo-vn-dak-lak']).toBe(th.seed.provinceIds[1]);
    expect(await buildDemoTree(client, th.seed.ministryId)).toEqual(ids);
    const school = await client.organisations.get(ids['demo-vn-nbk'] as string);
    expect(school).toMatchObject({ code: 'demo-vn-nbk', parentId: ids['demo-vn-gia-lam'] });
  });

  it.runIf(run)('loads every file whole, and a second load changes nothing', async () => {
    const first: Record<string, ProgrammeLoadResult> = {};
    for (const name of EXAMPLE_FILES) {
      first[name] = await client.campaigns.load(await text(name));
      // The demo seed's own campaign has the 2017 file's owner and key: the file updates it.
      const expected = name === 'safe-internet-2017.ru.yaml' ? 'updated' : 'created';
      expect(first[name]?.outcome, name).toBe(expected);
    }
    expect(first['safe-internet-2017.ru.yaml']?.campaign.id).toBe(th.seed.campaignId);
    const before = await rows();
    expect(before.campaigns).toHaveLength(EXAMPLE_FILES.length);

    for (const name of EXAMPLE_FILES) {
      const again = await client.campaigns.load(await text(name));
      expect(again.outcome, name).toBe('unchanged');
      expect(again.campaign, name).toEqual(first[name]?.campaign);
    }
    expect(await rows()).toEqual(before);

    // What the files say, as stored: owners, the chain, the 2017 phases and organisers.
    const campaign = (name: string) => first[name]?.campaign;
    const safeInternet = campaign('safe-internet-2017.ru.yaml');
    expect(safeInternet).toMatchObject({
      orgId: th.seed.ministryId,
      key: 'safe-internet-2017',
      startsOn: '2017-04-01',
      endsOn: '2017-04-30',
      timeZone: 'Asia/Almaty',
      organisers: [
        { orgId: th.seed.ministryId, byAgreement: false },
        { orgId: ids['demo-kz-parents'], byAgreement: true },
      ],
    });
    expect(safeInternet?.phases.map((p) => p.key)).toEqual(['preparatory', 'main', 'results']);
    expect(campaign('dak-lak-160-2022-2025.vi.yaml')).toMatchObject({
      orgId: ids['demo-vn-dak-lak'],
      implementsCampaignId: null,
      document: { number: '160/KH-UBND' },
    });
    expect(campaign('gia-lam-2021-2025.vi.yaml')).toMatchObject({
      orgId: ids['demo-vn-gia-lam'],
      implementsCampaignId: campaign('dak-lak-160-2022-2025.vi.yaml')?.id,
    });
    expect(campaign('nguyen-binh-khiem-2022-2023.vi.yaml')).toMatchObject({
      orgId: ids['demo-vn-nbk'],
      implementsCampaignId: campaign('gia-lam-2021-2025.vi.yaml')?.id,
    });
    const targets = campaign('dak-lak-160-2022-2025.vi.yaml')?.targets ?? [];
    const file = parseProgrammeFile(await text('dak-lak-160-2022-2025.vi.yaml'), 'yaml');
    expect(targets).toHaveLength(file.ok ? (file.file.targets?.length ?? 0) : -1);
    expect(targets.length).toBeGreaterThan(0);

    // The chain as the lineage shows it, from the top and from the school.
    const dakLak = campaign('dak-lak-160-2022-2025.vi.yaml')?.id as string;
    const giaLam = campaign('gia-lam-2021-2025.vi.yaml')?.id as string;
    const nbk = campaign('nguyen-binh-khiem-2022-2023.vi.yaml')?.id as string;
    const below = await client.campaigns.lineage(dakLak);
    expect(below.descendants.map((d) => [d.id, d.implementsCampaignId, d.depth])).toEqual([
      [giaLam, dakLak, 1],
      [nbk, giaLam, 2],
    ]);
    const above = await client.campaigns.lineage(nbk);
    expect(above.ancestors.map((a) => [a.id, a.owner.id])).toEqual([
      [giaLam, ids['demo-vn-gia-lam']],
      [dakLak, ids['demo-vn-dak-lak']],
    ]);
  });

  it.runIf(run)(
    'stores each file’s plan, announcements and reminders as the file gives them',
    async () => {
      for (const name of EXAMPLE_FILES) {
        const parsed = parseProgrammeFile(await text(name), 'yaml');
        if (!parsed.ok) throw new Error(`${name} does not parse`);
        const file = parsed.file;
        const { campaign } = await client.campaigns.load(await text(name));
        const plan = await client.campaigns.plan(campaign.id);
        expect(
          plan.sections.map((s) => [s.key, s.items.map((i) => i.key)]),
          name,
        ).toEqual((file.plan ?? []).map((s) => [s.key, s.items.map((i) => i.key)]));
        // Every item has its responsible organisations: each rule covers at least one.
        for (const item of plan.sections.flatMap((s) => s.items)) {
          expect(item.assignmentCount, `${name} item ${item.key}`).toBeGreaterThan(0);
        }
        const announcements = await client.campaigns.announcements(campaign.id);
        expect(
          announcements.items.map((a) => a.key),
          name,
        ).toEqual((file.announcements ?? []).map((a) => a.key));
        const reminders = await client.campaigns.reminders(campaign.id);
        expect(reminders.reminders, name).toEqual(
          (file.reminders ?? []).map((r) =>
            expect.objectContaining({ key: r.key, items: r.items }),
          ),
        );
      }
    },
  );
  it.runIf(run)('the school plan’s progress shows in the province’s grid', async () => {
    const load = async (name: string) => (await client.campaigns.load(await text(name))).campaign;
    const dakLak = await load('dak-lak-160-2022-2025.vi.yaml');
    const nbk = await load('nguyen-binh-khiem-2022-2023.vi.yaml');
    const school = ids['demo-vn-nbk'] as string;
    // The school's board drew up its plan (the school plan's own first item)…
    await client.campaigns.setAssignmentStatus(nbk.id, 'board-plan', school, {
      status: 'done',
      note: 'Kế hoạch số 01/KH-THPT NBK',
    });
    // …and the province's grid, for the school, carries the school plan's rows below its own.
    const grid = await client.campaigns.grid(dakLak.id, { orgId: school });
    const campaignsOfRows = [...new Set(grid.items.map((item) => item.campaign.id))];
    expect(campaignsOfRows[0]).toBe(dakLak.id);
    expect(campaignsOfRows).toContain(nbk.id);
    const row = grid.items.find((i) => i.campaign.id === nbk.id && i.key === 'board-plan');
    expect(row?.counts.done).toBe(1);
    const cells = grid.organisations.find((o) => o.orgId === school)?.cells ?? [];
    expect(cells.find((c) => c.campaignId === nbk.id && c.itemKey === 'board-plan')?.status).toBe(
      'done',
    );
    // Its own items alone: the province's plan, without the plans implementing it.
    const own = await client.campaigns.grid(dakLak.id, { orgId: school, lineage: false });
    expect(new Set(own.items.map((i) => i.campaign.id))).toEqual(new Set([dakLak.id]));
    // The school's plan view inherits the province's item for every school (2b).
    const plan = await client.campaigns.plan(nbk.id);
    const inherited = plan.inherited.map((i) => [i.campaign.id, i.key]);
    expect(inherited).toContainEqual([dakLak.id, '2b']);
  });

  it.runIf(run)('every file exported and loaded again changes nothing', async () => {
    const loaded = [];
    for (const name of EXAMPLE_FILES) loaded.push(await client.campaigns.load(await text(name)));
    const before = await rows();
    for (const { campaign } of loaded) {
      const file = await client.campaigns.programme(campaign.id);
      expect(file.key).toBe(campaign.key);
      const again = await client.campaigns.load(JSON.stringify(file), { format: 'json' });
      expect(again.outcome, campaign.key ?? '').toBe('unchanged');
    }
    expect(await rows()).toEqual(before);
  });

  it.runIf(run)('the school-year plan copied into the next school year', async () => {
    const { campaign } = await client.campaigns.load(
      await text('nguyen-binh-khiem-2022-2023.vi.yaml'),
    );
    // The school has done its first item of 2022–2023: that is the original's, not the copy's.
    const original = await client.campaigns.grid(campaign.id);
    const firstItem = original.items[0]?.key as string;
    await client.campaigns.setAssignmentStatus(campaign.id, firstItem, campaign.orgId, {
      status: 'done',
    });
    const { outcome, campaign: next } = await client.campaigns.copy(campaign.id, {
      key: 'nguyen-binh-khiem-2023-2024',
      shift: { years: 1 },
    });
    expect(outcome).toBe('created');
    expect(next).toMatchObject({
      orgId: campaign.orgId,
      status: 'draft',
      startsOn: '2023-12-03',
      endsOn: '2024-05-31',
      implementsCampaignId: campaign.implementsCampaignId,
    });
    const [plan, copied] = await Promise.all([
      client.campaigns.plan(campaign.id),
      client.campaigns.plan(next.id),
    ]);
    const shape = (p: typeof plan) =>
      p.sections.map((s) => [s.key, s.items.map((i) => [i.key, i.responsible.length])]);
    expect(shape(copied)).toEqual(shape(plan));
    const first = copied.sections[0]?.items[0];
    expect(first?.deadline).toEqual({ kind: 'date', by: '2023-12-03' });
    // Statuses are the original's: the copy's pairs start planned.
    expect((await client.campaigns.grid(campaign.id)).totals.done).toBe(1);
    const grid = await client.campaigns.grid(next.id);
    expect(grid.totals.done).toBe(0);
    expect(grid.totals.planned).toBe(original.totals.planned);
    expect((await client.campaigns.announcements(next.id)).items.map((a) => a.key)).toEqual(
      (await client.campaigns.announcements(campaign.id)).items.map((a) => a.key),
    );
  });
});
