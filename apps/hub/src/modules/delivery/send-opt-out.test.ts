import type { ChannelAdapter } from '@safenet/channels';
import {
  type Broadcast,
  type ConsentEvent,
  type Contact,
  type Page,
  SafenetError,
} from '@safenet/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { share } from '../../platform/database/schema.js';
import {
  drainSendQueues,
  type TestDispatchDeps,
  testDispatchDeps,
} from '../../testing/dispatch-deps.js';
import { seedParents } from '../../testing/parents-fixture.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { expandBroadcast } from '../broadcasts/index.js';
import { overrideAdapter } from '../channels/index.js';
import { withdrawOnRefusedSend } from '../consent/index.js';

// A send the provider refuses as opted out (Telegram's 403 "bot was blocked by the user", Twilio
// 21610 at send time: the adapter throws reason `opted_out`) withdraws the contact's consent on
// that channel, by the provider, once per delivery — through the real send worker.

const backends = await testBackends();

describe.each(backends)('a send refused as opted out on $name', ({ database, run }) => {
  let th: TestHub;
  let deps: TestDispatchDeps;
  let orgId: string;
  let segmentId: string;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ workers: false, database });
    deps = await testDispatchDeps(th, { throwErrors: true });
    ({ orgId, segmentId } = await seedParents(th, {
      name: 'Blocked the bot',
      count: 2,
      phonePrefix: '6',
    }));
  });

  afterAll(async () => {
    await deps?.progress.close();
    await th?.close();
  });

  const blocked: ChannelAdapter = {
    channel: 'sms',
    provider: 'opt-out-test-provider',
    async send() {
      throw new SafenetError('provider_rejected', 'the recipient opted out', {
        reason: 'opted_out',
        aboutRecipient: true,
        providerCode: '21610',
      });
    },
  };

  const history = async (contactId: string) => {
    const res = await th.hub.app.inject({
      method: 'GET',
      url: `/v1/contacts/${contactId}/consent-history?channel=sms`,
      headers: th.auth,
    });
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Page<ConsentEvent>>().items;
  };

  it.runIf(run)(
    'withdraws each recipient’s consent on the channel, once per delivery',
    async () => {
      const res = await th.hub.app.inject({
        method: 'POST',
        url: '/v1/broadcasts',
        headers: th.auth,
        payload: {
          orgId,
          segmentId,
          channels: ['sms'],
          content: { body: { en: 'Parent meeting on Friday' } },
        },
      });
      expect(res.statusCode, res.body).toBe(202);
      const broadcast = res.json<Broadcast>();
      await expandBroadcast(deps.expand, broadcast.id);
      await drainSendQueues({ ...deps, channels: overrideAdapter(deps.channels, blocked) });

      const deliveries = await th.hub.db
        .selectFrom('deliveries')
        .select(['id', 'contact_id', 'status', 'reason'])
        .where('broadcast_id', '=', broadcast.id)
        .execute();
      expect(deliveries).toHaveLength(2);
      for (const delivery of deliveries) {
        expect(delivery).toMatchObject({ status: 'failed', reason: 'opted_out' });
        const [latest, ...earlier] = await history(delivery.contact_id);
        expect(latest).toMatchObject({
          status: 'revoked',
          source: 'provider refused a send as opted out (21610)',
          by: { kind: 'provider', id: null },
        });
        expect(earlier.map((e) => e.status)).toEqual(['granted']);
        const contact = await th.hub.app.inject({
          method: 'GET',
          url: `/v1/contacts/${delivery.contact_id}`,
          headers: th.auth,
        });
        expect(contact.json<Contact>().consents.sms?.status).toBe('revoked');
      }

      // The same delivery's job run again (a crash after the send): nothing more is recorded,
      // though its refusal comes later.
      const [first] = deliveries;
      if (!first) throw new Error('no delivery');
      const again = await withdrawOnRefusedSend(
        { db: share(th.hub.db) },
        { contactId: first.contact_id, channel: 'sms', deliveryId: first.id },
        { errorCode: '21610', at: new Date(Date.now() + 60_000) },
      );
      expect(again).toBe(0);
      expect(await history(first.contact_id)).toHaveLength(2);
    },
  );
});
