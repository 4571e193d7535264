import type {
  ApprovalEvent,
  Broadcast,
  ContactBulkInput,
  ContactBulkResult,
  Delivery,
  Page,
  Recommendation,
  RecommendationCoverage,
  RecommendationVersion,
} from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  drainSendQueues,
  type TestDispatchDeps,
  testDispatchDeps,
} from '../../testing/dispatch-deps.js';
import { type AuthHeaders, createKey, expectProblem, listAll } from '../../testing/http-helpers.js';
import { signIn } from '../../testing/session-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { expandBroadcast } from '../broadcasts/index.js';

// The library's four-eyes lifecycle end to end through the API, with the hub's workers off:
// each test plans and sends by calling the workers' functions, so what each recipient got is
// read from the captured messages.

const backends = await testBackends();

const AT = '2017-04-03T10:00:00+06:00';
const consent = { email: { status: 'granted', source: 'parent meeting form', at: AT } } as const;

/** Parents of young and older children, and teachers, of one association. */
function people(orgId: string): ContactBulkInput['contacts'] {
  const email = (name: string) => `${name}@example.kz`;
  return [
    ...[1, 2, 3].map((n) => ({
      orgId,
      externalRef: `young-${n}`,
      role: 'parent' as const,
      language: n === 3 ? 'kk' : 'ru',
      childAgeBands: [{ min: 6, max: 10 }],
      addresses: { email: email(`young${n}`) },
      consents: consent,
    })),
    ...[1, 2].map((n) => ({
      orgId,
      externalRef: `older-${n}`,
      role: 'parent' as const,
      language: 'ru',
      childAgeBands: [{ min: 14, max: 17 }],
      addresses: { email: email(`older${n}`) },
      consents: consent,
    })),
    ...[1, 2].map((n) => ({
      orgId,
      externalRef: `teacher-${n}`,
      role: 'teacher' as const,
      language: 'kk',
      addresses: { email: email(`teacher${n}`) },
      consents: consent,
    })),
  ];
}

const MEMO = {
  topic: 'parental-control' as const,
  tags: ['memo-2017'],
  title: { ru: 'Памятка для родителей', kk: 'Ата-аналарға арналған жадынама' },
  body: { ru: 'Установите родительский контроль. Телефон доверия: 111' },
};

describe.each(backends)('the recommendation library on $name', ({ database, run }) => {
  let th: TestHub;
  let app: FastifyInstance;
  let deps: TestDispatchDeps;
  let orgId: string;
  let segmentId: string;
  /** An editor: writes and submits, cannot approve. */
  let editor: AuthHeaders;
  /** Two reviewers, each another person than the admin key that writes. */
  let reviewer: AuthHeaders;
  let secondReviewer: AuthHeaders;
  /** Contact id → its external ref (`teacher-1`, `young-2`…). */
  let refOf: Map<string, string>;
  const whoGot = (rows: { delivery: Delivery }[]) =>
    rows.map((r) => refOf.get(r.delivery.contactId)).sort();

  const call = async <T>(
    method: 'GET' | 'POST' | 'PATCH',
    url: string,
    headers: AuthHeaders | Record<string, string>,
    payload?: object,
    status = method === 'POST' && url === '/v1/recommendations' ? 201 : 200,
  ): Promise<T> => {
    const res = await app.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    expect(res.statusCode, res.body).toBe(status);
    return res.json<T>();
  };
  const create = (body: object, headers: AuthHeaders = th.auth) =>
    call<Recommendation>('POST', '/v1/recommendations', headers, { orgId, ...body });
  const move = (id: string, n: number, action: string, headers: AuthHeaders, payload?: object) =>
    app.inject({
      method: 'POST',
      url: `/v1/recommendations/${id}/versions/${n}/${action}`,
      headers,
      ...(payload ? { payload } : {}),
    });
  const moved = async (id: string, n: number, action: string, headers: AuthHeaders) => {
    const res = await move(id, n, action, headers);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<RecommendationVersion>();
  };
  const publish = async (body: object) => {
    const memo = await create(body);
    await moved(memo.id, 1, 'submit', th.auth);
    await moved(memo.id, 1, 'approve', reviewer);
    return memo;
  };
  const broadcast = (recommendationId: string, extra: object = {}) =>
    app.inject({
      method: 'POST',
      url: '/v1/broadcasts',
      headers: th.auth,
      payload: { orgId, segmentId, channels: ['email'], content: { recommendationId }, ...extra },
    });
  /** What each recipient of a broadcast got: contact ref → delivery and captured body. */
  const received = async (broadcastId: string) => {
    await expandBroadcast(deps.expand, broadcastId);
    await drainSendQueues(deps);
    const deliveries = await listAll<Delivery>(
      app,
      th.auth,
      `/v1/broadcasts/${broadcastId}/deliveries`,
    );
    const bodies = await th.hub.db
      .selectFrom('outbox_messages')
      .select(['delivery_id', 'body'])
      .where(
        'delivery_id',
        'in',
        deliveries.map((d) => d.id),
      )
      .execute();
    return deliveries.map((d) => ({
      delivery: d,
      body: bodies.find((b) => b.delivery_id === d.id)?.body,
    }));
  };

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database });
    app = th.hub.app;
    deps = await testDispatchDeps(th);
    orgId = (
      await call<{ id: string }>(
        'POST',
        '/v1/organisations',
        th.auth,
        {
          parentId: th.seed.ministryId,
          kind: 'association',
          name: 'Library test parents’ association',
        },
        201,
      )
    ).id;
    const bulk = await call<ContactBulkResult>('POST', '/v1/contacts/bulk', th.auth, {
      contacts: people(orgId),
    });
    refOf = new Map(bulk.items.map((item) => [item.id, item.externalRef as string]));
    segmentId = (
      await call<{ id: string }>(
        'POST',
        '/v1/segments',
        th.auth,
        {
          orgId,
          name: 'Everyone of the association',
          query: {},
        },
        201,
      )
    ).id;
    editor = (await createKey(app, th.auth, orgId, ['read', 'write'])).headers;
    reviewer = (await createKey(app, th.auth, th.seed.ministryId, ['read', 'approve'])).headers;
    secondReviewer = (await createKey(app, th.auth, orgId, ['read', 'approve'])).headers;
  });

  afterAll(async () => {
    await deps?.progress.close();
    await th?.close();
  });

  it.runIf(run)('sends only a published version, approved by another person', async () => {
    const memo = await create(MEMO);
    expect(memo).toMatchObject({ version: 1, status: 'draft', publishedVersion: null });
    expect(memo.openVersion).toEqual({ number: 1, status: 'draft' });
    expectProblem(await broadcast(memo.id), 409, 'recommendation_not_published', /approve/);
    // Approving before it was submitted, approving one's own, then a second approval.
    expectProblem(await move(memo.id, 1, 'approve', reviewer), 409, 'approval_not_pending');
    await moved(memo.id, 1, 'submit', th.auth);
    expectProblem(await move(memo.id, 1, 'submit', th.auth), 409, 'recommendation_status_conflict');
    expectProblem(await move(memo.id, 1, 'approve', th.auth), 403, 'insufficient_scope');
    const approved = await moved(memo.id, 1, 'approve', reviewer);
    expect(approved).toMatchObject({ status: 'published', review: { decision: 'approved' } });
    expectProblem(await move(memo.id, 1, 'approve', secondReviewer), 409, 'approval_not_pending');
    expect((await broadcast(memo.id)).statusCode).toBe(202);
  });

  it.runIf(run)(
    'edits a published memo as a new draft: broadcasts send the published version until the new one is approved',
    async () => {
      const memo = await publish(MEMO);
      const edited = await call<Recommendation>('PATCH', `/v1/recommendations/${memo.id}`, editor, {
        body: { ru: 'Установите родительский контроль. Телефон доверия: 111 (круглосуточно)' },
      });
      // Readers still see version 1; version 2 is being written.
      expect(edited).toMatchObject({ version: 1, status: 'published', publishedVersion: 1 });
      expect(edited.openVersion).toEqual({ number: 2, status: 'draft' });
      const duringDraft = await broadcast(memo.id);
      expect(duringDraft.json<Broadcast>().contentVersion).toMatchObject({ number: 1 });

      // Reviewed and sent back, fixed by the admin, then approved by the other reviewer.
      await moved(memo.id, 2, 'submit', editor);
      const rejected = await move(memo.id, 2, 'reject', reviewer, {
        comment: 'Добавьте казахский текст',
      });
      expect(rejected.json<RecommendationVersion>()).toMatchObject({
        status: 'draft',
        review: { decision: 'rejected', comment: 'Добавьте казахский текст' },
      });
      await call('PATCH', `/v1/recommendations/${memo.id}`, th.auth, {
        body: {
          ru: 'Установите родительский контроль. Телефон доверия: 111 (круглосуточно)',
          kk: 'Ата-ана бақылауын орнатыңыз. Сенім телефоны: 111 (тәулік бойы)',
        },
      });
      await moved(memo.id, 2, 'submit', th.auth);
      // Both wrote version 2 now: neither may approve it, whatever scopes they hold.
      const versions = await call<{ items: RecommendationVersion[] }>(
        'GET',
        `/v1/recommendations/${memo.id}/versions`,
        th.auth,
      );
      expect(versions.items.map((v) => [v.number, v.status, v.authors.length])).toEqual([
        [2, 'in_review', 2],
        [1, 'published', 1],
      ]);
      await moved(memo.id, 2, 'approve', secondReviewer);
      const afterApproval = await broadcast(memo.id);
      expect(afterApproval.json<Broadcast>().contentVersion).toMatchObject({ number: 2 });
      const shown = await call<Recommendation>('GET', `/v1/recommendations/${memo.id}`, th.auth);
      expect(shown).toMatchObject({ version: 2, publishedVersion: 2, openVersion: null });
      expect(shown.languages.sort()).toEqual(['kk', 'ru']);

      // The deliveries say which version each recipient got, and the texts agree. The memo
      // has no targets: every contact of the segment gets it.
      const v1 = versions.items[1]?.id;
      const v2 = versions.items[0]?.id;
      const first = await received(duringDraft.json<Broadcast>().id);
      const second = await received(afterApproval.json<Broadcast>().id);
      expect(first).toHaveLength(7);
      expect(second).toHaveLength(7);
      for (const { delivery, body } of first) {
        expect(delivery.contentVersionId).toBe(v1);
        expect(body).not.toMatch(/круглосуточно|тәулік/);
      }
      for (const { delivery, body } of second) {
        expect(delivery.contentVersionId).toBe(v2);
        // Version 2 speaks Kazakh: kk readers read kk, and their delivery says so.
        expect(body).toMatch(delivery.language === 'kk' ? /тәулік бойы/ : /круглосуточно/);
      }
      expect(second.filter((r) => r.delivery.language === 'kk')).toHaveLength(3);
      expect(first.filter((r) => r.delivery.language === 'kk')).toHaveLength(0);
    },
  );

  it.runIf(run)(
    'counts a key as the person who created it: no approving one’s own through a key',
    async () => {
      const admin = await signIn(app, 'admin.daklak@example.org', th.seed.demoPassword);
      const dakLak = admin.body.user.orgId;
      const memo = await call<Recommendation>(
        'POST',
        '/v1/recommendations',
        admin.headers,
        {
          ...MEMO,
          orgId: dakLak,
          title: { vi: 'Cẩm nang cho cha mẹ' },
          body: { vi: 'Gọi 111 khi trẻ em cần được bảo vệ.' },
        },
        201,
      );
      await moved(memo.id, 1, 'submit', admin.headers as unknown as AuthHeaders);
      expectProblem(
        await move(memo.id, 1, 'approve', admin.headers as unknown as AuthHeaders),
        403,
        'approval_self',
      );
      const ownKey = await call<{ secret: string }>(
        'POST',
        '/v1/api-keys',
        admin.headers,
        {
          orgId: dakLak,
          name: 'My approvals key',
          scopes: ['read', 'approve'],
        },
        201,
      );
      expectProblem(
        await move(memo.id, 1, 'approve', { authorization: `Bearer ${ownKey.secret}` }),
        403,
        'approval_self',
        /acts for/,
      );
      // A reviewer of another province: not even found.
      const almaty = await createKey(app, th.auth, th.seed.provinceIds[0] as string, [
        'read',
        'approve',
      ]);
      expectProblem(await move(memo.id, 1, 'approve', almaty.headers), 404, 'not_found');
      // The ministry's reviewer, above Đắk Lắk, may.
      await moved(memo.id, 1, 'approve', reviewer);
    },
  );

  it.runIf(run)(
    'sends a memo only to the roles and children’s ages it is for, unless overridden',
    async () => {
      const forTeachers = await publish({ ...MEMO, targetRoles: ['teacher'] });
      const forYoung = await publish({
        ...MEMO,
        targetRoles: ['parent'],
        targetAgeBands: [{ min: 6, max: 10 }],
      });

      const toTeachers = await received((await broadcast(forTeachers.id)).json<Broadcast>().id);
      expect(whoGot(toTeachers)).toEqual(['teacher-1', 'teacher-2']);
      const toYoung = await received((await broadcast(forYoung.id)).json<Broadcast>().id);
      expect(whoGot(toYoung)).toEqual(['young-1', 'young-2', 'young-3']);

      const preview = await call<{ recipients: number }>(
        'POST',
        '/v1/broadcasts/preview',
        th.auth,
        {
          orgId,
          segmentId,
          channels: ['email'],
          content: { recommendationId: forYoung.id },
        },
      );
      expect(preview.recipients).toBe(3);

      const overridden = await broadcast(forTeachers.id, { ignoreTargeting: true });
      expect(overridden.json<Broadcast>()).toMatchObject({ ignoreTargeting: true });
      expect(await received(overridden.json<Broadcast>().id)).toHaveLength(7);
      const log = await call<Page<ApprovalEvent>>(
        'GET',
        `/v1/approval-events?subject=broadcast&subjectId=${overridden.json<Broadcast>().id}`,
        th.auth,
      );
      expect(log.items.map((e) => e.action)).toEqual(['targeting_overridden']);

      // A segment of parents only, for a teachers' memo: refused with what to do.
      const parents = await call<{ id: string }>(
        'POST',
        '/v1/segments',
        th.auth,
        {
          orgId,
          name: 'Parents',
          query: { roles: ['parent'] },
        },
        201,
      );
      const refused = await app.inject({
        method: 'POST',
        url: '/v1/broadcasts',
        headers: th.auth,
        payload: {
          orgId,
          segmentId: parents.id,
          channels: ['email'],
          content: { recommendationId: forTeachers.id },
        },
      });
      expectProblem(refused, 422, 'segment_empty', /roles teacher.*ignoreTargeting/);
    },
  );

  it.runIf(run)(
    'searches the library by topic, tag, role, age, language, status and title',
    async () => {
      const kk = await publish({
        topic: 'cyberbullying',
        tags: ['kibertravli'],
        targetRoles: ['parent'],
        targetAgeBands: [{ min: 11, max: 14 }],
        title: { kk: 'Кибербуллинг туралы', ru: 'О кибербуллинге' },
        body: { kk: 'Балаңызбен сөйлесіңіз.' },
      });
      const draft = await create({
        topic: 'screen-time',
        title: { vi: 'Thời gian dùng màn hình' },
        body: { vi: 'Hãy đặt giới hạn.' },
      });
      const ids = async (query: string) =>
        (await listAll<Recommendation>(app, th.auth, `/v1/recommendations?${query}`)).map(
          (r) => r.id,
        );
      expect(await ids('topic=cyberbullying')).toEqual([kk.id]);
      expect(await ids('tag=kibertravli')).toEqual([kk.id]);
      expect(await ids('topic=cyberbullying&role=teacher')).toEqual([]);
      expect(await ids('topic=cyberbullying&ageMin=6&ageMax=10')).toEqual([]);
      expect(await ids('topic=cyberbullying&ageMin=12&ageMax=12')).toEqual([kk.id]);
      expect(await ids('topic=cyberbullying&language=kk')).toEqual([kk.id]);
      expect(await ids('topic=cyberbullying&language=vi')).toEqual([]);
      expect(await ids('q=КИБЕРБУЛЛИНГ')).toEqual([kk.id]);
      expect(await ids('status=draft&topic=screen-time')).toEqual([draft.id]);
      expect(await ids('status=published&topic=screen-time')).toEqual([]);
      expectProblem(
        await app.inject({
          method: 'GET',
          url: '/v1/recommendations?topic=memes',
          headers: th.auth,
        }),
        400,
        'validation_failed',
        /topic/,
      );
    },
  );

  it.runIf(run)('shows which readers of a segment fall back to another language', async () => {
    const memo = await publish(MEMO);
    const coverage = await call<RecommendationCoverage>(
      'GET',
      `/v1/recommendations/${memo.id}/coverage?segmentId=${segmentId}`,
      th.auth,
    );
    expect(coverage.languages).toEqual(['ru']);
    expect(coverage.readers).toEqual(
      expect.arrayContaining([
        { language: 'ru', recipients: 4, contentLanguage: 'ru', fallback: false },
        { language: 'kk', recipients: 3, contentLanguage: 'ru', fallback: true },
      ]),
    );
  });

  it.runIf(run)('keeps an append-only log of approvals, for admins', async () => {
    const memo = await publish(MEMO);
    const versionId = (
      await call<RecommendationVersion>('GET', `/v1/recommendations/${memo.id}/versions/1`, th.auth)
    ).id;
    const log = await call<Page<ApprovalEvent>>(
      'GET',
      `/v1/approval-events?subjectId=${versionId}`,
      th.auth,
    );
    expect(log.items.map((e) => e.action)).toEqual(['approved', 'submitted', 'created']);
    expect(log.items[0]).toMatchObject({
      subject: 'recommendation_version',
      detail: { version: 1 },
    });
    expect(log.items[0]?.person).not.toBe(log.items[2]?.person);
    expectProblem(
      await app.inject({ method: 'GET', url: '/v1/approval-events', headers: reviewer }),
      403,
      'insufficient_scope',
    );
    await expect(
      sql`update approval_events set action = 'rejected' where subject_id = ${versionId}`.execute(
        th.hub.db,
      ),
    ).rejects.toThrow(/append-only/);
    await expect(
      sql`delete from approval_events where subject_id = ${versionId}`.execute(th.hub.db),
    ).rejects.toThrow(/append-only/);
  });

  it.runIf(run)('lets exactly one of two reviewers approving at once win', async () => {
    const memo = await create(MEMO);
    await moved(memo.id, 1, 'submit', th.auth);
    // Whichever takes the version's lock first publishes it; the other finds nothing pending.
    const answers = await Promise.all([
      move(memo.id, 1, 'approve', reviewer),
      move(memo.id, 1, 'approve', secondReviewer),
    ]);
    expect(answers.map((a) => a.statusCode).sort()).toEqual([200, 409]);
    const versionId = answers.find((a) => a.statusCode === 200)?.json<RecommendationVersion>().id;
    const log = await call<Page<ApprovalEvent>>(
      'GET',
      `/v1/approval-events?subjectId=${versionId}`,
      th.auth,
    );
    expect(log.items.filter((e) => e.action === 'approved')).toHaveLength(1);
  });
});
