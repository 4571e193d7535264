import type { Contact, ContactImport, ImportRowError, Page } from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AuthHeaders, createKey, listAll } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { own } from './contacts.tables.js';
import { runImport } from './import-run.js';

// A Vietnamese school's list of parents with a Zalo column, on both stores: phones read as
// E.164 whatever their spelling, a follower's user id kept, anything else rejected with
// `zalo_invalid`; consent on Zalo from the import and from a column; the export's round trip.

const backends = await testBackends();

/** A follower's Zalo user id (19 digits, as Zalo's webhooks give it). */
const USER_ID = '4572947693969771653';

/** As a school in Đắk Lắk keeps it: Vietnamese headers, national numbers, a child's name. */
const PARENTS_CSV = [
  'Mã phụ huynh,Họ tên phụ huynh,Họ tên học sinh,Số điện thoại,Số Zalo,Đồng ý Zalo',
  'v-1,Nguyễn Thị Lan,Nguyễn Văn An,0912 345 001,0912 345 001,có',
  `v-2,Trần Văn Hùng,Trần Thị Bình,0912345002,${USER_ID},có`,
  'v-3,Lê Thị Mai,Lê Văn Cường,0912 345 003,+84 912 345 003,không',
  'v-4,Phạm Văn Đức,Phạm Thị Dung,0912 345 004,+7 701 234 5678,có',
  'v-5,Hoàng Thị Hoa,Hoàng Văn Em,,zalo.me/hoa,',
  // A spreadsheet that stored the number as a number dropped its 0.
  'v-6,Vũ Văn Khoa,Vũ Thị Giang,,912345006,',
].join('\r\n');

describe.each(backends)('a contact import with a Zalo column on $name', ({ database, run }) => {
  let th: TestHub;
  let app: FastifyInstance;
  let schoolId: string;
  let key: AuthHeaders;

  const importFile = async (body: string | Buffer, query: Record<string, string>) => {
    const params = new URLSearchParams({
      orgId: schoolId,
      fileName: 'phu-huynh.csv',
      key: 'externalRef',
      defaultRole: 'parent',
      consentBasis: 'consent',
      consentChannels: 'sms,zalo',
      consentSource: 'phiếu đăng ký họp phụ huynh, 16/8/2022',
      consentAt: '2022-08-16T09:00:00+07:00',
      ...query,
    });
    const res = await app.inject({
      method: 'POST',
      url: `/v1/contact-imports?${params}`,
      headers: { ...key, 'content-type': 'text/csv' },
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(202);
    const started = res.json<ContactImport>();
    await runImport({ db: own(th.hub.db), bus: th.hub.bus, now: () => Date.now() }, started.id);
    const done = await app.inject({
      method: 'GET',
      url: `/v1/contact-imports/${started.id}`,
      headers: key,
    });
    return done.json<ContactImport>();
  };
  const contacts = () => listAll<Contact>(app, key, `/v1/contacts?orgId=${schoolId}`);

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database });
    app = th.hub.app;
    const res = await app.inject({
      method: 'POST',
      url: '/v1/organisations',
      headers: th.auth,
      payload: {
        parentId: th.seed.provinceIds[1],
        kind: 'school',
        name: 'THCS Ea Kao',
        timeZone: 'Asia/Ho_Chi_Minh',
        defaultLanguage: 'vi',
      },
    });
    expect(res.statusCode, res.body).toBe(201);
    schoolId = res.json<{ id: string }>().id;
    key = (await createKey(app, th.auth, schoolId, ['read', 'write'])).headers;
  });
  afterAll(async () => {
    if (run) await th.close();
  });

  it.runIf(run)(
    'reads Zalo phones and user ids, rejects anything else, and records consent on Zalo',
    async () => {
      const result = await importFile(PARENTS_CSV, { mode: 'valid_rows' });
      expect(result).toMatchObject({
        status: 'completed',
        defaultCountry: 'VN',
        consent: { channels: ['sms', 'zalo'] },
        counts: { rows: 6, valid: 4, rejected: 2, created: 4 },
      });
      expect(result.columns.map((c) => [c.header, c.field])).toEqual([
        ['Mã phụ huynh', 'externalRef'],
        ['Họ tên phụ huynh', 'displayName'],
        ['Họ tên học sinh', null],
        ['Số điện thoại', 'phone'],
        ['Số Zalo', 'zalo'],
        ['Đồng ý Zalo', 'consent.zalo'],
      ]);
      const errors = await app.inject({
        method: 'GET',
        url: `/v1/contact-imports/${result.id}/errors?lang=vi`,
        headers: key,
      });
      const items = errors.json<Page<ImportRowError>>().items;
      expect(items.map(({ row, column, code }) => [row, column, code])).toEqual([
        [5, 'Số Zalo', 'zalo_invalid'],
        [6, 'Số Zalo', 'zalo_invalid'],
      ]);
      expect(items[0]?.message).toContain('Không đọc được địa chỉ Zalo “+7 701 234 5678”');

      const written = await contacts();
      const byRef = (ref: string) => written.find((c) => c.externalRef === ref) as Contact;
      expect(written.map((c) => [c.externalRef, c.addresses.zalo ?? null]).sort()).toEqual([
        ['v-1', '+84912345001'],
        ['v-2', USER_ID],
        ['v-3', '+84912345003'],
        ['v-6', '+84912345006'],
      ]);
      expect(byRef('v-1').addresses.phone).toBe('+84912345001');
      // The column's "không" withdraws; an empty cell leaves it to the import's statement.
      expect(
        Object.fromEntries(written.map((c) => [c.externalRef, c.consents.zalo?.status])),
      ).toEqual({ 'v-1': 'granted', 'v-2': 'granted', 'v-3': 'revoked', 'v-6': 'granted' });
      // The child's name was never stored.
      expect(JSON.stringify(written)).not.toContain('Nguyễn Văn An');
    },
  );

  it.runIf(run)(
    'exports the Zalo column so that importing the export changes nothing',
    async () => {
      for (const format of ['csv', 'xlsx'] as const) {
        const exported = await app.inject({
          method: 'GET',
          url: `/v1/contacts/export?orgId=${schoolId}&format=${format}`,
          headers: key,
        });
        expect(exported.statusCode, exported.body).toBe(200);
        if (format === 'csv') {
          const [header, ...rows] = exported.body
            .replace(/^\uFEFF/, '')
            .trim()
            .split(/\r\n/);
          expect(header?.split(',')).toEqual(
            expect.arrayContaining(['telegram', 'zalo', 'consent.telegram', 'consent.zalo']),
          );
          expect(rows.find((row) => row.startsWith('v-2,'))).toContain(`,${USER_ID},`);
        }
        const again = await importFile(exported.rawPayload, {
          mode: 'valid_rows',
          fileName: `contacts.${format}`,
          consentChannels: '',
        });
        expect(again.counts, format).toMatchObject({ rows: 4, rejected: 0, unchanged: 4 });
      }
      expect((await contacts()).map((c) => c.addresses.zalo).sort()).toEqual(
        ['+84912345001', '+84912345003', '+84912345006', USER_ID].sort(),
      );
    },
  );
});
