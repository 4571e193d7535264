import type { Contact, ContactImport, ImportRowError, Page } from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoPdf } from '../../testing/files.js';
import { type AuthHeaders, createKey, expectProblem, listAll } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { own } from './contacts.tables.js';
import { runImport } from './import-run.js';

// Contact imports through the API, on both stores: a dry run that writes nothing, the two
// ways of committing, re-importing that changes nothing, consent as the import states it,
// the error report, the export's round trip, and bad input refused before anything is kept.

const backends = await testBackends();

const CONSENT = {
  consentBasis: 'consent',
  consentChannels: 'whatsapp,sms',
  consentSource: 'parent meeting form, 10 April 2017',
  consentAt: '2017-04-10T10:00:00+06:00',
};

/** A school's list of parents as Excel in a Russian locale saves it: `;`, national numbers. */
const PARENTS_CSV = [
  'Код;ФИО родителя;ФИО ученика;Телефон;Язык;Школа;Возраст детей',
  'p-1;Айгерим Садыкова;Ерлан С.;8 701 234 56 78;kk;;6-10',
  'p-2;Ольга Петрова;Маша П.;+7 (701) 234-56-79;русский;Talgar School No. 3;7',
  'p-3;Нурлан Ахметов;Али А.;+7 123;kk;;',
  'p-4;Динара Омарова;Айша О.;8 701 234 56 81;kk;No such school;',
  'p-1;Айгерим Садыкова;Ерлан С.;8 701 234 56 78;kk;;6-10',
  'p-6;Гульнара Ким;Даня К.;8 701 234 56 83;ru;TALGAR-3;11-14',
].join('\r\n');

describe.each(backends)('contact imports on $name', ({ database, run }) => {
  let th: TestHub;
  let app: FastifyInstance;
  let orgId: string;
  let schoolId: string;
  let key: AuthHeaders;

  const upload = (
    body: string | Buffer,
    query: Record<string, string>,
    headers: AuthHeaders = key,
    contentType = 'text/csv',
  ) =>
    app.inject({
      method: 'POST',
      url: `/v1/contact-imports?${new URLSearchParams({ orgId, fileName: 'parents.csv', ...CONSENT, ...query })}`,
      headers: { ...headers, 'content-type': contentType },
      payload: body,
    });
  /** Uploads, runs the job as a worker would, and answers the import as it then stands. */
  const importFile = async (body: string | Buffer, query: Record<string, string>) => {
    const res = await upload(body, query);
    expect(res.statusCode, res.body).toBe(202);
    const started = res.json<ContactImport>();
    await runImport({ db: own(th.hub.db), bus: th.hub.bus, now: () => Date.now() }, started.id);
    return get(started.id);
  };
  const get = async (id: string) => {
    const res = await app.inject({
      method: 'GET',
      url: `/v1/contact-imports/${id}`,
      headers: key,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<ContactImport>();
  };
  const contacts = () => listAll<Contact>(app, key, `/v1/contacts?orgId=${orgId}`);
  const imports = () => own(th.hub.db).selectFrom('contact_imports').select('id').execute();

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database });
    app = th.hub.app;
    const post = async (url: string, payload: object) => {
      const res = await app.inject({ method: 'POST', url, headers: th.auth, payload });
      expect(res.statusCode, res.body).toBe(201);
      return res.json<{ id: string }>();
    };
    orgId = (
      await post('/v1/organisations', {
        parentId: th.seed.provinceIds[0],
        kind: 'district',
        name: 'Import test district',
      })
    ).id;
    schoolId = (
      await post('/v1/organisations', {
        parentId: orgId,
        kind: 'school',
        name: 'Talgar School No. 3',
        code: 'TALGAR-3',
      })
    ).id;
    key = (await createKey(app, th.auth, orgId, ['read', 'write'])).headers;
  });
  afterAll(async () => {
    if (run) await th.close();
  });

  it.runIf(run)(
    'reads the file in a dry run, writes nothing, and reports every bad row',
    async () => {
      const dry = await importFile(PARENTS_CSV, { key: 'externalRef', defaultRole: 'parent' });
      expect(dry).toMatchObject({
        status: 'validated',
        mode: 'dry_run',
        encoding: 'utf-8',
        delimiter: ';',
        defaultCountry: 'KZ',
        counts: { rows: 6, valid: 3, rejected: 3, created: 3, updated: 0, unchanged: 0 },
      });
      expect(dry.columns).toEqual([
        { header: 'Код', field: 'externalRef', source: 'guessed' },
        { header: 'ФИО родителя', field: 'displayName', source: 'guessed' },
        { header: 'ФИО ученика', field: null, source: 'child_data' },
        { header: 'Телефон', field: 'phone', source: 'guessed' },
        { header: 'Язык', field: 'language', source: 'guessed' },
        { header: 'Школа', field: 'organisation', source: 'guessed' },
        { header: 'Возраст детей', field: 'childAgeBands', source: 'guessed' },
      ]);
      expect(await contacts()).toEqual([]);
      const errors = await app.inject({
        method: 'GET',
        url: `/v1/contact-imports/${dry.id}/errors?lang=ru`,
        headers: key,
      });
      expect(
        errors
          .json<Page<ImportRowError>>()
          .items.map(({ row, column, code }) => [row, column, code]),
      ).toEqual([
        [4, 'Телефон', 'invalid_phone_number'],
        [5, 'Школа', 'organisation_unknown'],
        [6, 'Код', 'duplicate_key'],
      ]);
      for (const error of errors.json<Page<ImportRowError>>().items) {
        expect(error.message).toMatch(/[а-яё]/i);
      }
      // The child's name was never stored, not even staged.
      const staged = await own(th.hub.db)
        .selectFrom('contact_import_rows')
        .select('cells')
        .where('import_id', '=', dry.id)
        .execute();
      expect(JSON.stringify(staged)).not.toContain('Ерлан');

      const report = await app.inject({
        method: 'GET',
        url: `/v1/contact-imports/${dry.id}/error-report?lang=en`,
        headers: key,
      });
      expect(report.statusCode).toBe(200);
      const lines = report.body
        .replace(/^\uFEFF/, '')
        .trim()
        .split(/\r\n/);
      expect(lines[0]).toBe(
        'Код,ФИО родителя,Телефон,Язык,Школа,Возраст детей,error_row,error_column,error_code,error_message',
      );
      expect(lines.slice(1).map((line) => line.split(',').slice(0, 1)[0])).toEqual([
        'p-3',
        'p-4',
        'p-1',
      ]);
    },
  );

  it.runIf(run)('commits a dry run’s valid rows, with the consent the import states', async () => {
    const dry = await importFile(PARENTS_CSV, { key: 'externalRef', defaultRole: 'parent' });
    const commit = await app.inject({
      method: 'POST',
      url: `/v1/contact-imports/${dry.id}/commit`,
      headers: key,
      payload: { mode: 'valid_rows' },
    });
    expect(commit.statusCode, commit.body).toBe(202);
    await runImport({ db: own(th.hub.db), bus: th.hub.bus, now: () => Date.now() }, dry.id);
    const done = await get(dry.id);
    expect(done).toMatchObject({
      status: 'completed',
      mode: 'valid_rows',
      committedFrom: 'dry_run',
      counts: { rows: 6, valid: 3, rejected: 3, created: 3 },
    });
    const written = await contacts();
    expect(written.map((c) => [c.externalRef, c.addresses.phone, c.orgId]).sort()).toEqual([
      ['p-1', '+77012345678', orgId],
      ['p-2', '+77012345679', schoolId],
      ['p-6', '+77012345683', schoolId],
    ]);
    const first = written.find((c) => c.externalRef === 'p-1') as Contact;
    expect(first).toMatchObject({
      displayName: 'Айгерим Садыкова',
      role: 'parent',
      language: 'kk',
      childAgeBands: [{ min: 6, max: 10 }],
    });
    expect(Object.keys(first.consents).sort()).toEqual(['sms', 'whatsapp']);
    expect(first.consents.sms?.source).toContain('consent');
    // Committing again is refused: the dry run is spent.
    const again = await app.inject({
      method: 'POST',
      url: `/v1/contact-imports/${dry.id}/commit`,
      headers: key,
      payload: { mode: 'valid_rows' },
    });
    expectProblem(again, 409, 'import_state');
  });

  it.runIf(run)('changes nothing when the same file is imported again', async () => {
    const before = await contacts();
    const events = await th.hub.db.selectFrom('consent_events').select('id').execute();
    const again = await importFile(PARENTS_CSV, {
      key: 'externalRef',
      defaultRole: 'parent',
      mode: 'valid_rows',
    });
    expect(again.counts).toMatchObject({ created: 0, updated: 0, unchanged: 3, rejected: 3 });
    expect(await contacts()).toEqual(before);
    expect(await th.hub.db.selectFrom('consent_events').select('id').execute()).toHaveLength(
      events.length,
    );
  });

  it.runIf(run)('never grants again a consent the parent withdrew', async () => {
    const parent = (await contacts()).find((c) => c.externalRef === 'p-1') as Contact;
    const withdrawn = await app.inject({
      method: 'PATCH',
      url: `/v1/contacts/${parent.id}`,
      headers: key,
      payload: {
        consents: {
          sms: { status: 'revoked', source: 'STOP reply', at: new Date().toISOString() },
        },
      },
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const again = await importFile(PARENTS_CSV, {
      key: 'externalRef',
      defaultRole: 'parent',
      mode: 'valid_rows',
    });
    expect(again.counts.unchanged).toBe(3);
    const after = (await contacts()).find((c) => c.externalRef === 'p-1') as Contact;
    expect(after.consents.sms?.status).toBe('revoked');
  });

  it.runIf(run)('writes nothing in all_or_nothing when a row is rejected', async () => {
    const count = (await contacts()).length;
    const csv = ['ref;phone', 'aon-1;+7 701 555 00 01', 'aon-2;not a number'].join('\n');
    const result = await importFile(csv, {
      key: 'externalRef',
      defaultRole: 'teacher',
      mode: 'all_or_nothing',
    });
    expect(result).toMatchObject({
      status: 'rejected',
      counts: { rows: 2, valid: 1, rejected: 1, created: 0, updated: 0, unchanged: 0 },
    });
    expect(await contacts()).toHaveLength(count);
  });

  it.runIf(run)(
    'imports the 9,700 good rows of a 10,000-row file and reports all 300 bad ones',
    async () => {
      const lines = ['phone,email,language'];
      for (let i = 0; i < 10_000; i++) {
        const bad = i % 100 < 3; // 3 in every 100: 300 rows
        lines.push(
          `${bad ? `+7 000 ${i}` : `+7 702 ${String(1_000_000 + i).slice(-7)}`},parent${i}@example.kz,ru`,
        );
      }
      const result = await importFile(lines.join('\n'), {
        key: 'phone',
        defaultRole: 'parent',
        mode: 'valid_rows',
        consentChannels: 'sms',
      });
      expect(result).toMatchObject({
        status: 'completed',
        counts: { rows: 10_000, valid: 9_700, rejected: 300, created: 9_700 },
      });
      const errors = await listAll<ImportRowError>(
        app,
        key,
        `/v1/contact-imports/${result.id}/errors`,
      );
      expect(errors).toHaveLength(300);
      expect(new Set(errors.map((e) => e.code))).toEqual(new Set(['invalid_phone_number']));
    },
  );

  it.runIf(run)('exports contacts so that importing the export changes nothing', async () => {
    for (const format of ['csv', 'xlsx'] as const) {
      const exported = await app.inject({
        method: 'GET',
        url: `/v1/contacts/export?orgId=${orgId}&format=${format}&q=p-`,
        headers: key,
      });
      expect(exported.statusCode, exported.body).toBe(200);
      if (format === 'csv') {
        expect(exported.body.startsWith('\uFEFFexternalRef,displayName,role,')).toBe(true);
        expect(exported.body).toContain('TALGAR-3');
      }
      const again = await importFile(exported.rawPayload, {
        key: 'externalRef',
        mode: 'valid_rows',
        fileName: `contacts.${format}`,
        consentChannels: '',
      });
      expect(again.counts, format).toMatchObject({ rows: 3, rejected: 0, unchanged: 3 });
    }
  });

  it.runIf(run)('refuses a file that is no spreadsheet, keeping nothing', async () => {
    const before = (await imports()).length;
    const res = await upload(memoPdf('Not a list of parents'), {}, key, 'application/pdf');
    expectProblem(res, 415, 'import_file_type');
    expect(await imports()).toHaveLength(before);
  });

  it.runIf(run)('refuses a mapping naming a column the file lacks, or a child’s name', async () => {
    const before = (await imports()).length;
    const unknown = await upload(PARENTS_CSV, {
      defaultRole: 'parent',
      mapping: JSON.stringify({ 'Номер телефона': 'phone' }),
    });
    expectProblem(unknown, 400, 'import_mapping_invalid');
    expect(unknown.json<{ errors: { code: string }[] }>().errors.map((e) => e.code)).toContain(
      'unknown_column',
    );
    const child = await upload(PARENTS_CSV, {
      defaultRole: 'parent',
      mapping: JSON.stringify({ 'ФИО ученика': 'displayName', 'ФИО родителя': null }),
    });
    expectProblem(child, 400, 'import_mapping_invalid');
    expect(await imports()).toHaveLength(before);
  });

  it.runIf(run)('refuses an import into an organisation outside the caller’s subtree', async () => {
    const before = (await imports()).length;
    const res = await upload(PARENTS_CSV, { orgId: th.seed.provinceIds[1], defaultRole: 'parent' });
    expectProblem(res, 404, 'not_found');
    expect(await imports()).toHaveLength(before);
  });
});
