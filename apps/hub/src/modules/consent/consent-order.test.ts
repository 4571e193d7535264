import type { ChannelAdapter } from '@safenet/channels';
import type { Broadcast, Consent } from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainSendQueues, testDispatchDeps } from '../../testing/dispatch-deps.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { expandBroadcast } from '../broadcasts/index.js';
import { overrideAdapter } from '../channels/index.js';
import { applyWebhookEvents } from '../delivery/index.js';
import { own } from './consent.tables.js';
import { UNSUBSCRIBE_SOURCES, withdrawConsentByLink } from './unsubscribe.service.js';

// Consent changes from every source — the contacts API (PATCH and bulk upsert), unsubscribe
// links, provider opt-outs, replies — are ordered by their event time: an older one never
// overrides a newer one, and a replayed one changes nothing.

const backends = await testBackends();

const at = (iso: string) => new Date(iso).toISOString();
const STOPPED: Consent = {
  status: 'revoked',
  source: 'STOP reply on sms',
  at: at('2026-05-10T12:00:00Z'),
};

describe.each(backends)('consent order on $name', ({ database, run }) => {
  let th: TestHub;
  let deps: Awaited<ReturnType<typeof testDispatchDeps>>;
  let orgId: string;
  let phones = 0;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ database, workers: false });
    deps = await testDispatchDeps(th, { throwErrors: true });
    orgId = (
      await request('POST', '/v1/organisations', {
        parentId: th.seed.ministryId,
        kind: 'association',
        name: 'Consent order test',
      })
    ).id;
  });
  afterAll(async () => {
    await deps?.progress.close();
    await th?.close();
  });

  async function request(method: 'POST' | 'PATCH', url: string, payload: object) {
    const res = await th.hub.app.inject({ method, url, headers: th.auth, payload });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json<{ id: string; consents: Record<string, Consent> }>();
  }

  /** A parent who replied STOP on SMS at {@link STOPPED}'s time. */
  async function stoppedParent(
    org = orgId,
  ): Promise<{ id: string; phone: string; externalRef: string }> {
    phones += 1;
    const phone = `+77015${String(phones).padStart(6, '0')}`;
    const externalRef = `order-${phones}`;
    const { id } = await request('POST', '/v1/contacts', {
      orgId: org,
      externalRef,
      role: 'parent',
      language: 'kk',
      addresses: { phone },
      consents: { sms: STOPPED },
    });
    return { id, phone, externalRef };
  }

  const consentOf = async (id: string) =>
    (
      await th.hub.db
        .selectFrom('contacts')
        .select('consents')
        .where('id', '=', id)
        .executeTakeFirstOrThrow()
    ).consents.sms;

  it.runIf(run)('PATCH keeps a newer consent, and takes a newer one', async () => {
    const { id } = await stoppedParent();
    const older = { status: 'granted', source: 'paper form', at: '2026-05-01T09:00:00+06:00' };
    const patched = await request('PATCH', `/v1/contacts/${id}`, {
      displayName: 'Parent of class 3B',
      consents: { sms: older },
    });
    // The rest of the change is applied; the answer shows the consent in effect.
    expect(patched.consents.sms).toEqual(STOPPED);
    expect(await consentOf(id)).toEqual(STOPPED);

    const newer = { status: 'granted', source: 'paper form', at: '2026-05-11T09:00:00+06:00' };
    await request('PATCH', `/v1/contacts/${id}`, { consents: { sms: newer } });
    expect(await consentOf(id)).toEqual(newer);
  });

  it.runIf(run)('a bulk upsert keeps a newer consent', async () => {
    const { id, phone, externalRef } = await stoppedParent();
    const older = { status: 'granted', source: 'school import', at: '2026-04-01T00:00:00Z' };
    await request('POST', '/v1/contacts/bulk', {
      contacts: [
        {
          orgId,
          externalRef,
          role: 'parent',
          language: 'kk',
          addresses: { phone },
          consents: { sms: older },
        },
      ],
    });
    expect(await consentOf(id)).toEqual(STOPPED);
  });

  it.runIf(run)('an unsubscribe older than a START leaves the START', async () => {
    const { id, phone } = await stoppedParent();
    const startAt = new Date('2026-05-12T08:00:00Z');
    await applyWebhookEvents(deps, 'sms', {
      statuses: [],
      inbound: [{ from: phone, body: 'START', providerMessageId: 'SMorder1', at: startAt }],
    });
    const started = await consentOf(id);
    expect(started).toMatchObject({ status: 'granted', at: startAt.toISOString() });
    const changed = await withdrawConsentByLink(
      own(th.hub.db),
      { contactId: id, channel: 'sms' },
      UNSUBSCRIBE_SOURCES.link,
      new Date('2026-05-11T08:00:00Z'),
    );
    expect(changed).toBe(false);
    expect(await consentOf(id)).toEqual(started);
  });

  it.runIf(run)('a replayed provider opt-out (21610) does not undo a later START', async () => {
    const own = await request('POST', '/v1/organisations', {
      parentId: th.seed.ministryId,
      kind: 'association',
      name: 'Opt-out test',
    });
    const { id, phone } = await stoppedParent(own.id);
    await request('PATCH', `/v1/contacts/${id}`, {
      consents: { sms: { status: 'granted', source: 'paper form', at: '2026-05-11T00:00:00Z' } },
    });
    const providerMessageId = await sendOneSms(own.id, id);
    const optOut = (when: string) =>
      applyWebhookEvents(deps, 'sms', {
        statuses: [
          {
            providerMessageId,
            status: 'failed',
            errorCode: '21610',
            reason: 'opted_out',
            at: new Date(when),
          },
        ],
        inbound: [],
      });
    await optOut('2026-05-12T08:00:00Z');
    expect(await consentOf(id)).toMatchObject({
      status: 'revoked',
      at: at('2026-05-12T08:00:00Z'),
    });

    const startAt = new Date('2026-05-13T08:00:00Z');
    await applyWebhookEvents(deps, 'sms', {
      statuses: [],
      inbound: [{ from: phone, body: 'СТАРТ', providerMessageId: 'SMorder2', at: startAt }],
    });
    // Twilio stamps nothing: its retry of the same callback carries the retry's time.
    await optOut('2026-05-14T08:00:00Z');
    expect(await consentOf(id)).toMatchObject({ status: 'granted', at: startAt.toISOString() });
  });

  /** Sends one SMS to the organisation's one contact through a recording adapter; its provider message id. */
  async function sendOneSms(org: string, contactId: string): Promise<string> {
    const segment = await request('POST', '/v1/segments', {
      orgId: org,
      name: 'Everyone',
      query: { underOrgIds: [org] },
    });
    const res = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/broadcasts',
      headers: th.auth,
      payload: {
        orgId: org,
        segmentId: segment.id,
        channels: ['sms'],
        content: { body: { kk: 'Сәлем' } },
      },
    });
    expect(res.statusCode, res.body).toBe(202);
    await expandBroadcast(deps.expand, res.json<Broadcast>().id);
    const recording: ChannelAdapter = {
      channel: 'sms',
      provider: 'recording-sms',
      async send(message) {
        return { status: 'sent', providerMessageId: `SMout-${message.deliveryId}` };
      },
    };
    await drainSendQueues({ ...deps, channels: overrideAdapter(deps.channels, recording) });
    const delivery = await th.hub.db
      .selectFrom('deliveries')
      .select('provider_message_id')
      .where('contact_id', '=', contactId)
      .executeTakeFirstOrThrow();
    return delivery.provider_message_id as string;
  }
});
