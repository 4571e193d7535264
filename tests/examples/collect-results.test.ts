/**
 * docs/guides/collect-results.md, performed: the 2017 "Safe Internet" results report from the
 * form file to the export, against a test hub whose clock is hand-moved through April and May
 * 2017 (no waiting). Each step makes the guide's request and keeps the hub's answer under the
 * step's name; then every answer block of the guide (`<!-- answer: step -->`, see
 * ./guide-answers.ts) is compared with the answer of its step. Comments name the guide's
 * sections (§).
 *
 * `WRITE_GUIDE_ANSWERS=<file>` also writes every step's answer (with placeholders) to that file:
 * what to copy into the guide when an answer changes.
 */
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { eventually, testBackends } from '@safenet/hub/testing';
import { SafenetClient, type StreamEvent } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { buildDemoTree } from '../../examples/campaigns/demo-tree.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { guideProblems } from './guide-answers.js';

const GUIDE = new URL('../../docs/guides/collect-results.md', import.meta.url);
const CAMPAIGN = new URL('../../examples/campaigns/safe-internet-2017.ru.yaml', import.meta.url);
const FORM = new URL('../../examples/reports/safe-internet-2017-results.ru.yaml', import.meta.url);
/** Timestamps from here on are the database's or the seed's clock, not the test's. */
const YAML = { 'content-type': 'application/yaml' };
const FORM_ENCODED = { 'content-type': 'application/x-www-form-urlencoded' };
/** An instant of the hub's clock, written in Almaty's time of 2017 (UTC+6). */
const almaty = (local: string) => Date.parse(`${local}+06:00`);

/** Almaty Region's answers, as its official types them into the link's page. */
const ALMATY_REGION = {
  assemblies: 305,
  class_hours: 2210,
  contests: 52,
  meetings: 60,
  debates: 18,
  parent_meetings: 410,
  children_reached: 61000,
};
const MANGYSTAU = {
  assemblies: 60,
  class_hours: 420,
  contests: 9,
  meetings: 10,
  debates: 2,
  parent_meetings: 80,
  children_reached: 12000,
};
const DAK_LAK = {
  assemblies: 48,
  class_hours: 350,
  contests: 7,
  meetings: 9,
  debates: 3,
  parent_meetings: 64,
  children_reached: 9500,
};

describe.each(await testBackends())(
  'docs/guides/collect-results.md on $name',
  ({ database, run }) => {
    let th: TestHub;
    let client: SafenetClient;
    let clock = Date.parse('2017-03-27T03:00:00Z');
    const now = () => clock;
    const answers: Record<string, unknown> = {};
    const names = new Map<string, string>();

    beforeAll(async () => {
      if (!run) return;
      th = await startTestHub({ database, workers: false, now });
      await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = th.hub.app.server.address() as AddressInfo;
      client = new SafenetClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: th.adminKey });
    });
    afterAll(() => th?.close());

    /** A request as the guide's curl makes it; answers the status, the headers and the body. */
    const call = async (
      method: 'GET' | 'POST' | 'PATCH' | 'PUT',
      url: string,
      payload?: string | object,
      headers: Record<string, string> = {},
    ) => {
      const res = await th.hub.app.inject({
        method,
        url,
        headers: { ...th.auth, ...headers },
        ...(payload === undefined ? {} : { payload }),
      });
      const json = /json/.test(String(res.headers['content-type']));
      return {
        status: res.statusCode,
        headers: res.headers,
        body: json ? (res.json() as unknown) : res.body,
      };
    };
    /** Calls, expects `status`, and keeps the body as the answer of `step`. */
    const answer = async <T = unknown>(
      step: string,
      status: number,
      ...request: Parameters<typeof call>
    ): Promise<T> => {
      const { status: actual, body } = await call(...request);
      expect(actual, `${step}: ${JSON.stringify(body)}`).toBe(status);
      answers[step] = body;
      return body as T;
    };

    it.runIf(run)('every answer the guide shows is the hub’s', { timeout: 120_000 }, async () => {
      const seed = th.seed;
      const [almatyRegion, dakLak] = seed.provinceIds as [string, string];
      for (const [id, name] of [
        [seed.ministryId, '<ministry id>'],
        [almatyRegion, '<Almaty Region id>'],
        [dakLak, '<Đắk Lắk id>'],
      ] as const) {
        names.set(id, name);
      }
      // §0 The campaign, loaded as run-a-campaign.md's steps 0–2 load it.
      await buildDemoTree(client, seed.ministryId);
      const loaded = await call(
        'POST',
        '/v1/campaigns/programme',
        await readFile(CAMPAIGN, 'utf8'),
        YAML,
      );
      expect(loaded.status).toBe(200);
      const campaignId = (loaded.body as { campaign: { id: string } }).campaign.id;
      names.set(campaignId, '<campaign id>');
      // The officials of run-a-campaign.md's step 3: the people the missing list names.
      const officials = await call('POST', '/v1/contacts/bulk', {
        contacts: [
          official(
            almatyRegion,
            'official-almaty-region',
            'ru',
            'Asia/Almaty',
            'almaty.example.kz',
          ),
          official(dakLak, 'official-dak-lak', 'vi', 'Asia/Ho_Chi_Minh', 'daklak.example.vn'),
          official(seed.ministryId, 'official-committee', 'ru', 'Asia/Almaty', 'edu.example.kz'),
        ],
      });
      expect(officials.status).toBe(200);
      const mangystau = await answer<{ id: string }>(
        'organisation',
        201,
        'POST',
        '/v1/organisations',
        {
          parentId: seed.ministryId,
          kind: 'province',
          name: 'Мангистауская область',
          timeZone: 'Asia/Aqtau',
          defaultLanguage: 'ru',
          code: 'kz-mangystau',
        },
      );
      names.set(mangystau.id, '<Mangystau id>');

      // §1 The form file, as JSON with its owner and campaign.
      const file = parseYaml(await readFile(FORM, 'utf8')) as object;
      const form = await answer<{ id: string }>('form', 201, 'POST', '/v1/report-forms', {
        orgId: seed.ministryId,
        campaignId,
        ...file,
      });
      names.set(form.id, '<form id>');
      const forms = `/v1/report-forms/${form.id}`;
      const period = `${forms}/periods/once`;
      await answer('periods', 200, 'GET', `${forms}/periods`);

      // §2 Every province beneath the ministry.
      await answer('assign', 200, 'PUT', `${forms}/assignment`, {
        assignees: [{ allOf: 'province', under: seed.ministryId }],
      });

      // §3 A link for Almaty Region; its page; on 20 April its official submits through it.
      clock = almaty('2017-04-12T09:00:00');
      const link = await answer<{ id: string; token: string; url: string }>(
        'link',
        201,
        'POST',
        `${period}/links`,
        { orgId: almatyRegion, language: 'ru', expiresInDays: 21 },
      );
      names.set(link.id, '<link id>');
      const page = `/r/${link.token}`;
      expect(link.url.endsWith(page)).toBe(true);
      await answer('link-page', 200, 'GET', page);
      clock = almaty('2017-04-20T16:30:00');
      const typed = new URLSearchParams({
        ...Object.fromEntries(Object.entries(ALMATY_REGION).map(([k, v]) => [k, String(v)])),
        'media_coverage.0.outlet': 'Казахстанская правда',
        'media_coverage.0.date': '2017-04-12',
        action: 'submit',
      });
      const sent = await call('POST', page, typed.toString(), FORM_ENCODED);
      expect(sent.status, String(sent.body)).toBe(200);
      answers['link-submitted'] = notice(String(sent.body));
      await answer('submission', 200, 'GET', `${period}/submissions/${almatyRegion}`);

      // §4 Mangystau, late (the report was due when 25 April ended in Aqtau, UTC+5).
      clock = almaty('2017-04-27T11:00:00');
      await answer('late', 200, 'PUT', `${period}/submissions/${mangystau.id}`, {
        values: MANGYSTAU,
      });

      // §5 Almaty Region corrects a count: version 2, still on time.
      clock = almaty('2017-04-28T10:00:00');
      await answer('resubmit', 200, 'PUT', `${period}/submissions/${almatyRegion}`, {
        values: {
          ...ALMATY_REGION,
          assemblies: 312,
          media_coverage: [{ outlet: 'Казахстанская правда', date: '2017-04-12' }],
        },
      });
      await answer('versions', 200, 'GET', `${period}/submissions/${almatyRegion}/versions`);

      // §6 The roll-up by province, and who is missing.
      await answer('rollup', 200, 'GET', `${period}/rollup?level=province`);
      await answer('missing', 200, 'GET', `${period}/missing`);

      // §7 2 May: locked; an exception lets Đắk Lắk in.
      clock = almaty('2017-05-02T10:00:00');
      await answer('locked', 409, 'PUT', `${period}/submissions/${dakLak}`, { values: DAK_LAK });
      await answer('exception', 200, 'PUT', `${period}/exceptions/${dakLak}`, {
        until: '2017-05-05T17:00:00Z',
      });
      await answer('after-lock', 200, 'PUT', `${period}/submissions/${dakLak}`, {
        values: DAK_LAK,
      });

      // §8 Approval by the ministry; a return first, on the stream.
      await answer('approval-levels', 200, 'PATCH', forms, { approvalLevels: ['ministry'] });
      const streamed: StreamEvent[] = [];
      let open: () => void = () => undefined;
      const opened = new Promise<void>((resolve) => {
        open = resolve;
      });
      // As the guide subscribes: the report events only.
      const subscription = client.stream.subscribe({
        types: ['report.submitted', 'report.returned'],
        onOpen: () => open(),
        onEvent: (event) => {
          streamed.push(event);
        },
      });
      await opened;
      await answer('return', 200, 'POST', `${period}/submissions/${mangystau.id}/return`, {
        comment: 'Охват детей больше, чем учащихся в области: проверьте, пожалуйста',
      });
      await answer('approve-blocked', 409, 'POST', `${period}/approvals/${seed.ministryId}`);
      clock = almaty('2017-05-03T09:30:00');
      await answer('corrected', 200, 'PUT', `${period}/submissions/${mangystau.id}`, {
        values: { ...MANGYSTAU, children_reached: 10500 },
      });
      await eventually(
        async () => streamed.length,
        (count) => count >= 2,
        'the return and the correction on the stream',
      );
      subscription.close();
      answers['stream-returned'] = streamed.find((e) => e.type === 'report.returned');
      answers['stream-submitted'] = streamed.find((e) => e.type === 'report.submitted');
      clock = almaty('2017-05-03T15:00:00');
      await answer('approve', 201, 'POST', `${period}/approvals/${seed.ministryId}`);
      await answer('approved-locked', 409, 'PUT', `${period}/submissions/${almatyRegion}`, {
        values: ALMATY_REGION,
      });

      // §9 The export, as CSV (a BOM, CRLF) and XLSX.
      const csv = await call('GET', `${period}/export?level=province&format=csv`);
      expect(csv.status).toBe(200);
      const text = String(csv.body);
      expect(text.startsWith('\uFEFF')).toBe(true);
      expect(text.includes('\r\n') && !/[^\r]\n/.test(text)).toBe(true);
      // Shown without the BOM and with the guide's line ends.
      answers['export-csv'] = text.slice(1).replaceAll('\r\n', '\n');
      const xlsx = await call('GET', `${period}/export?level=province&format=xlsx`);
      answers['export-xlsx'] =
        `${xlsx.status} ${xlsx.headers['content-type']} ${xlsx.headers['content-disposition']}`;
      await answer('audit', 200, 'GET', `${forms}/audit?orgId=${mangystau.id}`);

      // Every block of the guide, against its step's answer.
      const write = database === 'embedded' ? process.env.WRITE_GUIDE_ANSWERS : undefined;
      const { steps, problems } = await guideProblems(GUIDE, answers, names, write);
      expect(steps.shown).toEqual(steps.answered);
      expect(problems).toEqual([]);
    });
  },
);

/** An official of `orgId` who reads email, as run-a-campaign.md adds them. */
function official(orgId: string, ref: string, language: string, timeZone: string, domain: string) {
  const user = ref === 'official-committee' ? 'committee' : 'official';
  return {
    orgId,
    externalRef: ref,
    role: 'official',
    language,
    timeZone,
    addresses: { email: `${user}@${domain}` },
    consents: {
      email: { status: 'granted', source: 'ministry staff list', at: '2017-03-20T10:00:00+06:00' },
    },
  };
}

/** The page's notice after a submission (its `role="status"` element), as text. */
function notice(html: string): string {
  const found = /<[^>]*role="status"[^>]*>([\s\S]*?)<\/[a-z]+>/.exec(html)?.[1] ?? html;
  return found
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}
