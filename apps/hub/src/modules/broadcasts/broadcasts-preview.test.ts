import type {
  BroadcastInput,
  BroadcastPreview,
  Consents,
  ContactBulkInput,
  ContactBulkResult,
} from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKey, expectProblem, publishRecommendation } from '../../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

// The contacts live in an association of their own, under the ministry, so the counts are
// exact and do not depend on the demo data.
let th: TestHub;
let app: FastifyInstance;
let associationId: string;
let parentsId: string;
let contactIds: Map<string, string>;

/** 71 Cyrillic characters: one more than a single UCS-2 SMS holds. */
const RU_71 = 'Родительское собрание в пятницу в 18:00. Телефон доверия: 111. Ждём вас';
/** Plain English: GSM-7, far below 160. */
const EN = 'Parents meeting on Friday at 18:00. Helpline: 111. See you there!';

const AT = '2017-04-03T10:00:00+06:00';
const granted = (...channels: string[]): Consents =>
  Object.fromEntries(
    channels.map((c) => [c, { status: 'granted', source: 'parent meeting form', at: AT }]),
  );

/** 3 ru with WhatsApp + SMS, 2 kk with SMS only, 1 vi with email only, 1 en with nothing. */
function contacts(orgId: string): ContactBulkInput['contacts'] {
  const phone = (n: number) => `+7701000${String(n).padStart(4, '0')}`;
  return [
    ...[1, 2, 3].map((n) => ({
      orgId,
      externalRef: `ru-${n}`,
      role: 'parent' as const,
      language: 'ru',
      addresses: { phone: phone(n), whatsapp: phone(n) },
      consents: granted('whatsapp', 'sms'),
    })),
    ...[4, 5].map((n) => ({
      orgId,
      externalRef: `kk-${n}`,
      role: 'parent' as const,
      language: 'kk',
      addresses: { phone: phone(n) },
      consents: granted('sms'),
    })),
    {
      orgId,
      externalRef: 'vi-6',
      role: 'parent',
      language: 'vi',
      addresses: { email: 'phu.huynh@example.vn' },
      consents: granted('email'),
    },
    { orgId, externalRef: 'en-7', role: 'parent', language: 'en' },
  ];
}

const post = (url: string, payload: object, headers = th.auth) =>
  app.inject({ method: 'POST', url, headers, payload });

async function created<T>(url: string, payload: object, status = 201): Promise<T> {
  const res = await post(url, payload);
  expect(res.statusCode, res.body).toBe(status);
  return res.json<T>();
}

beforeAll(async () => {
  // These tests count the content's own units: no SMS opt-out link (its count is tested in
  // hotlines/signposting.test.ts). No line serves the association: no footer either.
  th = await startTestHub({ workers: false, env: { SAFENET_SMS_OPT_OUT_LINK: 'false' } });
  app = th.hub.app;
  associationId = (
    await created<{ id: string }>('/v1/organisations', {
      parentId: th.seed.ministryId,
      kind: 'association',
      name: 'Preview test parents’ association',
    })
  ).id;
  const bulk = await created<ContactBulkResult>(
    '/v1/contacts/bulk',
    { contacts: contacts(associationId) },
    200,
  );
  contactIds = new Map(bulk.items.map((item) => [item.externalRef, item.id]));
  parentsId = (
    await created<{ id: string }>('/v1/segments', {
      orgId: associationId,
      name: 'Parents',
      query: { roles: ['parent'] },
    })
  ).id;
});
afterAll(() => th?.close());

const input = (fields: Partial<BroadcastInput> = {}): BroadcastInput => ({
  orgId: associationId,
  segmentId: parentsId,
  channels: ['whatsapp', 'sms', 'email'],
  content: { body: { ru: RU_71, en: EN } },
  ...fields,
});

async function preview(payload: BroadcastInput, headers = th.auth): Promise<BroadcastPreview> {
  const res = await post('/v1/broadcasts/preview', payload, headers);
  expect(res.statusCode, res.body).toBe(200);
  return res.json<BroadcastPreview>();
}

/** Rows a broadcast would write: broadcasts, deliveries, queued jobs. */
async function written(): Promise<number[]> {
  const count = async (table: 'broadcasts' | 'deliveries') =>
    (
      await th.hub.db
        .selectFrom(table)
        .select(sql<number>`count(*)::int`.as('n'))
        .executeTakeFirstOrThrow()
    ).n;
  return [await count('broadcasts'), await count('deliveries')];
}

describe('POST /v1/broadcasts/preview', () => {
  it('counts recipients per first reachable channel, languages after fallback, SMS segments', async () => {
    expect(Array.from(RU_71)).toHaveLength(71);
    const before = await written();
    // sendAt is accepted, as for a real broadcast, and changes nothing.
    const result = await preview(input({ sendAt: '2030-04-10T09:00:00+06:00' }));
    expect(result).toEqual({
      recipients: 7,
      byChannel: { whatsapp: 3, sms: 2, email: 1 },
      unreachable: 1,
      // The en parent has no address at all.
      unreachableReasons: { opted_out: 0, no_consent: 0, no_address: 1 },
      languages: [
        { language: 'ru', recipients: 3, reachable: 3, contentLanguage: 'ru' },
        { language: 'kk', recipients: 2, reachable: 2, contentLanguage: 'ru' },
        { language: 'vi', recipients: 1, reachable: 1, contentLanguage: 'en' },
        { language: 'en', recipients: 1, reachable: 0, contentLanguage: 'en' },
      ],
      sms: {
        // Kazakh readers fall back to the Russian text: 71 UCS-2 units, two parts.
        languages: [
          {
            language: 'kk',
            contentLanguage: 'ru',
            recipients: 2,
            encoding: 'UCS-2',
            units: 71,
            segments: 2,
            signposting: '',
          },
        ],
        estimatedSegments: 4,
      },
      attachments: { files: 0, bytes: 0, byChannel: {} },
      cost: null,
    } satisfies BroadcastPreview);
    expect(await written()).toEqual(before);
    const broadcasts = await app.inject({
      method: 'GET',
      url: '/v1/broadcasts',
      headers: th.auth,
    });
    expect(broadcasts.json<{ items: { segmentId: string }[] }>().items).not.toContainEqual(
      expect.objectContaining({ segmentId: parentsId }),
    );
  });

  it('follows the broadcast’s channel order; English text goes as one GSM-7 segment', async () => {
    const result = await preview(
      input({ channels: ['sms', 'whatsapp', 'email'], content: { body: { en: EN } } }),
    );
    expect(result.byChannel).toEqual({ sms: 5, whatsapp: 0, email: 1 });
    expect(result.unreachable).toBe(1);
    expect(result.languages.map((l) => [l.language, l.contentLanguage])).toEqual([
      ['ru', 'en'],
      ['kk', 'en'],
      ['vi', 'en'],
      ['en', 'en'],
    ]);
    const gsm = {
      contentLanguage: 'en',
      encoding: 'GSM-7',
      units: EN.length,
      segments: 1,
      signposting: '',
    };
    expect(result.sms).toEqual({
      languages: [
        { language: 'ru', recipients: 3, ...gsm },
        { language: 'kk', recipients: 2, ...gsm },
      ],
      estimatedSegments: 5,
    });
  });

  it('says which languages have no content; their SMS are not counted', async () => {
    const result = await preview(
      input({ channels: ['sms'], content: { body: { vi: 'Họp phụ huynh vào thứ Sáu.' } } }),
    );
    expect(result).toMatchObject({ recipients: 7, byChannel: { sms: 5 }, unreachable: 2 });
    expect(result.languages).toEqual([
      { language: 'ru', recipients: 3, reachable: 3, contentLanguage: null },
      { language: 'kk', recipients: 2, reachable: 2, contentLanguage: null },
      { language: 'vi', recipients: 1, reachable: 0, contentLanguage: 'vi' },
      { language: 'en', recipients: 1, reachable: 0, contentLanguage: null },
    ]);
    expect(result.sms).toEqual({ languages: [], estimatedSegments: 0 });
  });

  it('counts a saved recommendation’s title in the SMS, after its variables', async () => {
    const body = 'Памятка родителю о безопасном интернете. Телефон: {{hotline}}';
    const approver = await createKey(app, th.auth, th.seed.ministryId, ['read', 'approve']);
    const memo = await publishRecommendation(
      app,
      { author: th.auth, approver: approver.headers },
      {
        orgId: associationId,
        topic: 'online-safety',
        title: { ru: 'Памятка для родителей' },
        body: { ru: body },
      },
    );
    const result = await preview(
      input({
        channels: ['sms'],
        content: { recommendationId: memo.id },
        variables: { hotline: '111' },
      }),
    );
    // 21 (title) + 2 (blank line) + 53 (body with 111) = 76: the body alone would fit in one
    // UCS-2 part, with its title it needs two.
    const units = 21 + 2 + 53;
    expect(result.sms.languages).toEqual([
      {
        language: 'ru',
        contentLanguage: 'ru',
        recipients: 3,
        encoding: 'UCS-2',
        units,
        segments: 2,
        signposting: '',
      },
      {
        language: 'kk',
        contentLanguage: 'ru',
        recipients: 2,
        encoding: 'UCS-2',
        units,
        segments: 2,
        signposting: '',
      },
    ]);
    expect(result.sms.estimatedSegments).toBe(10);
  });

  it('does not count a contact whose consent was withdrawn on a channel', async () => {
    const id = contactIds.get('ru-1') as string;
    const consent = (status: 'granted' | 'revoked') =>
      app.inject({
        method: 'PATCH',
        url: `/v1/contacts/${id}`,
        headers: th.auth,
        payload: { consents: { whatsapp: { status, source: 'STOP reply', at: AT } } },
      });
    expect((await consent('revoked')).statusCode).toBe(200);
    try {
      const result = await preview(input());
      expect(result.byChannel).toEqual({ whatsapp: 2, sms: 3, email: 1 });
      expect(result.sms.estimatedSegments).toBe(3 * 2);
    } finally {
      expect((await consent('granted')).statusCode).toBe(200);
    }
  });

  it('answers an empty audience with zero counts, not segment_empty', async () => {
    const nobody = await created<{ id: string }>('/v1/segments', {
      orgId: associationId,
      name: 'Officials',
      query: { roles: ['official'] },
    });
    expect(await preview(input({ segmentId: nobody.id }))).toEqual({
      recipients: 0,
      byChannel: { whatsapp: 0, sms: 0, email: 0 },
      unreachable: 0,
      unreachableReasons: { opted_out: 0, no_consent: 0, no_address: 0 },
      languages: [],
      sms: { languages: [], estimatedSegments: 0 },
      attachments: { files: 0, bytes: 0, byChannel: {} },
      cost: null,
    });
    // Reachable by nobody on these channels is a preview too.
    const result = await preview(input({ channels: ['telegram'] }));
    expect(result).toMatchObject({
      recipients: 7,
      byChannel: { telegram: 0 },
      unreachable: 7,
      unreachableReasons: { opted_out: 0, no_consent: 0, no_address: 7 },
    });
  });

  it('needs only the read scope', async () => {
    const key = await createKey(app, th.auth, associationId, ['read']);
    expect((await preview(input(), key.headers)).recipients).toBe(7);
  });

  it('refuses what creating the broadcast refuses, writing nothing', async () => {
    const before = await written();
    const missing = '0190a5a0-0000-7000-8000-00000000dead';
    expectProblem(
      await post('/v1/broadcasts/preview', input({ segmentId: missing })),
      404,
      'not_found',
      /segment/,
    );
    expectProblem(
      await post('/v1/broadcasts/preview', input({ content: { recommendationId: missing } })),
      404,
      'not_found',
      /recommendation/,
    );
    expectProblem(
      await post(
        '/v1/broadcasts/preview',
        input({ content: { body: { ru: 'Телефон доверия: {{hotline}}' } } }),
      ),
      422,
      'template_variable_missing',
      /\{\{hotline\}\}/,
    );
    expectProblem(
      await post('/v1/broadcasts/preview', { ...input(), channels: [] }),
      400,
      'validation_failed',
    );
    expect(await written()).toEqual(before);
  });

  it('keeps to the caller’s subtree: another school’s key gets 404', async () => {
    const school = await createKey(app, th.auth, th.seed.schoolIds[0], ['read', 'send']);
    // The association is not under the school: its organisation and its segment are unknown.
    expectProblem(
      await post('/v1/broadcasts/preview', input(), school.headers),
      404,
      'not_found',
      /organisation/,
    );
    expectProblem(
      await post('/v1/broadcasts/preview', input({ orgId: th.seed.schoolIds[0] }), school.headers),
      404,
      'not_found',
      /segment/,
    );
  });
});
