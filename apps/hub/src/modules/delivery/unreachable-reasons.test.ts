import type {
  Broadcast,
  BroadcastInput,
  BroadcastPreview,
  ContactBulkInput,
  ContactBulkResult,
} from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { drainSendQueues, testDispatchDeps } from '../../testing/dispatch-deps.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { expandBroadcast } from '../broadcasts/index.js';

// Why a recipient is not sent to, as planning (expansion and the preview) and sending say
// it: withdrawn consent `opted_out`, an address without consent `no_consent`, no address
// `no_address` — the same reasons at both times.

const backends = await testBackends();
const AT = '2017-04-03T10:00:00+06:00';
const granted = { status: 'granted', source: 'parent meeting form', at: AT } as const;
const revoked = { status: 'revoked', source: 'one-click unsubscribe (RFC 8058)', at: AT } as const;
const phone = (n: number) => `+7701555${String(n).padStart(4, '0')}`;
const email = (ref: string) => `${ref}@school.example.kz`;

/** The broadcast goes by SMS first, then email. */
const PARENTS: ContactBulkInput['contacts'][number][] = [
  // Unsubscribed from email; a phone number on file, never consented to SMS.
  {
    externalRef: 'unsubscribed',
    addresses: { phone: phone(1), email: email('unsubscribed') },
    consents: { email: revoked },
  },
  // Withdrew email consent, and the address was erased since.
  { externalRef: 'withdrawn-erased', addresses: { phone: phone(2) }, consents: { email: revoked } },
  { externalRef: 'never-consented', addresses: { phone: phone(3), email: email('never') } },
  { externalRef: 'no-address', addresses: {}, consents: { sms: granted } },
  {
    externalRef: 'by-email',
    addresses: { email: email('by-email') },
    consents: { email: granted },
  },
  // Reachable by SMS when planned; each loses it in a different way before the send.
  ...['withdraws', 'loses-number', 'loses-consent'].map((ref, i) => ({
    externalRef: ref,
    addresses: { phone: phone(10 + i) },
    consents: { sms: granted },
  })),
].map((parent) => ({ orgId: '', role: 'parent', language: 'ru', ...parent }));

describe.each(backends)('unreachable recipients on $name', ({ database, run }) => {
  let th: TestHub;
  let deps: Awaited<ReturnType<typeof testDispatchDeps>>;
  let ids: Map<string, string>;
  let input: BroadcastInput;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database });
    deps = await testDispatchDeps(th);
    const inject = async <T>(url: string, payload: object, status: number) => {
      const res = await th.hub.app.inject({ method: 'POST', url, headers: th.auth, payload });
      expect(res.statusCode, res.body).toBe(status);
      return res.json<T>();
    };
    const orgId = (
      await inject<{ id: string }>(
        '/v1/organisations',
        { parentId: th.seed.ministryId, kind: 'association', name: 'Reasons test association' },
        201,
      )
    ).id;
    const bulk = await inject<ContactBulkResult>(
      '/v1/contacts/bulk',
      { contacts: PARENTS.map((parent) => ({ ...parent, orgId })) },
      200,
    );
    ids = new Map(bulk.items.map((item) => [item.externalRef, item.id]));
    const segment = await inject<{ id: string }>(
      '/v1/segments',
      { orgId, name: 'Parents', query: { roles: ['parent'] } },
      201,
    );
    input = {
      orgId,
      segmentId: segment.id,
      channels: ['sms', 'email'],
      content: { body: { ru: 'Родительское собрание в пятницу.' } },
    };
  });

  afterAll(async () => {
    await deps?.progress.close();
    await th?.close();
  });

  /** Creates the broadcast through the API and plans its deliveries. */
  const createAndExpand = async () => {
    const res = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/broadcasts',
      headers: th.auth,
      payload: input,
    });
    expect(res.statusCode, res.body).toBe(202);
    const broadcast = res.json<Broadcast>();
    await expandBroadcast(deps.expand, broadcast.id);
    return broadcast;
  };

  const deliveriesByRef = async (broadcastId: string) => {
    const rows = await th.hub.db
      .selectFrom('deliveries')
      .select(['contact_id', 'channel', 'status', 'reason'])
      .where('broadcast_id', '=', broadcastId)
      .orderBy('created_at')
      .execute();
    const refOf = new Map([...ids].map(([ref, id]) => [id, ref]));
    return rows.map((row) => ({
      ref: refOf.get(row.contact_id),
      channel: row.channel,
      status: row.status,
      reason: row.reason,
    }));
  };

  /** Changes a contact behind the API's back, as another request would between two steps. */
  const change = async (ref: string, fields: { addresses?: object; consents?: object }) => {
    await th.hub.db
      .updateTable('contacts')
      .set({
        ...(fields.addresses ? { addresses: JSON.stringify(fields.addresses) } : {}),
        ...(fields.consents ? { consents: JSON.stringify(fields.consents) } : {}),
      })
      .where('id', '=', ids.get(ref) as string)
      .execute();
  };

  it.runIf(run)(
    'plans each unreachable recipient with why, and previews the same counts',
    async () => {
      const previewed = await th.hub.app.inject({
        method: 'POST',
        url: '/v1/broadcasts/preview',
        headers: th.auth,
        payload: input,
      });
      expect(previewed.statusCode, previewed.body).toBe(200);
      expect(previewed.json<BroadcastPreview>()).toMatchObject({
        recipients: 8,
        byChannel: { sms: 3, email: 1 },
        unreachable: 4,
        unreachableReasons: { opted_out: 2, no_consent: 1, no_address: 1 },
      });

      const broadcast = await createAndExpand();

      const suppressed = (await deliveriesByRef(broadcast.id)).filter(
        (d) => d.status === 'suppressed',
      );
      expect(suppressed).toEqual(
        expect.arrayContaining([
          // On email, where they withdrew, not on SMS listed first.
          { ref: 'unsubscribed', channel: 'email', status: 'suppressed', reason: 'opted_out' },
          { ref: 'withdrawn-erased', channel: 'email', status: 'suppressed', reason: 'opted_out' },
          { ref: 'never-consented', channel: 'sms', status: 'suppressed', reason: 'no_consent' },
          { ref: 'no-address', channel: 'sms', status: 'suppressed', reason: 'no_address' },
        ]),
      );
      expect(suppressed).toHaveLength(4);
    },
  );

  it.runIf(run)(
    'gives the same reasons at send time to those who lost reachability after planning',
    async () => {
      const broadcast = await createAndExpand();
      const planned = await deliveriesByRef(broadcast.id);
      for (const ref of ['withdraws', 'loses-number', 'loses-consent']) {
        expect(planned.find((d) => d.ref === ref)).toMatchObject({
          channel: 'sms',
          status: 'queued',
        });
      }

      await change('withdraws', { consents: { sms: { ...revoked, source: 'STOP reply' } } });
      await change('loses-number', { addresses: {} });
      await change('loses-consent', { consents: {} });
      await drainSendQueues(deps);
      expect(deps.errors).toEqual([]);

      const sent = await deliveriesByRef(broadcast.id);
      const outcome = (ref: string) =>
        sent.filter((d) => d.ref === ref).map((d) => `${d.channel}:${d.status}:${d.reason}`);
      expect(outcome('withdraws')).toEqual(['sms:suppressed:opted_out']);
      expect(outcome('loses-number')).toEqual(['sms:suppressed:no_address']);
      expect(outcome('loses-consent')).toEqual(['sms:suppressed:no_consent']);
      // Nothing changed for the one reachable by email.
      expect(outcome('by-email')).toEqual(['email:captured:null']);
    },
  );
});
