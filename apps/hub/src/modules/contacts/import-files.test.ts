import type { ContactImport, ImportRowError, StreamEvent } from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutedEvent } from '../../platform/events/event-bus.js';
import { eventually } from '../../testing/eventually.js';
import { listAll } from '../../testing/http-helpers.js';
import {
  type MessySpreadsheet,
  utf16UnicodeText,
  windows1251Csv,
  xlsxWithNumericPhones,
} from '../../testing/spreadsheets.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { own } from './contacts.tables.js';
import { IMPORT_BATCH, type ImportRunDeps, runImport } from './import-run.js';

// The messy files ministries and schools really keep, through the API on both stores; two
// imports of one file at once; and a `valid_rows` import whose worker dies between batches.

const backends = await testBackends();

const CONSENT = {
  consentBasis: 'consent',
  consentChannels: 'whatsapp',
  consentSource: 'parent meeting form, 10 April 2017',
};

describe.each(backends)('importing real-world files on $name', ({ database, run }) => {
  let th: TestHub;
  let app: FastifyInstance;
  let deps: ImportRunDeps;

  const upload = async (file: MessySpreadsheet, query: Record<string, string>) => {
    const res = await app.inject({
      method: 'POST',
      url: `/v1/contact-imports?${new URLSearchParams({
        orgId: th.seed.ministryId,
        fileName: file.fileName,
        key: 'phone',
        defaultRole: 'parent',
        ...CONSENT,
        ...query,
      })}`,
      headers: { ...th.auth, 'content-type': 'application/octet-stream' },
      payload: file.bytes,
    });
    expect(res.statusCode, res.body).toBe(202);
    return res.json<ContactImport>();
  };
  const get = async (id: string) =>
    (
      await app.inject({ method: 'GET', url: `/v1/contact-imports/${id}`, headers: th.auth })
    ).json<ContactImport>();

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database });
    app = th.hub.app;
    deps = { db: own(th.hub.db), bus: th.hub.bus, now: () => Date.now() };
  });
  afterAll(async () => {
    if (run) await th.close();
  });

  it.runIf(run).each([
    ['a Windows-1251 CSV from old Russian Excel', windows1251Csv, 'KZ'],
    ['a UTF-16 "Unicode text" export with Vietnamese parents', utf16UnicodeText, 'VN'],
    ['an XLSX with phone numbers stored as numbers', xlsxWithNumericPhones, 'KZ'],
  ] as const)('imports %s, rejecting exactly its bad rows', async (_, make, country) => {
    const file = await make();
    const started = await upload(file, { mode: 'valid_rows', defaultCountry: country });
    expect(started).toMatchObject({
      format: file.outcome.format,
      encoding: file.outcome.encoding,
      delimiter: file.outcome.delimiter,
    });
    expect(
      started.columns.map((c) => (c.source === 'child_data' ? 'child_data' : c.field)),
    ).toEqual(file.outcome.columns);
    await runImport(deps, started.id);
    const done = await get(started.id);
    expect(done.status).toBe('completed');
    expect(done.counts).toMatchObject({
      rows: file.outcome.rows.length,
      rejected: file.outcome.rejected.length,
      created: file.outcome.valid.length,
    });
    const errors = await listAll<ImportRowError>(
      app,
      th.auth,
      `/v1/contact-imports/${started.id}/errors`,
    );
    expect(errors.map(({ row, column, code }) => ({ row, column, code }))).toEqual(
      file.outcome.rejected.map(({ row, column, code }) => ({ row, column, code })),
    );
    // Importing the same file again changes nothing.
    const again = await upload(file, { mode: 'valid_rows', defaultCountry: country });
    await runImport(deps, again.id);
    expect((await get(again.id)).counts).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: file.outcome.valid.length,
    });
  });

  it.runIf(run)('creates each contact once when two imports of one file run at once', async () => {
    const lines = ['phone,language'];
    const rows = 50;
    for (let i = 0; i < rows; i++) lines.push(`+7 706 ${String(1_000_000 + i).slice(-7)},kk`);
    const file = {
      fileName: 'twice.csv',
      bytes: Buffer.from(lines.join('\n')),
      outcome: undefined as never,
    };
    const a = await upload(file, { mode: 'valid_rows', consentSource: 'first upload' });
    const b = await upload(file, { mode: 'valid_rows', consentSource: 'second upload' });
    // The test holds the lock imports of the ministry's tree take turns on: both imports
    // validate (each plans to create every row) and then wait for it, side by side.
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let taken = () => {};
    const locked = new Promise<void>((resolve) => {
      taken = resolve;
    });
    const holder = th.hub.db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(hashtext('contact-import'), hashtext(${th.seed.ministryId}))`.execute(
        trx,
      );
      taken();
      await held;
    });
    await locked;
    const imports = Promise.all([runImport(deps, a.id), runImport(deps, b.id)]);
    const waiting = sql<{ n: number }>`
      SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`;
    await eventually(
      async () => (await waiting.execute(th.hub.db)).rows[0]?.n,
      (n) => n === 2,
      'both imports waiting for the lock',
    );
    release();
    await holder;
    await imports;
    const [first, second] = [await get(a.id), await get(b.id)];
    expect([first.status, second.status]).toEqual(['completed', 'completed']);
    expect(first.counts.created + second.counts.created).toBe(rows);
    expect(first.counts.unchanged + second.counts.unchanged).toBe(rows);
    const written = await own(th.hub.db)
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where(sql<string>`addresses ->> 'phone'`, 'like', '+7706%')
      .executeTakeFirstOrThrow();
    expect(Number(written.n)).toBe(rows);
  });

  it.runIf(run)('resumes a valid_rows import after the last batch it committed', async () => {
    const lines = ['phone,language'];
    const rows = IMPORT_BATCH * 2 + 10;
    for (let i = 0; i < rows; i++) lines.push(`+7 705 ${String(1_000_000 + i).slice(-7)},ru`);
    const started = await upload(
      { fileName: 'resume.csv', bytes: Buffer.from(lines.join('\n')), outcome: undefined as never },
      { mode: 'valid_rows' },
    );
    // The worker dies as it commits its second batch: the first stays written.
    let commits = 0;
    const dying: ImportRunDeps = {
      ...deps,
      bus: {
        publish: async (routed) => {
          const { event } = routed as RoutedEvent;
          if (
            event.type === 'contact_import.progress' &&
            event.data.status === 'importing' &&
            event.data.processed > 0
          ) {
            commits++;
            if (commits === 2) throw new Error('the worker was killed');
          }
          await th.hub.bus.publish(routed);
        },
      },
    };
    await expect(runImport(dying, started.id)).rejects.toThrow('killed');
    const halfway = await own(th.hub.db)
      .selectFrom('contact_imports')
      .select(['status', 'committed_through'])
      .where('id', '=', started.id)
      .executeTakeFirstOrThrow();
    expect(halfway.status).toBe('importing');
    expect(halfway.committed_through).toBe(1 + 2 * IMPORT_BATCH);
    // The job is tried again: it writes the rest, and nothing twice.
    const events: StreamEvent[] = [];
    await runImport(
      {
        ...deps,
        bus: { publish: async (routed) => void events.push((routed as RoutedEvent).event) },
      },
      started.id,
    );
    const done = await get(started.id);
    expect(done).toMatchObject({ status: 'completed', counts: { rows, created: rows } });
    const written = await own(th.hub.db)
      .selectFrom('contacts')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where(sql<string>`addresses ->> 'phone'`, 'like', '+7705%')
      .executeTakeFirstOrThrow();
    expect(Number(written.n)).toBe(rows);
    expect(events.at(-1)).toMatchObject({
      type: 'contact_import.progress',
      data: { id: started.id, status: 'completed' },
    });
  });
});
