import type {
  BroadcastInput,
  BroadcastPreview,
  Consents,
  ContactBulkInput,
  ContactBulkResult,
} from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

// The preview's Zalo split, on both stores: which recipients get a ZNS template (a Vietnamese
// phone, a template for the language of the text they read), which a free OA message (a
// follower's user id), and which Zalo would refuse — no template for their text's language,
// or a phone outside Vietnam — so that they go to the next channel.

const backends = await testBackends();

const AT = '2022-08-16T09:00:00+07:00';
const consents = (granted: string[], revoked: string[] = []): Consents => ({
  ...Object.fromEntries(
    granted.map((c) => [c, { status: 'granted', source: 'phiếu họp phụ huynh', at: AT }]),
  ),
  ...Object.fromEntries(revoked.map((c) => [c, { status: 'revoked', source: 'STOP', at: AT }])),
});

/** A follower's Zalo user id, as Zalo's webhooks give it. */
const USER_ID = '5837261009213345';

/**
 * vi: two Vietnamese phones, a follower, a Kazakh phone; kk: a Vietnamese phone; ru: Zalo
 * withdrawn (SMS instead); en: a follower. One vi parent also has SMS.
 */
function contacts(orgId: string): ContactBulkInput['contacts'] {
  const parent = (ref: string, language: string, rest: object) => ({
    orgId,
    externalRef: ref,
    role: 'parent' as const,
    language,
    ...rest,
  });
  return [
    parent('vi-1', 'vi', {
      addresses: { zalo: '+84912345001', phone: '+84912345001' },
      consents: consents(['zalo', 'sms']),
    }),
    parent('vi-2', 'vi', { addresses: { zalo: '+84912345002' }, consents: consents(['zalo']) }),
    parent('vi-3', 'vi', { addresses: { zalo: USER_ID }, consents: consents(['zalo']) }),
    parent('vi-4', 'vi', { addresses: { zalo: '+77012345678' }, consents: consents(['zalo']) }),
    parent('kk-5', 'kk', { addresses: { zalo: '+84912345005' }, consents: consents(['zalo']) }),
    parent('ru-6', 'ru', {
      addresses: { zalo: '+84912345006', phone: '+84912345006' },
      consents: consents(['sms'], ['zalo']),
    }),
    parent('en-7', 'en', { addresses: { zalo: '9000000000000007' }, consents: consents(['zalo']) }),
  ];
}

describe.each(backends)('the Zalo split of a broadcast preview on $name', ({ database, run }) => {
  let th: TestHub;
  let app: FastifyInstance;
  let orgId: string;
  let segmentId: string;

  const post = async <T>(url: string, payload: object, status: number): Promise<T> => {
    const res = await app.inject({ method: 'POST', url, headers: th.auth, payload });
    expect(res.statusCode, res.body).toBe(status);
    return res.json<T>();
  };
  const preview = (fields: Partial<BroadcastInput>) =>
    post<BroadcastPreview>(
      '/v1/broadcasts/preview',
      {
        orgId,
        segmentId,
        channels: ['zalo', 'sms'],
        content: { body: { vi: 'Họp phụ huynh vào thứ Sáu.', ru: 'Собрание в пятницу.' } },
        ...fields,
      },
      200,
    );

  beforeAll(async () => {
    if (!run) return;
    // Zalo configured with templates in Vietnamese and English only. Nothing is sent: the
    // APIs point at a closed port on loopback.
    const nowhere = 'http://127.0.0.1:9';
    th = await startTestHub({
      workers: false,
      database,
      env: {
        SAFENET_ZALO_APP_ID: '1234567890123456789',
        SAFENET_ZALO_APP_SECRET: 'app-secret',
        SAFENET_ZALO_OA_SECRET_KEY: 'oa-secret-key',
        SAFENET_ZALO_ACCESS_TOKEN: 'access-token',
        SAFENET_ZALO_REFRESH_TOKEN: 'refresh-token',
        SAFENET_ZALO_ACCESS_TOKEN_EXPIRES_AT: new Date(Date.now() + 25 * 3_600_000).toISOString(),
        SAFENET_ZALO_TEMPLATES: 'vi=318822:tieu_de=title;noi_dung=body,en=318900:content=body',
        SAFENET_ZALO_OPEN_API_URL: nowhere,
        SAFENET_ZALO_BUSINESS_API_URL: nowhere,
        SAFENET_ZALO_OAUTH_URL: nowhere,
      },
    });
    app = th.hub.app;
    orgId = (
      await post<{ id: string }>(
        '/v1/organisations',
        { parentId: th.seed.ministryId, kind: 'association', name: 'Hội cha mẹ học sinh' },
        201,
      )
    ).id;
    await post<ContactBulkResult>('/v1/contacts/bulk', { contacts: contacts(orgId) }, 200);
    segmentId = (
      await post<{ id: string }>(
        '/v1/segments',
        { orgId, name: 'Phụ huynh', query: { roles: ['parent'] } },
        201,
      )
    ).id;
  });
  afterAll(async () => {
    if (run) await th.close();
  });

  it.runIf(run)(
    'says who gets a ZNS template, who an OA message, and who Zalo would refuse',
    async () => {
      const result = await preview({});
      expect(result.byChannel).toEqual({ zalo: 6, sms: 1 });
      expect(result.zalo).toEqual({
        template: 2,
        message: 1,
        // The Kazakh reader gets the Russian text, and Russian has no template.
        noTemplate: 1,
        notVietnamese: 1,
        missingTemplates: ['ru'],
        // The English reader has no text in their languages: suppressed, not counted here.
        languages: [
          {
            language: 'kk',
            contentLanguage: 'ru',
            template: 0,
            message: 0,
            noTemplate: 1,
            notVietnamese: 0,
          },
          {
            language: 'vi',
            contentLanguage: 'vi',
            template: 2,
            message: 1,
            noTemplate: 0,
            notVietnamese: 1,
          },
        ],
      } satisfies BroadcastPreview['zalo']);
    },
  );

  it.runIf(run)('picks the template by the language of the text read, after fallback', async () => {
    // English text only: Vietnamese and Kazakh readers fall back to it, and it has a template.
    const result = await preview({ content: { body: { en: 'Parents meeting on Friday.' } } });
    expect(result.zalo).toMatchObject({
      template: 3,
      message: 2,
      noTemplate: 0,
      notVietnamese: 1,
      missingTemplates: [],
    });
    expect(result.zalo?.languages.map((l) => [l.language, l.contentLanguage])).toEqual([
      ['kk', 'en'],
      ['vi', 'en'],
      ['en', 'en'],
    ]);
  });

  it.runIf(run)(
    'counts only those whose message goes on Zalo, in the channels’ order',
    async () => {
      // SMS first: the vi parent with SMS consent gets an SMS, not a template.
      const result = await preview({ channels: ['sms', 'zalo'] });
      expect(result.byChannel).toEqual({ sms: 2, zalo: 5 });
      expect(result.zalo).toMatchObject({ template: 1, message: 1, noTemplate: 1 });
      // Without Zalo among the channels there is no Zalo part.
      expect(await preview({ channels: ['sms'] })).not.toHaveProperty('zalo');
    },
  );
});
