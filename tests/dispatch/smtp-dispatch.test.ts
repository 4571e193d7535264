/**
 * The send worker against a real SMTP server on loopback that refuses some recipients: a
 * permanent 5xx fails the delivery at once, a 4xx is retried by the queue until it goes out.
 * It lives here rather than beside the worker because the SMTP fixture is shared by packages.
 */
import type {
  Broadcast,
  BroadcastProgress,
  Contact,
  Delivery,
  Page,
  Segment,
  StreamEvent,
} from '@safenet/core';
import { eventually } from '@safenet/hub/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SmtpTestServer, startSmtpServer } from '../support/smtp-server.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';

const OK = 'accepts@example.org';
const REJECTED = 'no-such-user@example.org';
const FLAKY = 'mailbox-busy@example.org';

describe('dispatch over SMTP (embedded database, local SMTP server)', () => {
  let smtp: SmtpTestServer;
  let th: TestHub;
  /** Every RCPT TO the server saw, in order. */
  const rcpts: string[] = [];
  const events: StreamEvent[] = [];

  beforeAll(async () => {
    smtp = await startSmtpServer({
      failWith(to) {
        rcpts.push(to);
        if (to === REJECTED) return { code: 550, message: 'No such user here' };
        // The first attempt is told to come back later; the next one is accepted.
        if (to === FLAKY && rcpts.filter((r) => r === FLAKY).length === 1) {
          return { code: 451, message: 'Mailbox busy, try again later' };
        }
        return undefined;
      },
    });
    th = await startTestHub({ env: { SAFENET_SMTP_URL: smtp.url } });
    th.hub.bus.subscribe(th.seed.ministryId, ({ event }) => events.push(event));
  });

  afterAll(async () => {
    await th?.close();
    await smtp?.close();
  });

  const call = async <T>(method: 'GET' | 'POST', url: string, status: number, payload?: object) => {
    const res = await th.hub.app.inject({
      method,
      url,
      headers: th.auth,
      ...(payload ? { payload } : {}),
    });
    expect(res.statusCode, `${method} ${url}: ${res.body}`).toBe(status);
    return res.json<T>();
  };

  it('fails a permanent 5xx at once, and retries a 4xx until it is sent', async () => {
    const schoolId = th.seed.schoolIds[0];
    // Officials: a role the demo data does not use, so the segment is exactly these three.
    const contactIds = new Map<string, string>();
    for (const email of [OK, REJECTED, FLAKY]) {
      const contact = await call<Contact>('POST', '/v1/contacts', 201, {
        orgId: schoolId,
        role: 'official',
        language: 'en',
        addresses: { email },
        consents: {
          email: { status: 'granted', source: 'test', at: '2017-04-10T10:00:00+06:00' },
        },
      });
      contactIds.set(email, contact.id);
    }
    const segment = await call<Segment>('POST', '/v1/segments', 201, {
      orgId: th.seed.ministryId,
      name: 'Officials',
      query: { roles: ['official'] },
    });
    const broadcast = await call<Broadcast>('POST', '/v1/broadcasts', 202, {
      orgId: th.seed.ministryId,
      segmentId: segment.id,
      channels: ['email'],
      content: { title: { en: 'Safe Internet' }, body: { en: 'Helpline: {{hotline}}' } },
      variables: { hotline: '111' },
    });

    // pg-boss retries the 4xx after its backoff (a few seconds).
    const progress = await eventually(
      () => call<BroadcastProgress>('GET', `/v1/broadcasts/${broadcast.id}/progress`, 200),
      (p) => p.status === 'completed',
      `broadcast ${broadcast.id}`,
    );
    expect(progress).toMatchObject({ total: 3, counts: { sent: 2, failed: 1 } });

    const deliveries = await call<Page<Delivery>>(
      'GET',
      `/v1/broadcasts/${broadcast.id}/deliveries?limit=10`,
      200,
    );
    const of = (email: string) =>
      deliveries.items.find((d) => d.contactId === contactIds.get(email));
    expect(of(OK)).toMatchObject({ status: 'sent', reason: null, attempts: 1 });
    expect(of(REJECTED)).toMatchObject({
      status: 'failed',
      reason: 'provider_rejected',
      attempts: 1,
    });
    expect(of(FLAKY)).toMatchObject({ status: 'sent', reason: null, attempts: 2 });
    // No retry for the permanent refusal; exactly one for the temporary one.
    expect(rcpts.filter((r) => r === REJECTED)).toHaveLength(1);
    expect(rcpts.filter((r) => r === FLAKY)).toHaveLength(2);
    for (const delivery of [of(OK), of(FLAKY)]) {
      expect(delivery?.providerMessageId).toBeTruthy();
    }

    // Each accepted message arrived once, rendered, carrying its delivery id.
    const received = smtp.messages.map((m) => ({
      to: m.envelope.to,
      delivery: m.parsed?.headers.get('x-safenet-delivery'),
      // The text as written, without the unsubscribe footer after the "-- " line.
      text: m.parsed?.text?.split('\n-- \n')[0]?.trim(),
      // As transmitted: mailparser folds the List-* headers into one object.
      unsubscribe: m.parsed?.headerLines
        .find((line) => line.key === 'list-unsubscribe-post')
        ?.line.replace(/^[^:]*:\s*/, ''),
    }));
    expect(received).toHaveLength(2);
    expect(received).toEqual(
      expect.arrayContaining([
        {
          to: [OK],
          delivery: of(OK)?.id,
          text: 'Helpline: 111',
          unsubscribe: 'List-Unsubscribe=One-Click',
        },
        {
          to: [FLAKY],
          delivery: of(FLAKY)?.id,
          text: 'Helpline: 111',
          unsubscribe: 'List-Unsubscribe=One-Click',
        },
      ]),
    );

    // The failure is raised as an alert once the broadcast completes.
    await eventually(
      async () =>
        events.filter(
          (e) =>
            e.type === 'alert' &&
            e.data.code === 'broadcast_failures' &&
            e.data.message.includes(broadcast.id),
        ).length,
      (n) => n > 0,
      'the broadcast_failures alert',
      10_000,
    );
  });
});
