/**
 * The SDK's `cases` resource, its organisation settings and the stream's alert commands against
 * a real hub (both stores): a teacher's report and a second spelling of the same link merge into
 * one critical case, routed by the ministry's rule to Đắk Lắk; a ministry specialist's key (the
 * level above) triages, refers, records the answer, resolves, reopens and rejects it; the
 * ministry's admin reads the audit trail, intact. The hub's clock is the test's.
 */
import { createHash } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { testBackends } from '@safenet/hub/testing';
import { type Alert, SafenetApiError, SafenetClient } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const LINK = 'https://www.tiktok.com/@someone/video/7301?_t=8kQ&is_from_webapp=1';
/** The same video as another reporter pastes it: capitals, another share token, a fragment. */
const SAME_LINK = 'HTTPS://WWW.TikTok.com:443/@someone/video/7301?_r=1#comments';

describe.each(await testBackends())('the SDK’s cases on $name', ({ database, run }) => {
  let th: TestHub;
  let admin: SafenetClient;
  let specialist: SafenetClient;
  let ministryId: string;
  let dakLakId: string;
  let clock = Date.parse('2026-12-06T03:00:00Z');
  const now = () => clock;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ database, workers: false, now });
    await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = th.hub.app.server.address() as AddressInfo;
    const baseUrl = `http://127.0.0.1:${port}`;
    ministryId = th.seed.ministryId;
    dakLakId = th.seed.provinceIds[1];
    admin = new SafenetClient({ baseUrl, apiKey: th.adminKey });
    const { secret } = await admin.apiKeys.create({
      orgId: ministryId,
      name: 'Committee specialists’ dashboard',
      scopes: ['read', 'cases'],
    });
    specialist = new SafenetClient({ baseUrl, apiKey: secret });
  });
  afterAll(() => th?.close());

  it.runIf(run)('sets routing rules and response times under organisations', async () => {
    const routing = await admin.organisations.putCaseRouting(ministryId, {
      rules: [{ scopeOrgId: dakLakId, targetOrgId: dakLakId }],
    });
    expect(routing).toEqual({
      orgId: ministryId,
      rules: [
        { id: expect.any(String), scopeOrgId: dakLakId, categories: null, targetOrgId: dakLakId },
      ],
    });
    expect(await admin.organisations.getCaseRouting(ministryId)).toEqual(routing);

    const defaults = await admin.organisations.getCaseResponseTimes(dakLakId);
    expect(defaults).toMatchObject({
      orgId: dakLakId,
      definedBy: null,
      times: { critical: { acknowledgeMinutes: 15, resolveMinutes: 24 * 60 } },
    });
    const faster = {
      ...defaults.times,
      critical: { acknowledgeMinutes: 10, resolveMinutes: 12 * 60 },
    };
    await admin.organisations.putCaseResponseTimes(ministryId, faster);
    // Inherited down the tree: Đắk Lắk set none of its own.
    expect(await admin.organisations.getCaseResponseTimes(dakLakId)).toEqual({
      orgId: dakLakId,
      definedBy: ministryId,
      times: faster,
    });
    const inherited = await admin.organisations.putCaseResponseTimes(ministryId, null);
    expect(inherited.definedBy).toBeNull();
    await admin.organisations.putCaseResponseTimes(ministryId, faster);

    // A rule that sends cases outside the organisation's subtree is refused with its code.
    await expect(
      admin.organisations.putCaseRouting(dakLakId, {
        rules: [{ scopeOrgId: dakLakId, targetOrgId: ministryId }],
      }),
    ).rejects.toMatchObject({ code: 'case_routing_invalid', status: 400 });
  });

  it.runIf(run)('takes reports, merges the same link, and moves the case', async () => {
    const first = await admin.cases.report({
      links: [LINK],
      category: 'grooming',
      platform: 'tiktok',
      description: 'Взрослый пишет ученикам в личные сообщения, просит фото',
      language: 'ru',
      concernedOrgId: dakLakId,
    });
    expect(first.reference).toMatch(/^R-2026-\d{6}$/);
    clock += 60_000;
    const second = await specialist.cases.report({
      links: [SAME_LINK],
      category: 'grooming',
      platform: 'tiktok',
      description: 'Тот же аккаунт, та же переписка',
      language: 'kk',
    });
    expect(second.reference).not.toBe(first.reference);
    expect(await admin.cases.reportStatus(first.reference)).toMatchObject({
      reference: first.reference,
      status: 'received',
    });
    // Someone else's reference answers like an unknown one.
    await expect(specialist.cases.reportStatus(first.reference)).rejects.toMatchObject({
      code: 'not_found',
    });

    const listed = [];
    for await (const summary of specialist.cases.iterate({ state: 'open', limit: 1 })) {
      listed.push(summary);
    }
    expect(listed).toHaveLength(1);
    const [summary] = listed;
    expect(summary).toMatchObject({
      number: expect.stringMatching(/^C-2026-\d{6}$/),
      state: 'new',
      severity: 'critical',
      orgId: dakLakId,
      reportCount: 2,
      // The ministry's faster clock, inherited by Đắk Lắk.
      acknowledgeBy: new Date(Date.parse('2026-12-06T03:10:00Z')).toISOString(),
    });
    const id = summary?.id as string;
    expect((await specialist.cases.list({ state: 'resolved' })).items).toEqual([]);

    const kase = await specialist.cases.get(id);
    expect(kase.reports.map((r) => r.reference)).toEqual([first.reference, second.reference]);
    expect(kase.links.map((l) => l.url)).toEqual(['https://www.tiktok.com/@someone/video/7301']);
    // What the specialist may do now: a new case is triaged or rejected, not yet resolved.
    expect(kase.allowed).toEqual(expect.arrayContaining(['view', 'triage', 'reject']));
    expect(kase.allowed).not.toContain('resolve');

    const triaged = await specialist.cases.triage(id, { reason: 'Seen: a real account' });
    expect(triaged.state).toBe('triaged');
    const referral = await specialist.cases.addReferral(id, {
      target: 'platform',
      recipient: 'TikTok trust & safety',
      summary: 'The account and the video',
    });
    expect((await specialist.cases.get(id)).state).toBe('referred');
    clock += 3_600_000;
    const answered = await specialist.cases.answerReferral(id, referral.id, {
      answer: 'Account suspended',
    });
    expect(answered).toMatchObject({
      id: referral.id,
      answer: 'Account suspended',
      answeredAt: new Date(clock).toISOString(),
    });
    expect((await specialist.cases.resolve(id)).state).toBe('resolved');
    expect((await specialist.cases.reopen(id)).state).toBe('triaged');
    const rejected = await specialist.cases.reject(id, 'Duplicate of a case the police hold');
    expect(rejected).toMatchObject({
      state: 'rejected',
      rejectReason: 'Duplicate of a case the police hold',
    });

    // The state machine's refusal and the permission rules' are typed errors with their codes.
    const refused = await specialist.cases.resolve(id).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(SafenetApiError);
    expect(refused).toMatchObject({ code: 'case_transition_forbidden', status: 409 });
    // The trail is the admins' (the `admin` scope), the moves the specialists' (`cases`).
    await expect(specialist.cases.audit(id)).rejects.toMatchObject({
      code: 'insufficient_scope',
      status: 403,
    });
    await expect(admin.cases.reopen(id)).rejects.toMatchObject({ code: 'insufficient_scope' });
    await expect(specialist.cases.assign(id, ministryId)).rejects.toMatchObject({
      code: 'case_assignee_invalid',
    });

    const { entries, intact } = await admin.cases.audit(id);
    expect(intact).toBe(true);
    expect(entries.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'case.opened',
        'report.received',
        'report.merged',
        'case.read',
        'case.triage',
        'referral.sent',
        'case.refer',
        'referral.answered',
        'case.resolve',
        'case.reopen',
        'case.reject',
      ]),
    );
    expect(entries.map((e) => e.seq)).toEqual([...entries.map((e) => e.seq)].sort((a, b) => a - b));
    // The chain checks by the formula docs/reference/cases.md gives, outside the hub.
    let prev = '0'.repeat(64);
    for (const entry of entries) {
      const content = [entry.caseId, entry.at, entry.actor, entry.action, sortedKeys(entry.detail)];
      const hash = createHash('sha256')
        .update(`${prev}\n${JSON.stringify(content)}`)
        .digest('hex');
      expect(entry.hash, `${entry.seq} ${entry.action}`).toBe(hash);
      prev = hash;
    }
  });

  it.runIf(run)('acknowledges and resolves a case alert over the stream', async () => {
    const report = await admin.cases.report({
      links: ['https://t.me/some_channel/42'],
      category: 'self_harm',
      platform: 'telegram',
      description: 'Канал публикует «челленджи» с самоповреждением',
      language: 'ru',
      concernedOrgId: dakLakId,
    });
    expect(report.reference).toMatch(/^R-2026-/);
    const { items } = await admin.alerts.list({ code: 'case_critical', state: 'open' });
    expect(items).toHaveLength(1);
    const alertId = items[0]?.id as string;

    let opened = false;
    const subscription = specialist.stream.subscribe({
      types: ['alert'],
      onEvent: () => {},
      onOpen: () => {
        opened = true;
      },
    });
    try {
      await expect.poll(() => opened, { timeout: 10_000, interval: 20 }).toBe(true);
      const acknowledged: Alert = await subscription.acknowledgeAlert(alertId);
      expect(acknowledged).toMatchObject({ id: alertId, state: 'acknowledged' });
      const resolved = await subscription.resolveAlert(alertId);
      expect(resolved).toMatchObject({ id: alertId, state: 'resolved' });
      // A resolved alert cannot be acknowledged again: the hub's code comes back.
      await expect(subscription.acknowledgeAlert(alertId)).rejects.toMatchObject({
        code: 'alert_state_conflict',
      });
      await expect(
        subscription.acknowledgeAlert('0190f5c2-0000-7000-8000-00000000a1e7'),
      ).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      subscription.close();
    }
    expect((await admin.alerts.get(alertId)).state).toBe('resolved');
  });
});

/** A JSON value with its objects' keys sorted, at every depth. */
function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((key) => [key, sortedKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
