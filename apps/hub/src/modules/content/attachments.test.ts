import { createHash } from 'node:crypto';
import {
  type ApprovalEvent,
  type Broadcast,
  type BroadcastPreview,
  countSmsSegments,
  type Delivery,
  type Page,
  type Recommendation,
  type RecommendationVersion,
  smsText,
} from '@safenet/core';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import {
  drainSendQueues,
  type TestDispatchDeps,
  testDispatchDeps,
} from '../../testing/dispatch-deps.js';
import { memoPdf, posterPng, windowsProgram } from '../../testing/files.js';
import { type AuthHeaders, createKey, expectProblem, listAll } from '../../testing/http-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { expandBroadcast } from '../broadcasts/index.js';
import { addToVersion, removeFromVersion, storeFile } from './attachments.store.js';
import { attachmentFiles } from './content.module.js';
import { own } from './content.tables.js';

// A version's files through the API, on both stores: upload (the type read from the bytes),
// the limits, one stored copy per organisation, drafts only, downloads within the subtree,
// the public link only for published versions, and what a broadcast's messages carry.

const backends = await testBackends();

/** Small enough that a few kilobytes of zeros exceed it. */
const MAX_BYTES = 64 * 1024;
const PUBLIC_URL = 'https://hub.example.kz';
const AT = '2017-04-03T10:00:00+06:00';

const MEMO = {
  topic: 'online-safety' as const,
  title: {
    ru: 'Как оставаться в безопасности в Интернете',
    en: 'How to stay safe on the Internet',
  },
  body: { ru: 'Памятка для родителей во вложении.', en: 'The memo for parents is attached.' },
};

describe.each(backends)('attachments of recommendation versions on $name', ({ database, run }) => {
  let th: TestHub;
  let app: FastifyInstance;
  let deps: TestDispatchDeps;
  let orgId: string;
  let reviewer: AuthHeaders;
  const pdf = memoPdf('How to stay safe on the Internet');
  const png = posterPng();

  const create = async (body: object = MEMO): Promise<Recommendation> => {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/recommendations',
      headers: th.auth,
      payload: { orgId, ...body },
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Recommendation>();
  };
  const upload = (
    id: string,
    n: number,
    name: string,
    bytes: Buffer,
    headers: AuthHeaders = th.auth,
    contentType = 'application/octet-stream',
  ) =>
    app.inject({
      method: 'POST',
      url: `/v1/recommendations/${id}/versions/${n}/attachments?name=${encodeURIComponent(name)}`,
      headers: { ...headers, 'content-type': contentType },
      payload: bytes,
    });
  const uploaded = async (id: string, n: number, name: string, bytes: Buffer) => {
    const res = await upload(id, n, name, bytes);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<RecommendationVersion>();
  };
  const move = async (id: string, n: number, action: string, headers: AuthHeaders) => {
    const res = await app.inject({
      method: 'POST',
      url: `/v1/recommendations/${id}/versions/${n}/${action}`,
      headers,
    });
    expect(res.statusCode, res.body).toBe(200);
  };
  const version = async (id: string, n: number) =>
    (
      await app.inject({
        method: 'GET',
        url: `/v1/recommendations/${id}/versions/${n}`,
        headers: th.auth,
      })
    ).json<RecommendationVersion>();
  const storedFiles = async () =>
    Number(
      (
        await th.hub.db
          .selectFrom('attachments')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  /** The public links of a version's files, as a message would carry them. */
  const linksOf = async (versionId: string) =>
    (
      await attachmentFiles(share(th.hub.db), PUBLIC_URL).forVersion(share(th.hub.db), versionId)
    ).map((file) => new URL(file.url).pathname);

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({
      workers: false,
      database,
      env: { SAFENET_ATTACHMENT_MAX_BYTES: String(MAX_BYTES), SAFENET_PUBLIC_URL: PUBLIC_URL },
    });
    app = th.hub.app;
    deps = await testDispatchDeps(th);
    const org = await app.inject({
      method: 'POST',
      url: '/v1/organisations',
      headers: th.auth,
      payload: {
        parentId: th.seed.provinceIds[0],
        kind: 'association',
        name: 'Attachments test parents’ association',
      },
    });
    expect(org.statusCode, org.body).toBe(201);
    orgId = org.json<{ id: string }>().id;
    reviewer = (await createKey(app, th.auth, orgId, ['read', 'approve'])).headers;
  });

  afterAll(async () => {
    await deps?.progress.close();
    await th?.close();
  });

  it.runIf(run)('stores an uploaded memo, lists it in the version and downloads it', async () => {
    const memo = await create();
    const res = await upload(memo.id, 1, 'Памятка для родителей.pdf', pdf, th.auth, 'text/plain');
    expect(res.statusCode, res.body).toBe(201);
    const v1 = res.json<RecommendationVersion>();
    expect(v1.attachments).toEqual([
      {
        id: expect.any(String),
        filename: 'Памятка для родителей.pdf',
        contentType: 'application/pdf',
        sizeBytes: pdf.length,
      },
    ]);
    expect((await version(memo.id, 1)).attachments).toEqual(v1.attachments);
    const file = await app.inject({
      method: 'GET',
      url: `/v1/attachments/${v1.attachments[0]?.id}`,
      headers: th.auth,
    });
    expect(file.statusCode).toBe(200);
    expect(Buffer.compare(file.rawPayload, pdf)).toBe(0);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['x-content-type-options']).toBe('nosniff');
    // An ASCII name for old clients, the name itself (RFC 5987) for the others.
    expect(file.headers['content-disposition']).toMatch(/^attachment; filename="[_ ]+\.pdf"; /);
    expect(file.headers['content-disposition']).toContain(
      `filename*=UTF-8''${encodeURIComponent('Памятка для родителей.pdf')}`,
    );
    // The uploader wrote part of the draft, and the log says what changed.
    const log = await app.inject({
      method: 'GET',
      url: `/v1/approval-events?subjectId=${v1.id}`,
      headers: th.auth,
    });
    expect(log.json<Page<ApprovalEvent>>().items.map((e) => [e.action, e.detail])).toContainEqual([
      'edited',
      expect.objectContaining({ attachmentAdded: 'Памятка для родителей.pdf' }),
    ]);
  });

  it.runIf(run)(
    'keeps a file one draft removes while an upload to another draft is attaching it',
    async () => {
      const NAME = 'Памятка — общая.pdf';
      const first = await create();
      const [held] = (await uploaded(first.id, 1, NAME, pdf)).attachments;
      const second = await version((await create()).id, 1);
      const files = await storedFiles();
      // The second draft's upload finds the stored file and stops before attaching it.
      let found = () => {};
      const fileFound = new Promise<void>((resolve) => {
        found = resolve;
      });
      let attach = () => {};
      const mayAttach = new Promise<void>((resolve) => {
        attach = resolve;
      });
      const uploading = th.hub.db.transaction().execute(async (trx) => {
        const file = await storeFile(own(trx), {
          orgId,
          sha256: createHash('sha256').update(pdf).digest('hex'),
          filename: NAME,
          contentType: 'application/pdf',
          data: pdf,
          createdBy: 'interleaving test',
          now: new Date(AT),
        });
        expect(file.id).toBe(held?.id);
        found();
        await mayAttach;
        await addToVersion(own(trx), second.id, file.id);
      });
      await fileFound;
      // The first draft removes it now: its removal waits for the upload to commit (or, were
      // the file not held, finishes at once and deletes it).
      const firstVersion = await version(first.id, 1);
      const removing = th.hub.db
        .transaction()
        .execute((trx) => removeFromVersion(own(trx), firstVersion.id, held?.id as string));
      let settled = false;
      const settle = () => {
        settled = true;
      };
      removing.then(settle, settle);
      const waitingForLock = async () => {
        while (!settled) {
          const { rows } = await sql<{ n: number }>`select count(*)::int as n
            from pg_stat_activity where wait_event_type = 'Lock'
            and query ilike '%from "attachments"%for update%'`.execute(th.hub.db);
          if ((rows[0]?.n ?? 0) > 0) return;
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      };
      await Promise.race([removing, waitingForLock()]);
      attach();
      await uploading;
      expect((await removing)?.id).toBe(held?.id);
      // The file survives, on the second draft, and nothing else was stored.
      expect((await version(first.id, 1)).attachments).toEqual([]);
      expect((await version(second.recommendationId, 1)).attachments).toEqual([held]);
      expect(await storedFiles()).toBe(files);
    },
  );

  it.runIf(run)(
    'keeps one copy of the same file under the same name across versions and recommendations',
    async () => {
      const first = await create();
      const second = await create();
      const a = await uploaded(first.id, 1, 'poster.png', png);
      const b = await uploaded(second.id, 1, 'poster.png', png);
      expect(b.attachments[0]?.id).toBe(a.attachments[0]?.id);
      // Again to the same draft: nothing changes.
      expect((await uploaded(first.id, 1, 'poster.png', png)).attachments).toEqual(a.attachments);
      const sha = createHash('sha256').update(png).digest('hex');
      const rows = await th.hub.db
        .selectFrom('attachments')
        .select('id')
        .where('sha256', '=', sha)
        .where('org_id', '=', orgId)
        .execute();
      expect(rows).toHaveLength(1);
      // Another name is another file, as recipients see it.
      const renamed = await uploaded(first.id, 1, 'плакат.png', png);
      expect(renamed.attachments.map((f) => f.filename)).toEqual(['poster.png', 'плакат.png']);
      expect(renamed.attachments[1]?.id).not.toBe(a.attachments[0]?.id);
    },
  );

  it.runIf(run)(
    'judges the type by the bytes: a PNG named .pdf is a PNG, a program named .pdf is refused',
    async () => {
      const memo = await create();
      const png2 = posterPng(8, 8);
      const poster = await uploaded(memo.id, 1, 'конкурс.pdf', png2);
      expect(poster.attachments[0]).toMatchObject({
        filename: 'конкурс.png',
        contentType: 'image/png',
      });
      const before = await storedFiles();
      expectProblem(
        await upload(memo.id, 1, 'memo.pdf', windowsProgram(), th.auth, 'application/pdf'),
        415,
        'attachment_type_not_allowed',
        /x-msdownload/,
      );
      expectProblem(
        await upload(memo.id, 1, 'memo.pdf', Buffer.from('Just text, no PDF at all')),
        415,
        'attachment_type_not_allowed',
      );
      expectProblem(
        await upload(memo.id, 1, 'empty.pdf', Buffer.alloc(0)),
        415,
        'attachment_type_not_allowed',
      );
      expect(await storedFiles()).toBe(before);
      expect((await version(memo.id, 1)).attachments).toHaveLength(1);
      // An Office document WhatsApp takes: an XLSX made by exceljs, told apart from a ZIP.
      const book = new ExcelJS.Workbook();
      book.addWorksheet('Итоги').addRow(['Школьные собрания', 12]);
      const xlsx = Buffer.from(await book.xlsx.writeBuffer());
      const sheet = await uploaded(memo.id, 1, 'Итоги', xlsx);
      expect(sheet.attachments[1]).toMatchObject({
        filename: 'Итоги.xlsx',
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      });
    },
  );

  it.runIf(run)('refuses a file too large, and a sixth file, writing nothing', async () => {
    const memo = await create();
    const before = await storedFiles();
    const big = Buffer.concat([pdf, Buffer.alloc(MAX_BYTES)]);
    expectProblem(
      await upload(memo.id, 1, 'big.pdf', big),
      413,
      'attachment_too_large',
      new RegExp(`${MAX_BYTES} bytes`),
    );
    expect(await storedFiles()).toBe(before);
    for (let i = 0; i < 5; i++) {
      await uploaded(memo.id, 1, `poster-${i}.png`, posterPng(4 + i, 4));
    }
    expectProblem(
      await upload(memo.id, 1, 'poster-5.png', posterPng(20, 4)),
      409,
      'attachment_limit',
      /5 files/,
    );
    expect((await version(memo.id, 1)).attachments).toHaveLength(5);
    expect(await storedFiles()).toBe(before + 5);
  });

  it.runIf(run)(
    'changes only a draft’s files; a new draft carries the published version’s files',
    async () => {
      const memo = await create();
      const v1 = await uploaded(memo.id, 1, 'memo.pdf', memoPdf('Version one'));
      const fileId = v1.attachments[0]?.id as string;
      await move(memo.id, 1, 'submit', th.auth);
      expectProblem(
        await upload(memo.id, 1, 'poster.png', png),
        409,
        'recommendation_status_conflict',
        /in_review/,
      );
      await move(memo.id, 1, 'approve', reviewer);
      expectProblem(
        await upload(memo.id, 1, 'poster.png', png),
        409,
        'recommendation_status_conflict',
        /published/,
      );
      const removeFrom = (n: number) =>
        app.inject({
          method: 'DELETE',
          url: `/v1/recommendations/${memo.id}/versions/${n}/attachments/${fileId}`,
          headers: th.auth,
        });
      expectProblem(await removeFrom(1), 409, 'recommendation_status_conflict');

      // An edit opens version 2, which carries version 1's file: the same stored row.
      const edited = await app.inject({
        method: 'PATCH',
        url: `/v1/recommendations/${memo.id}`,
        headers: th.auth,
        payload: { body: { ru: 'Обновлённая памятка во вложении.' } },
      });
      expect(edited.json<Recommendation>().openVersion).toEqual({ number: 2, status: 'draft' });
      expect((await version(memo.id, 2)).attachments).toEqual(v1.attachments);
      const v2 = await uploaded(memo.id, 2, 'poster.png', png);
      expect(v2.attachments.map((f) => f.filename)).toEqual(['memo.pdf', 'poster.png']);

      // Removed from the draft, kept for version 1 (and its bytes with it).
      expect((await removeFrom(2)).statusCode).toBe(204);
      expectProblem(await removeFrom(2), 404, 'not_found');
      expect((await version(memo.id, 2)).attachments.map((f) => f.filename)).toEqual([
        'poster.png',
      ]);
      expect((await version(memo.id, 1)).attachments).toEqual(v1.attachments);
      const kept = await app.inject({
        method: 'GET',
        url: `/v1/attachments/${fileId}`,
        headers: th.auth,
      });
      expect(kept.statusCode).toBe(200);

      // A file only one draft carries goes with it.
      const draft = await create();
      const only = await uploaded(draft.id, 1, 'only.pdf', memoPdf('Only here'));
      const onlyId = only.attachments[0]?.id as string;
      const removed = await app.inject({
        method: 'DELETE',
        url: `/v1/recommendations/${draft.id}/versions/1/attachments/${onlyId}`,
        headers: th.auth,
      });
      expect(removed.statusCode).toBe(204);
      const gone = await th.hub.db
        .selectFrom('attachments')
        .select('id')
        .where('id', '=', onlyId)
        .execute();
      expect(gone).toEqual([]);
    },
  );

  it.runIf(run)('answers 404 to a download or an upload outside the caller’s subtree', async () => {
    const memo = await create();
    const v1 = await uploaded(memo.id, 1, 'memo.pdf', memoPdf('Almaty only'));
    const elsewhere = await createKey(app, th.auth, th.seed.provinceIds[1] as string, [
      'read',
      'write',
    ]);
    expectProblem(
      await app.inject({
        method: 'GET',
        url: `/v1/attachments/${v1.attachments[0]?.id}`,
        headers: elsewhere.headers,
      }),
      404,
      'not_found',
    );
    expectProblem(await upload(memo.id, 1, 'x.png', png, elsewhere.headers), 404, 'not_found');
    expect((await version(memo.id, 1)).attachments).toHaveLength(1);
  });

  it.runIf(run)(
    'serves the public link only once its version was published, and never a tampered one',
    async () => {
      const memo = await create();
      const v1 = await uploaded(memo.id, 1, 'Cẩm nang.pdf', memoPdf('Public memo'));
      const [path] = await linksOf(v1.id);
      expect(path).toMatch(/^\/a\/[A-Za-z0-9_-]{40}$/);
      const open = (url: string) => app.inject({ method: 'GET', url });
      expectProblem(await open(path as string), 404, 'attachment_link_invalid');
      await move(memo.id, 1, 'submit', th.auth);
      await move(memo.id, 1, 'approve', reviewer);
      const served = await open(path as string);
      expect(served.statusCode).toBe(200);
      expect(served.headers['content-type']).toBe('application/pdf');
      expect(served.headers['content-disposition']).toBe(
        `inline; filename="C_m nang.pdf"; filename*=UTF-8''${encodeURIComponent('Cẩm nang.pdf')}`,
      );
      expect(served.headers['x-content-type-options']).toBe('nosniff');
      expect(served.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const token = (path as string).slice(3);
      const tampered = `${token.slice(0, 20)}${token[20] === 'A' ? 'B' : 'A'}${token.slice(21)}`;
      expectProblem(await open(`/a/${tampered}`), 404, 'attachment_link_invalid');
      // Archived after publishing: messages sent keep their files.
      await move(memo.id, 1, 'archive', th.auth);
      expect((await open(path as string)).statusCode).toBe(200);
    },
  );

  it.runIf(run)(
    'sends the files: their links in an SMS, counted in the preview, and with captured email',
    async () => {
      const memo = await create();
      await uploaded(memo.id, 1, 'Памятка.pdf', pdf);
      await uploaded(memo.id, 1, 'poster.png', png);
      await move(memo.id, 1, 'submit', th.auth);
      await move(memo.id, 1, 'approve', reviewer);
      const consent = { status: 'granted', source: 'parent meeting form', at: AT } as const;
      const contact = await app.inject({
        method: 'POST',
        url: '/v1/contacts',
        headers: th.auth,
        payload: {
          orgId,
          role: 'parent',
          language: 'ru',
          addresses: { phone: '+77011239876', email: 'parent.files@example.kz' },
          consents: { sms: consent, email: consent },
        },
      });
      expect(contact.statusCode, contact.body).toBe(201);
      const segment = await app.inject({
        method: 'POST',
        url: '/v1/segments',
        headers: th.auth,
        payload: { orgId, name: 'Attachments test parents', query: {} },
      });
      const input = (channels: string[]) => ({
        orgId,
        segmentId: segment.json<{ id: string }>().id,
        channels,
        content: { recommendationId: memo.id },
      });
      const preview = (
        await app.inject({
          method: 'POST',
          url: '/v1/broadcasts/preview',
          headers: th.auth,
          payload: input(['sms', 'email']),
        })
      ).json<BroadcastPreview>();
      const bytes = pdf.length + png.length;
      expect(preview.attachments).toEqual({
        files: 2,
        bytes,
        byChannel: {
          sms: { mode: 'links', files: 2, bytes: 0 },
          email: { mode: 'attached', files: 2, bytes },
        },
      });

      const sendAll = async (channels: string[]) => {
        const created = await app.inject({
          method: 'POST',
          url: '/v1/broadcasts',
          headers: th.auth,
          payload: input(channels),
        });
        expect(created.statusCode, created.body).toBe(202);
        const id = created.json<Broadcast>().id;
        await expandBroadcast(deps.expand, id);
        await drainSendQueues(deps);
        const [delivery] = await listAll<Delivery>(app, th.auth, `/v1/broadcasts/${id}/deliveries`);
        return th.hub.db
          .selectFrom('outbox_messages')
          .selectAll()
          .where('delivery_id', '=', delivery?.id as string)
          .executeTakeFirstOrThrow();
      };
      const sms = await sendAll(['sms']);
      const links = [...sms.body.matchAll(/https:\/\/hub\.example\.kz\/a\/[A-Za-z0-9_-]{40}/g)];
      expect(links).toHaveLength(2);
      // After the text, before the opt-out line; the preview counted this very text.
      expect(sms.body.indexOf(links[0]?.[0] as string)).toBeGreaterThan(
        sms.body.indexOf('вложении'),
      );
      expect(sms.body.lastIndexOf('/u/')).toBeGreaterThan(
        sms.body.indexOf(links[1]?.[0] as string),
      );
      const counted = countSmsSegments(smsText({ title: sms.subject, body: sms.body }));
      const [ru] = preview.sms.languages;
      expect(ru).toMatchObject({ units: counted.units, segments: counted.segments });
      expect(preview.sms.estimatedSegments).toBe(counted.segments);
      // The links open the files.
      for (const [url] of links) {
        const served = await app.inject({ method: 'GET', url: new URL(url).pathname });
        expect(served.statusCode).toBe(200);
      }

      // Captured (no SMTP here), an email keeps its files as named links.
      const email = await sendAll(['email']);
      expect(email.body).toMatch(/Памятка\.pdf: https:\/\/hub\.example\.kz\/a\/[\w-]{40}/);
      expect(email.body).toMatch(/poster\.png: https:\/\/hub\.example\.kz\/a\/[\w-]{40}/);
    },
  );
});
