import type {
  ApprovalEvent,
  Broadcast,
  BroadcastInput,
  Page,
  Recommendation,
  Segment,
  SendApprovalSetting,
} from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuthContext } from '../../platform/tenancy/auth.js';
import { drainSendQueues, testDispatchDeps } from '../../testing/dispatch-deps.js';
import {
  type AuthHeaders,
  createKey,
  expectProblem,
  type TestKey,
} from '../../testing/http-helpers.js';
import { meetingPoint } from '../../testing/meeting-point.js';
import { signIn, type TestSession } from '../../testing/session-helpers.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { own } from './broadcasts.tables.js';
import { expandBroadcast } from './expand.worker.js';
import { approveBroadcast, type SendApprovalDeps } from './send-approval.service.js';

// The hub runs with its workers off: each test plans a broadcast by calling the expand worker
// itself, so it can change the world between approving and planning.

const backends = await testBackends();

/** The hub-wide default, far above the demo's 200 contacts: organisations set their own. */
const HUB_DEFAULT = 100_000;

describe.each(backends)('four-eyes approval of large sends on $name', ({ database, run }) => {
  let th: TestHub;
  let deps: Awaited<ReturnType<typeof testDispatchDeps>>;
  /** A second person: a key the bootstrap admin key made (it acts for nobody but itself). */
  let approver: TestKey;
  /** A key of the Almaty province: outside the ministry's and Đắk Lắk's broadcasts' reach. */
  let outsider: TestKey;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({
      workers: false,
      database,
      env: { SAFENET_SEND_APPROVAL_THRESHOLD: String(HUB_DEFAULT) },
    });
    deps = await testDispatchDeps(th);
    approver = await createKey(th.hub.app, th.auth, th.seed.ministryId, ['read', 'approve']);
    outsider = await createKey(th.hub.app, th.auth, th.seed.provinceIds[0], ['read', 'approve']);
  });

  afterAll(async () => {
    await deps?.progress.close();
    await th?.close();
  });

  const inject = (
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: object,
    headers: AuthHeaders | TestSession['headers'] = th.auth,
  ) => th.hub.app.inject({ method, url, headers, ...(payload ? { payload } : {}) });

  const setThreshold = async (orgId: string, threshold: number | null) => {
    const res = await inject('PUT', `/v1/organisations/${orgId}/send-approval`, { threshold });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<SendApprovalSetting>();
  };

  const toParents = (segmentId = th.seed.segmentIds.allParents): BroadcastInput => ({
    orgId: th.seed.ministryId,
    segmentId,
    channels: ['email', 'websocket'],
    content: { recommendationId: th.seed.recommendationIds[0] as string },
    variables: { hotline: '111' },
  });

  const create = async (input: BroadcastInput, headers?: AuthHeaders | TestSession['headers']) => {
    const res = await inject('POST', '/v1/broadcasts', input, headers);
    expect(res.statusCode, res.body).toBe(202);
    return res.json<Broadcast>();
  };

  const approve = (id: string, headers: AuthHeaders = approver.headers) =>
    inject('POST', `/v1/broadcasts/${id}/approve`, undefined, headers);

  const get = async (id: string) => (await inject('GET', `/v1/broadcasts/${id}`)).json<Broadcast>();

  const deliveryCount = async (id: string) =>
    (
      await th.hub.db
        .selectFrom('deliveries')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('broadcast_id', '=', id)
        .executeTakeFirstOrThrow()
    ).n;

  const events = async (id: string) =>
    (await inject('GET', `/v1/approval-events?subject=broadcast&subjectId=${id}&limit=100`))
      .json<Page<ApprovalEvent>>()
      .items.reverse();

  const newSegment = async (
    query: object,
    orgId = th.seed.ministryId,
    headers?: TestSession['headers'],
  ) => {
    const res = await inject(
      'POST',
      '/v1/segments',
      { orgId, name: `approval test ${Math.random()}`, query },
      headers,
    );
    expect(res.statusCode, res.body).toBe(201);
    return res.json<Segment>();
  };

  it.runIf(run)(
    'inherits the threshold down the tree, from the hub default to the nearest setting',
    async () => {
      const dakLak = th.seed.provinceIds[1];
      expect(await setThreshold(th.seed.ministryId, null)).toEqual({
        orgId: th.seed.ministryId,
        threshold: null,
        inForce: HUB_DEFAULT,
        definedBy: null,
      });
      await setThreshold(th.seed.ministryId, 150);
      const inherited = await inject('GET', `/v1/organisations/${dakLak}/send-approval`);
      expect(inherited.json()).toEqual({
        orgId: dakLak,
        threshold: null,
        inForce: 150,
        definedBy: th.seed.ministryId,
      });
      expect(await setThreshold(dakLak, 0)).toEqual({
        orgId: dakLak,
        threshold: 0,
        inForce: 0,
        definedBy: dakLak,
      });
      // The ministry keeps its own; the district under Almaty inherits the ministry's.
      const district = await inject('GET', `/v1/organisations/${th.seed.districtId}/send-approval`);
      expect(district.json()).toMatchObject({ inForce: 150, definedBy: th.seed.ministryId });
      expect(await setThreshold(dakLak, null)).toMatchObject({ threshold: null, inForce: 150 });

      // What a broadcast meets: Đắk Lắk's 0 makes every broadcast there wait, then not.
      const segment = await newSegment({ roles: ['parent'], underOrgIds: [dakLak] });
      await setThreshold(dakLak, 0);
      const waits = await create({ ...toParents(segment.id), orgId: dakLak });
      expect(waits.status).toBe('awaiting_approval');
      await setThreshold(dakLak, null);
      const goes = await create({ ...toParents(segment.id), orgId: dakLak });
      expect(goes.status).toBe('queued');

      // Bad input and the wrong scope.
      expectProblem(
        await inject('PUT', `/v1/organisations/${dakLak}/send-approval`, { threshold: -1 }),
        400,
        'validation_failed',
      );
      expectProblem(
        await inject(
          'PUT',
          `/v1/organisations/${dakLak}/send-approval`,
          { threshold: 5 },
          approver.headers,
        ),
        403,
        'insufficient_scope',
      );
      expectProblem(
        await inject(
          'GET',
          `/v1/organisations/${th.seed.ministryId}/send-approval`,
          undefined,
          outsider.headers,
        ),
        404,
        'not_found',
      );
    },
  );

  it.runIf(run)('sends a broadcast under the threshold without approval', async () => {
    await setThreshold(th.seed.ministryId, 1000);
    const broadcast = await create(toParents());
    expect(broadcast).toMatchObject({ status: 'queued', requestedBy: null, approvedTerms: null });
    await expandBroadcast(deps.expand, broadcast.id);
    expect(Number(await deliveryCount(broadcast.id))).toBeGreaterThan(0);
    expect(await events(broadcast.id)).toEqual([]);
  });

  it.runIf(run)(
    'holds a broadcast over the threshold until a second person approves, then sends it',
    async () => {
      await setThreshold(th.seed.ministryId, 10);
      const broadcast = await create(toParents());
      expect(broadcast.status).toBe('awaiting_approval');
      expect(broadcast.requestedBy).toMatch(/^key:/);
      const [requested] = await events(broadcast.id);
      const audience = (requested?.detail as { audience?: number } | undefined)?.audience ?? 0;
      expect(requested).toMatchObject({ action: 'approval_requested', detail: { threshold: 10 } });
      expect(audience).toBeGreaterThan(10);

      // Nothing is planned while it waits, even if a stray job runs.
      await expandBroadcast(deps.expand, broadcast.id);
      expect(Number(await deliveryCount(broadcast.id))).toBe(0);
      const progress = await inject('GET', `/v1/broadcasts/${broadcast.id}/progress`);
      expect(progress.json()).toMatchObject({ status: 'awaiting_approval', total: 0 });

      const res = await approve(broadcast.id);
      expect(res.statusCode, res.body).toBe(200);
      const approved = res.json<Broadcast>();
      expect(approved.status).toBe('queued');
      expect(approved.approvedTerms).toMatchObject({
        contentVersionId: broadcast.contentVersion?.id,
        segmentId: th.seed.segmentIds.allParents,
        channels: ['email', 'websocket'],
        audience,
      });
      expect(approved.approvedTerms?.segmentHash).toMatch(/^sha256:[0-9a-f]{64}$/);
      const approvedEvent = (await events(broadcast.id))[1];
      expect(approvedEvent).toMatchObject({
        action: 'approved',
        actor: `key:${approver.id}`,
        detail: { segmentHash: approved.approvedTerms?.segmentHash },
      });

      await expandBroadcast(deps.expand, broadcast.id);
      const planned = Number(await deliveryCount(broadcast.id));
      expect(planned).toBeGreaterThan(10);
      await drainSendQueues(deps);
      await deps.progress.flush();
      const sent = await th.hub.db
        .selectFrom('deliveries')
        .select('status')
        .where('broadcast_id', '=', broadcast.id)
        .where('status', 'in', ['sent', 'delivered', 'read'])
        .execute();
      expect(sent.length).toBeGreaterThan(0);
      expect((await get(broadcast.id)).status).not.toBe('awaiting_approval');
    },
  );

  it.runIf(run)(
    'refuses self-approval: the same key, and a key created by the same person',
    async () => {
      await setThreshold(th.seed.ministryId, 10);
      // A key that may both send and approve: its own broadcast is not its to approve.
      const both = await createKey(th.hub.app, th.auth, th.seed.ministryId, [
        'read',
        'send',
        'approve',
      ]);
      const own = await create(toParents(), both.headers);
      expect(own.requestedBy).toBe(`key:${both.id}`);
      expectProblem(await approve(own.id, both.headers), 403, 'approval_self');
      expectProblem(
        await inject('POST', `/v1/broadcasts/${own.id}/reject`, { comment: 'mine' }, both.headers),
        403,
        'approval_self',
      );
      expect((await get(own.id)).status).toBe('awaiting_approval');

      // A person signed in creates a broadcast, then a key of their own to approve it with.
      const user = th.seed.users.find((u) => u.email === 'admin.daklak@example.org');
      if (!user) throw new Error('the demo data changed');
      const session = await signIn(th.hub.app, user.email, th.seed.demoPassword);
      await setThreshold(user.orgId, 0);
      const segment = await newSegment({ roles: ['parent'] }, user.orgId, session.headers);
      const theirs = await create(
        {
          ...toParents(segment.id),
          orgId: user.orgId,
          // Their own text: the ministry's recommendations are above their subtree.
          content: { body: { vi: 'Đường dây nóng {{hotline}}', en: 'Hotline {{hotline}}' } },
        },
        session.headers,
      );
      expect(theirs).toMatchObject({ status: 'awaiting_approval', requestedBy: `user:${user.id}` });
      const keyRes = await inject(
        'POST',
        '/v1/api-keys',
        { orgId: user.orgId, name: 'my approving key', scopes: ['read', 'approve'] },
        session.headers,
      );
      expect(keyRes.statusCode, keyRes.body).toBe(201);
      const theirKey = { authorization: `Bearer ${keyRes.json<{ secret: string }>().secret}` };
      expectProblem(await approve(theirs.id, theirKey), 403, 'approval_self', /acts for/);
      expectProblem(
        await inject('POST', `/v1/broadcasts/${theirs.id}/approve`, undefined, session.headers),
        403,
        'approval_self',
      );
      // Another person may: the ministry's approver.
      expect((await approve(theirs.id)).statusCode).toBe(200);
      await setThreshold(user.orgId, null);
    },
  );

  it.runIf(run)(
    'refuses approval by a key holder outside the subtree (404) and approving twice (409)',
    async () => {
      await setThreshold(th.seed.ministryId, 10);
      const broadcast = await create(toParents());
      expectProblem(await approve(broadcast.id, outsider.headers), 404, 'not_found');
      expect((await get(broadcast.id)).status).toBe('awaiting_approval');
      expect((await approve(broadcast.id)).statusCode).toBe(200);
      expectProblem(await approve(broadcast.id), 409, 'approval_not_pending', /approved already/);
      expectProblem(
        await inject(
          'POST',
          `/v1/broadcasts/${broadcast.id}/reject`,
          { comment: 'late' },
          approver.headers,
        ),
        409,
        'approval_not_pending',
      );
      // One that never needed approval is not pending either.
      await setThreshold(th.seed.ministryId, null);
      const small = await create(toParents());
      expectProblem(await approve(small.id), 409, 'approval_not_pending', /did not need/);
    },
  );

  it.runIf(run)(
    'voids the approval when the segment is edited after approval, before sending',
    async () => {
      await setThreshold(th.seed.ministryId, 10);
      const segment = await newSegment({ roles: ['parent'] });
      const broadcast = await create(toParents(segment.id));
      expect((await approve(broadcast.id)).statusCode).toBe(200);

      const edit = await inject('PATCH', `/v1/segments/${segment.id}`, {
        query: { roles: ['parent'], languages: ['vi'] },
      });
      expect(edit.statusCode, edit.body).toBe(200);
      await expandBroadcast(deps.expand, broadcast.id);
      expect(Number(await deliveryCount(broadcast.id))).toBe(0);
      expect(await get(broadcast.id)).toMatchObject({
        status: 'awaiting_approval',
        approvedTerms: null,
      });
      const voided = (await events(broadcast.id)).at(-1);
      expect(voided).toMatchObject({
        action: 'voided',
        actor: 'key:00000000-0000-0000-0000-000000000000',
      });
      expect(JSON.stringify(voided?.detail)).toMatch(/query changed/);

      // Approved again, it sends what was approved this time: Vietnamese-speaking parents only.
      expect((await approve(broadcast.id)).statusCode).toBe(200);
      await expandBroadcast(deps.expand, broadcast.id);
      const languages = await th.hub.db
        .selectFrom('deliveries')
        .innerJoin('contacts', 'contacts.id', 'deliveries.contact_id')
        .select('contacts.language')
        .distinct()
        .where('deliveries.broadcast_id', '=', broadcast.id)
        .execute();
      expect(languages).toEqual([{ language: 'vi' }]);
    },
  );

  it.runIf(run)(
    'voids the approval when a new version of the recommendation is published',
    async () => {
      await setThreshold(th.seed.ministryId, 10);
      const recommendationId = th.seed.recommendationIds[1] as string;
      const broadcast = await create({ ...toParents(), content: { recommendationId } });
      expect((await approve(broadcast.id)).statusCode).toBe(200);

      const edited = await inject('PATCH', `/v1/recommendations/${recommendationId}`, {
        tags: ['approval-test'],
      });
      expect(edited.statusCode, edited.body).toBe(200);
      const draft = edited.json<Recommendation>().openVersion?.number;
      const base = `/v1/recommendations/${recommendationId}/versions/${draft}`;
      expect((await inject('POST', `${base}/submit`)).statusCode).toBe(200);
      const published = await inject('POST', `${base}/approve`, undefined, approver.headers);
      expect(published.statusCode, published.body).toBe(200);

      await expandBroadcast(deps.expand, broadcast.id);
      expect(Number(await deliveryCount(broadcast.id))).toBe(0);
      expect((await get(broadcast.id)).status).toBe('awaiting_approval');
      const voided = (await events(broadcast.id)).at(-1);
      expect(voided?.action).toBe('voided');
      expect(JSON.stringify(voided?.detail)).toMatch(/published version is now/);

      // Approved again, it sends the new version.
      const again = (await approve(broadcast.id)).json<Broadcast>();
      expect(again.contentVersion?.number).toBe(draft);
      await expandBroadcast(deps.expand, broadcast.id);
      const versions = await th.hub.db
        .selectFrom('deliveries')
        .select('content_version_id')
        .distinct()
        .where('broadcast_id', '=', broadcast.id)
        .execute();
      expect(versions).toEqual([{ content_version_id: again.contentVersion?.id }]);
    },
  );

  it.runIf(run)('rejects with a comment (terminal), cancels one awaiting approval', async () => {
    await setThreshold(th.seed.ministryId, 10);
    const broadcast = await create(toParents());
    const res = await inject(
      'POST',
      `/v1/broadcasts/${broadcast.id}/reject`,
      { comment: 'Wait for the Đắk Lắk hotline 02623.951.567 to be in the text' },
      approver.headers,
    );
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<Broadcast>().status).toBe('rejected');
    expect((await events(broadcast.id)).at(-1)).toMatchObject({
      action: 'rejected',
      detail: { comment: 'Wait for the Đắk Lắk hotline 02623.951.567 to be in the text' },
    });
    await expandBroadcast(deps.expand, broadcast.id);
    expect(Number(await deliveryCount(broadcast.id))).toBe(0);
    expectProblem(
      await inject('POST', `/v1/broadcasts/${broadcast.id}/cancel`),
      409,
      'broadcast_not_cancellable',
    );
    expectProblem(
      await inject(
        'POST',
        `/v1/broadcasts/${broadcast.id}/reject`,
        { comment: '' },
        approver.headers,
      ),
      400,
      'validation_failed',
    );

    const waiting = await create(toParents());
    const cancelled = await inject('POST', `/v1/broadcasts/${waiting.id}/cancel`);
    expect(cancelled.json<Broadcast>().status).toBe('cancelled');
    expectProblem(await approve(waiting.id), 409, 'approval_not_pending');
  });

  it.runIf(run)(
    'changes a broadcast not yet sending: re-checked, re-measured, approval void',
    async () => {
      await setThreshold(th.seed.ministryId, 10);
      const broadcast = await create(toParents());
      expect((await approve(broadcast.id)).statusCode).toBe(200);

      // Changing the channels of an approved broadcast voids its approval: it waits again.
      const patched = await inject('PATCH', `/v1/broadcasts/${broadcast.id}`, {
        channels: ['email'],
      });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json<Broadcast>()).toMatchObject({
        status: 'awaiting_approval',
        channels: ['email'],
        approvedTerms: null,
      });
      expect((await events(broadcast.id)).slice(-2).map((e) => e.action)).toEqual([
        'voided',
        'approval_requested',
      ]);

      // Under the threshold after the change, it goes without approval.
      await setThreshold(th.seed.ministryId, 100_000);
      const small = await inject('PATCH', `/v1/broadcasts/${broadcast.id}`, {
        variables: { hotline: '111' },
      });
      expect(small.json<Broadcast>()).toMatchObject({ status: 'queued', requestedBy: null });
      await expandBroadcast(deps.expand, broadcast.id);
      expect(Number(await deliveryCount(broadcast.id))).toBeGreaterThan(0);

      // Sending: no more changes. Bad changes: their codes, nothing written.
      expectProblem(
        await inject('PATCH', `/v1/broadcasts/${broadcast.id}`, { channels: ['sms'] }),
        409,
        'broadcast_not_editable',
      );
      const other = await create(toParents());
      expectProblem(
        await inject('PATCH', `/v1/broadcasts/${other.id}`, { variables: {} }),
        422,
        'template_variable_missing',
      );
      expectProblem(
        await inject('PATCH', `/v1/broadcasts/${other.id}`, {}),
        400,
        'validation_failed',
      );
      expect(await get(other.id)).toMatchObject({
        variables: { hotline: '111' },
        status: 'queued',
      });
    },
  );

  it.runIf(run)('drops the expand job of a sendAt that was changed since', async () => {
    await setThreshold(th.seed.ministryId, null);
    const first = new Date(Date.now() + 86_400_000).toISOString();
    const later = new Date(Date.now() + 2 * 86_400_000).toISOString();
    const broadcast = await create({ ...toParents(), sendAt: first });
    expect(broadcast.status).toBe('scheduled');
    const moved = await inject('PATCH', `/v1/broadcasts/${broadcast.id}`, { sendAt: later });
    expect(moved.json<Broadcast>()).toMatchObject({ status: 'scheduled', sendAt: later });
    // The job queued for the first time is stale: it plans nothing.
    await expandBroadcast(deps.expand, broadcast.id, first);
    expect(Number(await deliveryCount(broadcast.id))).toBe(0);
    // The job of the new time plans it.
    await expandBroadcast(deps.expand, broadcast.id, later);
    expect(Number(await deliveryCount(broadcast.id))).toBeGreaterThan(0);
    const jobs = await th.hub.boss.findJobs<{ broadcastId: string; sendAt?: string }>(
      'broadcast-expand',
      { data: { broadcastId: broadcast.id } },
    );
    expect(jobs.map((job) => job.data.sendAt).sort()).toEqual([first, later]);
  });

  it.runIf(run)(
    'approve against a segment edit: the edit between reading and writing voids it',
    async () => {
      await setThreshold(th.seed.ministryId, 10);
      const segment = await newSegment({ roles: ['parent'] });
      const broadcast = await create(toParents(segment.id));
      const approvalDeps: SendApprovalDeps = {
        db: own(th.hub.db),
        boss: th.hub.boss,
        now: () => Date.now(),
        // The segment changes after the approver read it, before the approval is written.
        beforeDecide: async () => {
          const res = await inject('PATCH', `/v1/segments/${segment.id}`, {
            query: { roles: ['parent'], languages: ['kk'] },
          });
          expect(res.statusCode, res.body).toBe(200);
        },
      };
      const approved = await approveBroadcast(approvalDeps, approverAuth(), broadcast.id);
      expect(approved.status).toBe('queued');
      await expandBroadcast(deps.expand, broadcast.id);
      expect(Number(await deliveryCount(broadcast.id))).toBe(0);
      expect((await get(broadcast.id)).status).toBe('awaiting_approval');
      expect((await events(broadcast.id)).at(-1)?.action).toBe('voided');
    },
  );

  it.runIf(run)('two approvals at once: one wins, the other is approval_not_pending', async () => {
    await setThreshold(th.seed.ministryId, 10);
    const broadcast = await create(toParents());
    const { hook, seen } = meetingPoint<{ broadcastId: string }>(2);
    const approvalDeps: SendApprovalDeps = {
      db: own(th.hub.db),
      boss: th.hub.boss,
      now: () => Date.now(),
      beforeDecide: hook,
    };
    const outcomes = await Promise.allSettled([
      approveBroadcast(approvalDeps, approverAuth(), broadcast.id),
      approveBroadcast(approvalDeps, approverAuth(), broadcast.id),
    ]);
    expect(seen).toHaveLength(2);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected');
    expect(refused?.reason).toMatchObject({ code: 'approval_not_pending' });
    expect((await events(broadcast.id)).filter((e) => e.action === 'approved')).toHaveLength(1);
  });

  /** The approver key as the service sees it, for calling it with a hook. */
  const approverAuth = (): AuthContext => ({
    actor: { kind: 'key', apiKeyId: approver.id },
    orgId: th.seed.ministryId,
    orgPath: [th.seed.ministryId],
    scopes: ['read', 'approve'],
  });
});
