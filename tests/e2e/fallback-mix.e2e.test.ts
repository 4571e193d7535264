/**
 * One broadcast to 300 parents across every channel, end to end through the hub: a paired
 * WhatsApp Web phone for the parents' association (the fake `Client`), the WhatsApp Cloud
 * API for the school, SMS through the real twilio library and email through nodemailer, each
 * against its local provider, with failures injected on every channel. Every recipient must
 * end in a final state, and the fallbacks must be exactly the ones the failures call for:
 *
 * | group | n   | reachable on     | what happens                                   | fallback      |
 * | ----- | --- | ---------------- | ---------------------------------------------- | ------------- |
 * | A     | 8   | WhatsApp Web     | delivered through the phone                    |               |
 * | A′    | 2   | WhatsApp Web+SMS | no WhatsApp account (`getNumberId` null)       | → SMS         |
 * | B     | 120 | Cloud API + SMS  | delivered                                      |               |
 * | B′    | 15  | Cloud API + SMS  | Graph refuses: 131026 undeliverable            | → SMS         |
 * | B″    | 10  | Cloud API + SMS  | accepted, then a `failed` status webhook       | → SMS         |
 * | B‴    | 5   | Cloud API + SMS  | accepted, no receipt before the timeout        | → SMS         |
 * | C     | 70  | SMS + email      | delivered                                      |               |
 * | C′    | 10  | SMS + email      | Twilio callback `undelivered` (30005)          | → email       |
 * | D     | 35  | email            | accepted                                       |               |
 * | D′    | 5   | email            | 550 at RCPT TO: nothing left to fall back to   |               |
 * | E     | 20  | nothing          | suppressed `no_address`                        |               |
 *
 * The receipt timeout passes when the test says so, not with the machine's speed: it is an
 * hour, and once every provider's receipts have been answered (B‴ still silent), the test
 * moves the deadlines of the deliveries still waiting to now — what an hour passing does.
 * Then B‴'s late `delivered` receipts arrive: their WhatsApp deliveries become delivered and
 * nothing more is sent.
 */
import { rm } from 'node:fs/promises';
import type { Broadcast, Delivery } from '@safenet/core';
import { createHub, type Hub, loadConfig } from '@safenet/hub';
import { eventually, passReceiptDeadlines, unfinishedSends } from '@safenet/hub/testing';
import { SafenetClient } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/hub-process.js';
import { type SmtpTestServer, startSmtpServer } from '../support/smtp-server.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import {
  startTwilioServer,
  TEST_ACCOUNT_SID,
  TEST_AUTH_TOKEN,
  type TwilioTestServer,
} from '../support/twilio-server.js';
import {
  startWhatsAppCloudServer,
  type WhatsAppCloudTestServer,
} from '../support/whatsapp-cloud-server.js';
import { FakeWhatsAppClient } from '../support/whatsapp-web-fake.js';

type Group = 'A' | "A'" | 'B' | "B'" | 'B"' | 'B‴' | 'C' | "C'" | 'D' | "D'" | 'E';
const GROUPS: [Group, number][] = [
  ['A', 8],
  ["A'", 2],
  ['B', 120],
  ["B'", 15],
  ['B"', 10],
  ['B‴', 5],
  ['C', 70],
  ["C'", 10],
  ['D', 35],
  ["D'", 5],
  ['E', 20],
];
/** Long enough that no receipt is ever late by itself: the test ends the wait. */
const RECEIPT_TIMEOUT_SECONDS = 3600;
const VERIFY_TOKEN = 'fallback-mix-verify';
const granted = {
  status: 'granted' as const,
  source: 'parent meeting',
  at: '2017-04-05T18:00:00+06:00',
};

/** A parent of group `group`, number `i`: addresses and consents from the table above. */
function parent(group: Group, i: number) {
  const n = GROUPS.findIndex(([g]) => g === group);
  const phone = `+7702${String(n).padStart(2, '0')}${String(i).padStart(5, '0')}`;
  const email = `parent-${n}-${i}@example.kz`;
  const on = {
    whatsapp: ['A', "A'", 'B', "B'", 'B"', 'B‴'].includes(group),
    sms: ["A'", 'B', "B'", 'B"', 'B‴', 'C', "C'"].includes(group),
    email: ['C', "C'", 'D', "D'"].includes(group),
  };
  return {
    externalRef: `mix-${n}-${i}`,
    role: 'parent' as const,
    language: (['ru', 'kk'] as const)[i % 2] as 'ru' | 'kk',
    addresses: {
      ...(on.whatsapp ? { whatsapp: phone } : {}),
      ...(on.sms ? { phone } : {}),
      ...(on.email ? { email } : {}),
    },
    consents: {
      ...(on.whatsapp ? { whatsapp: granted } : {}),
      ...(on.sms ? { sms: granted } : {}),
      ...(on.email ? { email: granted } : {}),
    },
  };
}

describe('one broadcast to 300 parents over every channel, with fallbacks', () => {
  const phone = new FakeWhatsAppClient({ paired: true });
  /** Group of each phone number and email address, to script the providers. */
  const groupOf = new Map<string, Group>();
  let twilio: TwilioTestServer;
  let cloud: WhatsAppCloudTestServer;
  let smtp: SmtpTestServer;
  let seeded: TestHub;
  let hub: Hub;
  let client: SafenetClient;
  let broadcast: Broadcast;
  /** The group of each contact id. */
  const groupOfContact = new Map<string, Group>();
  let deliveries: Delivery[];

  const allDeliveries = async () => {
    const items: Delivery[] = [];
    for await (const d of client.broadcasts.iterateDeliveries(broadcast.id, { limit: 500 })) {
      items.push(d);
    }
    return items;
  };
  const ofGroup = (group: Group, channel?: string) =>
    deliveries.filter(
      (d) => groupOfContact.get(d.contactId) === group && (!channel || d.channel === channel),
    );

  beforeAll(async () => {
    // The organisations come first: the WhatsApp Web phone is configured for the association
    // by id, so the hub that sends is started on the same data once they exist.
    seeded = await startTestHub({ workers: false });
    const admin = seeded.auth;
    const createOrg = async (body: Record<string, string>) =>
      (
        await seeded.hub.app.inject({
          method: 'POST',
          url: '/v1/organisations',
          headers: admin,
          payload: body,
        })
      ).json<{ id: string }>().id;
    const schoolId = await createOrg({
      parentId: seeded.seed.districtId,
      kind: 'school',
      name: 'School 12',
    });
    const associationId = await createOrg({
      parentId: schoolId,
      kind: 'association',
      name: 'Parents of School 12',
    });
    await seeded.hub.close();

    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const is = (address: string, ...groups: Group[]) =>
      groups.includes(groupOf.get(address) as Group);
    twilio = await startTwilioServer({
      inboundUrl: `${baseUrl}/v1/webhooks/twilio`,
      script: (to) => (is(to, "C'") ? { finalStatus: 'undelivered', errorCode: 30005 } : undefined),
    });
    cloud = await startWhatsAppCloudServer({
      webhookUrl: `${baseUrl}/v1/webhooks/whatsapp-cloud`,
      script: (digits) => {
        const to = `+${digits}`;
        if (is(to, "B'")) return { error: { status: 400, code: 131026, message: 'Undeliverable' } };
        if (is(to, 'B"')) return { statuses: ['sent', 'failed'], failCode: 131026 };
        if (is(to, 'B‴')) return { statuses: ['sent'] };
        return {};
      },
    });
    smtp = await startSmtpServer({
      failWith: (rcpt) =>
        is(rcpt, "D'") ? { code: 550, message: '5.1.1 No such mailbox' } : undefined,
    });
    hub = await createHub(
      loadConfig({
        ...seeded.env,
        SAFENET_PUBLIC_URL: baseUrl,
        SAFENET_SMTP_URL: smtp.url,
        SAFENET_TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
        SAFENET_TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
        SAFENET_TWILIO_FROM: 'SafeNet',
        SAFENET_TWILIO_API_URL: twilio.url,
        SAFENET_TWILIO_SEGMENTS_PER_SECOND: '200',
        SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID: cloud.credentials.phoneNumberId,
        SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN: cloud.credentials.accessToken,
        SAFENET_WHATSAPP_CLOUD_APP_SECRET: cloud.credentials.appSecret,
        SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN: VERIFY_TOKEN,
        SAFENET_WHATSAPP_CLOUD_GRAPH_URL: cloud.graphUrl,
        SAFENET_WHATSAPP_WEB: 'true',
        SAFENET_WHATSAPP_WEB_ORG_ID: associationId,
        SAFENET_WHATSAPP_WEB_MIN_INTERVAL_MS: '1000',
        SAFENET_WHATSAPP_WEB_JITTER_MS: '0',
      }),
      { whatsappWebClient: phone },
    );
    await hub.app.listen({ port, host: '127.0.0.1' });
    client = new SafenetClient({ baseUrl, apiKey: seeded.adminKey });

    for (const [group, count] of GROUPS) {
      const people = Array.from({ length: count }, (_, i) => parent(group, i));
      for (const p of people) {
        if (p.addresses.whatsapp) groupOf.set(p.addresses.whatsapp, group);
        if (p.addresses.phone) groupOf.set(p.addresses.phone, group);
        if (p.addresses.email) groupOf.set(p.addresses.email, group);
        if (group === 'A') phone.registered.add((p.addresses.whatsapp as string).slice(1));
      }
      const inAssociation = group === 'A' || group === "A'";
      const { items } = await client.contacts.bulkUpsert({
        contacts: people.map((p) => ({ ...p, orgId: inAssociation ? associationId : schoolId })),
      });
      for (const item of items) groupOfContact.set(item.id, group);
    }
    const segment = await client.segments.create({
      orgId: schoolId,
      name: 'All parents of School 12',
      query: { underOrgIds: [schoolId] },
    });
    broadcast = await client.broadcasts.create({
      orgId: schoolId,
      segmentId: segment.id,
      channels: ['whatsapp', 'sms', 'email'],
      fallbackAfterSeconds: RECEIPT_TIMEOUT_SECONDS,
      content: {
        title: { ru: 'Безопасный интернет', kk: 'Қауіпсіз интернет' },
        body: {
          ru: 'Памятка для родителей: телефон доверия 111.',
          kk: 'Ата-аналарға жадынама: сенім телефоны 111.',
        },
      },
    });
    // Every WhatsApp message is out and every receipt its providers will send has been
    // answered: only B‴ is still waiting for one.
    await eventually(
      async () => {
        await cloud.settled();
        return (await allDeliveries()).filter((d) => d.channel === 'whatsapp');
      },
      (list) =>
        list.every((d) => !['queued', 'sending'].includes(d.status)) &&
        list.filter((d) => d.status === 'sent').length === 5 &&
        phone.sent.length === 8,
      'WhatsApp messages sent and their receipts in',
      120_000,
    );
    // The hour passes: the receipt-timeout sweep hands the silent ones over to SMS.
    expect(await passReceiptDeadlines(hub.db, broadcast.id)).toBe(5);
    await eventually(
      () => client.broadcasts.progress(broadcast.id),
      (p) => p.status === 'completed',
      'broadcast completed',
      120_000,
    );
    // Completed is not the end of the receipts: SMS delivery callbacks may still be on their
    // way. Both providers' callbacks have all been answered before the snapshot.
    await Promise.all([cloud.settled(), twilio.idle()]);
    deliveries = await allDeliveries();
  }, 180_000);

  afterAll(async () => {
    await hub?.close();
    await Promise.all([twilio?.close(), cloud?.close(), smtp?.close()]);
    await rm(seeded.env.SAFENET_DATA_DIR as string, { recursive: true, force: true });
  });

  it('ends every recipient in a final state', async () => {
    expect(groupOfContact.size).toBe(300);
    const byContact = new Map<string, Delivery[]>();
    for (const d of deliveries)
      byContact.set(d.contactId, [...(byContact.get(d.contactId) ?? []), d]);
    expect(byContact.size).toBe(300);
    for (const [contactId, list] of byContact) {
      // The last delivery of each recipient is where they stand.
      const last = list.find((d) => !list.some((other) => other.fallbackFrom === d.id));
      const group = groupOfContact.get(contactId);
      const final = ['delivered', 'read', 'failed', 'suppressed'];
      // Email has no delivery receipts: accepted is as far as it gets.
      if (last?.channel === 'email') final.push('sent');
      expect(final, `${group}: ${last?.channel} ${last?.status}`).toContain(last?.status);
    }
  });

  it('falls back exactly where a channel failed for good or stayed silent', async () => {
    const progress = await client.broadcasts.progress(broadcast.id);
    expect(progress).toMatchObject({ recipients: 300, fallbacks: 2 + 15 + 10 + 5 + 10 });
    expect(progress.total).toBe(300 + 42);

    expect(ofGroup('A').map((d) => [d.channel, d.status])).toEqual(
      Array(8).fill(['whatsapp', 'delivered']),
    );
    const statusPairs = (group: Group) =>
      ofGroup(group)
        .map((d) => `${d.channel}:${d.status}:${d.reason ?? ''}`)
        .sort();
    const times = (n: number, ...items: string[]) =>
      items.flatMap((item) => Array(n).fill(item)).sort();
    expect(statusPairs("A'")).toEqual(
      times(2, 'whatsapp:failed:not_on_whatsapp', 'sms:delivered:'),
    );
    expect(statusPairs('B')).toEqual(times(120, 'whatsapp:delivered:'));
    expect(statusPairs("B'")).toEqual(
      times(15, 'whatsapp:failed:not_on_whatsapp', 'sms:delivered:'),
    );
    expect(statusPairs('B"')).toEqual(
      times(10, 'whatsapp:failed:not_on_whatsapp', 'sms:delivered:'),
    );
    // Silent: still `sent` on WhatsApp (no receipt), delivered by SMS after the timeout.
    expect(statusPairs('B‴')).toEqual(times(5, 'whatsapp:sent:', 'sms:delivered:'));
    expect(statusPairs('C')).toEqual(times(70, 'sms:delivered:'));
    expect(statusPairs("C'")).toEqual(times(10, 'sms:failed:invalid_address', 'email:sent:'));
    expect(statusPairs('D')).toEqual(times(35, 'email:sent:'));
    expect(statusPairs("D'")).toEqual(times(5, 'email:failed:provider_rejected'));
    expect(statusPairs('E')).toEqual(times(20, 'whatsapp:suppressed:no_address'));
    // Each fallback names the delivery it replaces, on an earlier channel of the same recipient.
    for (const d of deliveries.filter((x) => x.fallbackFrom)) {
      const from = deliveries.find((x) => x.id === d.fallbackFrom);
      expect(from?.contactId).toBe(d.contactId);
      expect(['failed', 'sent']).toContain(from?.status);
    }
  });

  it('sent each message once, through the provider that serves the recipient', () => {
    // The phone served the association only; the Cloud API everyone else.
    expect(phone.sent).toHaveLength(8);
    expect(cloud.accepted).toHaveLength(120 + 10 + 5);
    expect(new Set(cloud.accepted.map((m) => m.to)).size).toBe(135);
    expect(twilio.messages).toHaveLength(2 + 15 + 10 + 5 + 70 + 10);
    expect(new Set(twilio.messages.map((m) => m.to)).size).toBe(112);
    expect(smtp.messages).toHaveLength(10 + 35);
    for (const sms of twilio.messages) {
      expect(
        sms.body.startsWith('Безопасный интернет') || sms.body.startsWith('Қауіпсіз интернет'),
      ).toBe(true);
    }
  });

  it('takes a late receipt after the fallback fired, and sends nothing more', async () => {
    const silent = ofGroup('B‴', 'whatsapp');
    const messagesBefore = twilio.messages.length + cloud.accepted.length + smtp.messages.length;
    for (const d of silent) {
      expect(await cloud.postStatus(d.providerMessageId as string, 'delivered')).toBe(200);
    }
    const after = await eventually(
      allDeliveries,
      (list) =>
        list
          .filter((d) => silent.some((s) => s.id === d.id))
          .every((d) => d.status === 'delivered'),
      'late receipts applied',
    );
    // No send job is left to run, so nothing more can go out: count now.
    expect(await unfinishedSends(hub.store)).toBe(0);
    expect(twilio.messages.length + cloud.accepted.length + smtp.messages.length).toBe(
      messagesBefore,
    );
    expect(after).toHaveLength(deliveries.length);
    expect((await client.broadcasts.progress(broadcast.id)).status).toBe('completed');
  });
});
