import {
  type Broadcast,
  type BroadcastPreview,
  countSmsSegments,
  type PricesInForce,
} from '@safenet/core';
import { Decimal } from 'decimal.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

// Price tables (their inheritance down the tree, the refusal of an empty one) and the
// estimate a preview answers and a broadcast records (issue 15).

const backends = await testBackends();

/** From the seed's Kazakh document: 118 UCS-2 units, two segments of 67. */
const KAZAKH =
  'Негативті интернет-контентті анықтау мақсатында «БАЛАЛАРДЫ БІРГЕ ҚОРҒАЙЫҚ» телеграмм-чаты ашылды. Сенім телефоны: 111.';
const KZ_SEGMENT = '0.0725';
const RECIPIENTS = 1000;

describe.each(backends)('costs on $name', ({ database, run }) => {
  let th: TestHub;
  let provinceA: string;
  let provinceB: string;
  let schoolA: string;
  let schoolB: string;
  let segmentId: string;

  const call = async (method: 'GET' | 'PUT' | 'POST', url: string, payload?: object) =>
    th.hub.app.inject({ method, url, headers: th.auth, ...(payload ? { payload } : {}) });
  const create = async (url: string, payload: object) => {
    const res = await call('POST', url, payload);
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json<{ id: string }>().id;
  };
  const prices = async (orgId: string) => {
    const res = await call('GET', `/v1/organisations/${orgId}/prices`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<PricesInForce>();
  };
  const putPrices = (orgId: string, table: object | null) =>
    call('PUT', `/v1/organisations/${orgId}/prices`, { table });
  const broadcastBody = () => ({
    orgId: schoolA,
    segmentId,
    channels: ['sms'],
    content: { body: { kk: KAZAKH } },
  });

  beforeAll(async () => {
    if (!run) return;
    // The arithmetic of the estimate over the content's segments: the opt-out link's share of
    // them is counted against what Twilio bills in signposting.e2e.
    th = await startTestHub({
      workers: false,
      database,
      env: { SAFENET_SMS_OPT_OUT_LINK: 'false' },
    });
    const ministry = th.seed.ministryId;
    provinceA = await create('/v1/organisations', {
      parentId: ministry,
      kind: 'province',
      name: 'Costs province A',
    });
    provinceB = await create('/v1/organisations', {
      parentId: ministry,
      kind: 'province',
      name: 'Costs province B',
    });
    schoolA = await create('/v1/organisations', {
      parentId: provinceA,
      kind: 'school',
      name: 'Costs school A',
    });
    schoolB = await create('/v1/organisations', {
      parentId: provinceB,
      kind: 'school',
      name: 'Costs school B',
    });
    const consent = {
      status: 'granted',
      source: 'parent meeting form',
      at: '2017-04-03T10:00:00+06:00',
    };
    const bulk = await call('POST', '/v1/contacts/bulk', {
      contacts: Array.from({ length: RECIPIENTS }, (_, i) => ({
        orgId: schoolA,
        externalRef: `costs-${i}`,
        role: 'parent',
        language: 'kk',
        // Kazakh mobile numbers (+7 70x): libphonenumber places them in KZ, not RU.
        addresses: { phone: `+7701${String(5_000_000 + i).padStart(7, '0')}` },
        consents: { sms: consent },
      })),
    });
    expect(bulk.statusCode, bulk.body).toBeLessThan(300);
    segmentId = await create('/v1/segments', {
      orgId: schoolA,
      name: 'Kazakh-speaking parents',
      query: { roles: ['parent'] },
    });
  }, 120_000);

  afterAll(async () => {
    await th?.close();
  });

  it.runIf(run)('answers cost: null, not an error, when no table is in force', async () => {
    expect(await prices(schoolA)).toEqual({ orgId: schoolA, table: null, definedBy: null });
    const res = await call('POST', '/v1/broadcasts/preview', broadcastBody());
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<BroadcastPreview>().cost).toBeNull();
  });

  it.runIf(run)(
    'refuses a table that prices nothing, and prices that are not decimal strings',
    async () => {
      const empty = await putPrices(provinceA, { currency: 'USD', sms: {}, whatsapp: {} });
      expect(empty.statusCode, empty.body).toBe(400);
      expect(empty.json()).toMatchObject({ code: 'price_table_empty' });
      expect(empty.json<{ detail: string }>().detail).toMatch(/at least one price/);
      const float = await putPrices(provinceA, { currency: 'USD', sms: { KZ: 0.0725 } });
      expect(float.statusCode, float.body).toBe(400);
      expect(float.json()).toMatchObject({ code: 'validation_failed' });
      expect((await prices(provinceA)).table).toBeNull();
    },
  );

  it.runIf(run)('hands a table down the tree: the nearest organisation’s wins', async () => {
    const ministryTable = { currency: 'USD', sms: { KZ: '0.0900', '*': '0.1' } };
    const provinceTable = { currency: 'USD', sms: { KZ: KZ_SEGMENT } };
    expect((await putPrices(th.seed.ministryId, ministryTable)).statusCode).toBe(200);
    expect((await putPrices(provinceA, provinceTable)).statusCode).toBe(200);
    expect(await prices(schoolA)).toMatchObject({
      table: { ...provinceTable, whatsappCategory: 'marketing' },
      definedBy: provinceA,
    });
    expect(await prices(schoolB)).toMatchObject({
      table: { ...ministryTable, whatsappCategory: 'marketing' },
      definedBy: th.seed.ministryId,
    });
    // The province inherits again once it drops its own.
    expect((await putPrices(provinceA, null)).json<PricesInForce>().definedBy).toBe(
      th.seed.ministryId,
    );
    expect((await putPrices(provinceA, provinceTable)).statusCode).toBe(200);
  });

  it.runIf(run)(
    'estimates a two-segment Kazakh SMS to 1,000 parents at exactly 2,000 × the segment price, and records it',
    async () => {
      expect(countSmsSegments(KAZAKH)).toMatchObject({ encoding: 'UCS-2', segments: 2 });
      const res = await call('POST', '/v1/broadcasts/preview', broadcastBody());
      expect(res.statusCode, res.body).toBe(200);
      const preview = res.json<BroadcastPreview>();
      expect(preview.sms.estimatedSegments).toBe(2 * RECIPIENTS);
      const expected = new Decimal(KZ_SEGMENT).times(2 * RECIPIENTS).toFixed();
      expect(expected).toBe('145');
      expect(preview.cost).toEqual({
        currency: 'USD',
        byChannel: { sms: expected },
        total: expected,
        unpriced: [],
      });

      const created = await call('POST', '/v1/broadcasts', broadcastBody());
      expect(created.statusCode, created.body).toBe(202);
      const broadcast = created.json<Broadcast>();
      expect(broadcast.estimatedCost).toEqual(preview.cost);
      const read = await call('GET', `/v1/broadcasts/${broadcast.id}`);
      expect(read.json<Broadcast>().estimatedCost).toEqual(preview.cost);
      const cost = await call('GET', `/v1/broadcasts/${broadcast.id}/cost`);
      expect(cost.statusCode, cost.body).toBe(200);
      expect(cost.json()).toEqual({
        broadcastId: broadcast.id,
        estimate: preview.cost,
        actual: [],
        whatsapp: { billable: 0, notBillable: 0 },
        awaitingPrice: 0,
      });
    },
  );

  it.runIf(run)('lists destinations without a price rather than guessing them', async () => {
    // Province A's table prices Kazakhstan only; a Russian number under school A is unpriced.
    const russian = await call('POST', '/v1/contacts', {
      orgId: schoolA,
      role: 'parent',
      language: 'kk',
      addresses: { phone: '+79161234567' },
      consents: { sms: { status: 'granted', source: 'form', at: '2017-04-03T10:00:00+06:00' } },
    });
    expect(russian.statusCode, russian.body).toBe(201);
    const res = await call('POST', '/v1/broadcasts/preview', broadcastBody());
    const { cost } = res.json<BroadcastPreview>();
    expect(cost?.total).toBe('145');
    expect(cost?.unpriced).toEqual([{ channel: 'sms', country: 'RU', recipients: 1 }]);
  });
});
