/**
 * The hub's counters against what really happened: a small broadcast over SMS (the real
 * twilio library against the local Twilio server) and email (captured), with a number Twilio
 * refuses, receipts posted as Twilio signs them — applied, replayed, for a message the hub
 * never sent, and an `undelivered` that hands its recipient over to email — then `/metrics`
 * scraped before and after over HTTP. Every counter must have moved by exactly the number of
 * things of its kind, and request durations must be labelled by route pattern only.
 *
 * | parent | addresses     | what happens                                             |
 * | ------ | ------------- | -------------------------------------------------------- |
 * | S1–S3  | phone + email | SMS accepted, `delivered` receipt (S1's posted twice)    |
 * | R      | phone + email | Twilio refuses the number (21211) → email                |
 * | U      | phone + email | SMS accepted, `undelivered` receipt (30005) → email      |
 * | E1–E2  | email         | email captured                                           |
 */
import type { Broadcast, BroadcastProgress, Delivery } from '@safenet/core';
import {
  eventually,
  type PrometheusScrape,
  parsePrometheusText,
  sampleValue,
} from '@safenet/hub/testing';
import { SafenetClient } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/hub-process.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import {
  startTwilioServer,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
  type TwilioTestServer,
  twilioSignature,
} from '../support/twilio-server.js';

const DELIVERED = ['+77015550101', '+77015550102', '+77015550103'];
const REFUSED = '+77015550104';
const UNDELIVERED = '+77015550105';
const EMAIL_ONLY = ['e1.parent@example.kz', 'e2.parent@example.kz'];
const granted = {
  status: 'granted' as const,
  source: 'parent meeting',
  at: '2017-04-05T18:00:00+06:00',
};

describe('/metrics after a small broadcast with a refusal, receipts and fallbacks', () => {
  let twilio: TwilioTestServer;
  let th: TestHub;
  let client: SafenetClient;
  let baseUrl: string;
  let broadcast: Broadcast;
  let before: PrometheusScrape;
  let after: PrometheusScrape;
  let scraped: string;

  const scrape = async () => {
    const res = await fetch(`${baseUrl}/metrics`);
    expect(res.status).toBe(200);
    const text = await res.text();
    return { text, parsed: parsePrometheusText(text) };
  };
  /** How much a counter (the sum of its samples with `labels`) moved during the broadcast. */
  const moved = (name: string, labels: Record<string, string> = {}) =>
    sampleValue(after, name, labels) - sampleValue(before, name, labels);

  /** Posts a status callback for `sid` signed with the auth token, as Twilio does. */
  const postStatus = async (sid: string, to: string, status: string, errorCode?: string) => {
    const url = `${baseUrl}/v1/webhooks/twilio`;
    const params: Record<string, string> = {
      AccountSid: TEST_ACCOUNT_SID,
      MessageSid: sid,
      MessageStatus: status,
      To: to,
      From: '+15005550006',
      ...(errorCode ? { ErrorCode: errorCode } : {}),
    };
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': twilioSignature(TEST_AUTH_TOKEN, url, params),
      },
      body: new URLSearchParams(params).toString(),
    });
    expect(res.status, await res.text()).toBe(200);
  };

  const deliveries = async () => {
    const items: Delivery[] = [];
    for await (const d of client.broadcasts.iterateDeliveries(broadcast.id)) items.push(d);
    return items;
  };

  beforeAll(async () => {
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    twilio = await startTwilioServer({
      // The test posts the receipts itself, once the sends are recorded: no race decides
      // whether a receipt is applied or parked.
      statusCallbacks: false,
      script: (to) =>
        to === REFUSED
          ? {
              reject: {
                status: 400,
                code: 21211,
                message: `The 'To' number ${to} is not a valid phone number.`,
              },
            }
          : undefined,
    });
    th = await startTestHub({
      env: {
        SAFENET_PUBLIC_URL: baseUrl,
        SAFENET_TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
        SAFENET_TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
        SAFENET_TWILIO_FROM: '+15005550006',
        SAFENET_TWILIO_API_URL: twilio.url,
      },
    });
    await th.hub.app.listen({ port, host: '127.0.0.1' });
    client = new SafenetClient({ baseUrl, apiKey: th.adminKey });
    const school = await client.organisations.create({
      parentId: th.seed.districtId,
      kind: 'school',
      name: 'Metrics school',
    });
    const withPhone = [...DELIVERED, REFUSED, UNDELIVERED].map((phone, i) => ({
      addresses: { phone, email: `p${i}.parent@example.kz` },
      consents: { sms: granted, email: granted },
    }));
    const emailOnly = EMAIL_ONLY.map((email) => ({
      addresses: { email },
      consents: { email: granted },
    }));
    for (const contact of [...withPhone, ...emailOnly]) {
      await client.contacts.create({
        orgId: school.id,
        role: 'parent',
        language: 'ru',
        ...contact,
      });
    }
    const segment = await client.segments.create({
      orgId: school.id,
      name: 'Metrics parents',
      query: { underOrgIds: [school.id] },
    });

    before = (await scrape()).parsed;
    broadcast = await client.broadcasts.create({
      orgId: school.id,
      segmentId: segment.id,
      channels: ['sms', 'email'],
      content: { body: { ru: 'Родительское собрание в пятницу.' } },
    });
    // Every SMS has had its answer recorded: four sent, one failed.
    await eventually(
      deliveries,
      (items) =>
        items.filter((d) => d.channel === 'sms' && d.status === 'sent').length === 4 &&
        items.some((d) => d.channel === 'sms' && d.status === 'failed'),
      'SMS answers recorded',
    );
    const sidOf = (to: string) => {
      const sid = twilio.messages.find((m) => m.to === to)?.sid;
      if (!sid) throw new Error(`no SMS to ${to}`);
      return sid;
    };
    for (const to of DELIVERED) await postStatus(sidOf(to), to, 'delivered');
    await postStatus(sidOf(DELIVERED[0] as string), DELIVERED[0] as string, 'delivered');
    await postStatus(sidOf(UNDELIVERED), UNDELIVERED, 'undelivered', '30005');
    await postStatus(`SM${'0'.repeat(32)}`, '+77015550199', 'delivered');
    await eventually(
      () => client.broadcasts.progress(broadcast.id),
      (p: BroadcastProgress) => p.status === 'completed' && p.counts.captured === 4,
      'broadcast completed with its fallbacks captured',
    );
    const last = await scrape();
    after = last.parsed;
    scraped = last.text;
  });

  afterAll(async () => {
    await th?.close();
    await twilio?.close();
  });

  it('counts each provider call by channel, provider and answer', () => {
    expect(twilio.calls).toHaveLength(5);
    expect({
      smsAccepted: moved('safenet_sends_total', {
        channel: 'sms',
        provider: 'twilio',
        outcome: 'accepted',
      }),
      smsRejected: moved('safenet_sends_total', {
        channel: 'sms',
        provider: 'twilio',
        outcome: 'rejected',
      }),
      emailCaptured: moved('safenet_sends_total', {
        channel: 'email',
        provider: 'capture',
        outcome: 'accepted',
      }),
      all: moved('safenet_sends_total'),
    }).toEqual({ smsAccepted: 4, smsRejected: 1, emailCaptured: 4, all: 9 });
  });

  it('counts each receipt by status and what applying it did', () => {
    const receipts = (status: string, outcome: string) =>
      moved('safenet_receipts_total', { channel: 'sms', status, outcome });
    expect({
      delivered: receipts('delivered', 'applied'),
      replayed: receipts('delivered', 'stale'),
      unknownMessage: receipts('delivered', 'parked'),
      undelivered: receipts('failed', 'applied'),
      all: moved('safenet_receipts_total'),
    }).toEqual({ delivered: 3, replayed: 1, unknownMessage: 1, undelivered: 1, all: 6 });
  });

  it('counts each handover once, from SMS to email, with its trigger', () => {
    expect(
      moved('safenet_fallbacks_total', {
        channel: 'sms',
        to_channel: 'email',
        trigger: 'invalid_address',
      }),
    ).toBe(2);
    expect(moved('safenet_fallbacks_total')).toBe(2);
  });

  it('times the pacing wait of every SMS, in seconds, and of nothing unpaced', () => {
    const waits = (channel: string) => moved('safenet_pacing_wait_seconds_count', { channel });
    expect(waits('sms')).toBe(5);
    expect(waits('email')).toBe(0);
    // 10 segments a second: five one-segment messages fit in well under a minute.
    const seconds = moved('safenet_pacing_wait_seconds_sum', { channel: 'sms' });
    expect(seconds).toBeGreaterThanOrEqual(0);
    expect(seconds).toBeLessThan(60);
  });

  it('labels requests by route pattern: no id, path or address becomes a label', () => {
    const routes = new Set(
      after.samples
        .filter((s) => s.name === 'safenet_http_request_duration_seconds_count')
        .map((s) => s.labels.route),
    );
    expect(routes).toContain('/v1/broadcasts/:id/progress');
    expect(routes).toContain('/v1/webhooks/:provider');
    expect(
      moved('safenet_http_request_duration_seconds_count', {
        route: '/v1/webhooks/:provider',
        status_code: '200',
      }),
    ).toBe(6);
    for (const raw of [broadcast.id, '/v1/webhooks/twilio', ...DELIVERED, REFUSED, ...EMAIL_ONLY]) {
      expect(scraped).not.toContain(raw);
    }
  });
});
