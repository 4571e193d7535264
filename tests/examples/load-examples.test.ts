import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { parseProgrammeFile } from '@safenet/core';
import { testBackends } from '@safenet/hub/testing';
import { type ProgrammeLoadResult, SafenetApiError, SafenetClient } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildDemoTree,
  DEMO_TREE,
  EXAMPLE_FILES,
  withoutSections,
} from '../../examples/campaigns/demo-tree.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const backends = await testBackends();
const text = (name: string) =>
  readFile(new URL(`../../examples/campaigns/${name}`, import.meta.url), 'utf8');

/**
 * The example programme files, loaded the way a user does (`npm run examples:load`): the demo
 * tree built through the SDK, then each file's campaign part through `campaigns.load`.
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

  /** Every row the campaign part writes, by table. */
  const rows = async () => ({
    campaigns: await th.hub.db.selectFrom('campaigns').selectAll().orderBy('id').execute(),
    phases: await th.hub.db
      .selectFrom('campaign_phases')
      .selectAll()
      .orderBy('campaign_id')
      .orderBy('position')
      .execute(),
    organisers: await th.hub.db
      .selectFrom('campaign_organisers')
      .selectAll()
      .orderBy('campaign_id')
      .orderBy('position')
      .execute(),
  });

  it.runIf(run)('builds the demo tree once, with codes, where the files expect it', async () => {
    expect(Object.keys(ids)).toEqual(DEMO_TREE.map((org) => org.code));
    // Today's seed has Đắk Lắk: it is found by name and given its code, not made twice.
    expect(ids['demo-vn-dak-lak']).toBe(th.seed.provinceIds[1]);
    expect(await buildDemoTree(client, th.seed.ministryId)).toEqual(ids);
    const school = await client.organisations.get(ids['demo-vn-nbk'] as string);
    expect(school).toMatchObject({ code: 'demo-vn-nbk', parentId: ids['demo-vn-gia-lam'] });
  });

  it.runIf(run)('loads every file’s campaign part, and a second load changes nothing', async () => {
    const first: Record<string, ProgrammeLoadResult> = {};
    for (const name of EXAMPLE_FILES) {
      first[name] = await client.campaigns.load(withoutSections(await text(name)));
      // The demo seed's own campaign has the 2017 file's owner and key: the file updates it.
      const expected = name === 'safe-internet-2017.ru.yaml' ? 'updated' : 'created';
      expect(first[name]?.outcome, name).toBe(expected);
    }
    expect(first['safe-internet-2017.ru.yaml']?.campaign.id).toBe(th.seed.campaignId);
    const before = await rows();
    expect(before.campaigns).toHaveLength(EXAMPLE_FILES.length);

    for (const name of EXAMPLE_FILES) {
      const again = await client.campaigns.load(withoutSections(await text(name)));
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

  it.runIf(run)('refuses a whole file while its plan has no part to store it', async () => {
    const error = await client.campaigns
      .load(await text('safe-internet-2017.ru.yaml'), { dryRun: true })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SafenetApiError);
    expect(error).toMatchObject({ code: 'programme_section_unsupported', status: 422 });
    expect((error as SafenetApiError).errors.map((e) => e.path)).toEqual([
      'plan',
      'announcements',
      'reminders',
    ]);
  });
});
