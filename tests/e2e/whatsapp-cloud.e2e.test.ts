/**
 * WhatsApp Cloud API end to end: the hub answers Meta's subscription handshake, sends
 * through the local Cloud API server, takes its signed status webhooks (a number without
 * WhatsApp ends `failed` with `not_on_whatsapp`), and refuses unsigned notifications.
 */
import type { BroadcastProgress, Contact } from '@safenet/core';
import { eventually } from '@safenet/hub/testing';
import { SafenetClient } from '@safenet/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/hub-process.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import {
  startWhatsAppCloudServer,
  type WhatsAppCloudTestServer,
} from '../support/whatsapp-cloud-server.js';

const VERIFY_TOKEN = 'safenet-verify-token';
const NO_WHATSAPP = '+84912220004';

describe('WhatsApp over the Cloud API through the hub', () => {
  let meta: WhatsAppCloudTestServer;
  let th: TestHub;
  let client: SafenetClient;
  let webhook: string;
  let contacts: Contact[];
  let progress: BroadcastProgress;

  beforeAll(async () => {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    webhook = `${baseUrl}/v1/webhooks/whatsapp-cloud`;
    meta = await startWhatsAppCloudServer({
      webhookUrl: webhook,
      script: (to) =>
        to === NO_WHATSAPP.slice(1)
          ? { statuses: ['failed'], failCode: 131026 }
          : { statuses: ['sent', 'delivered', 'read'] },
    });
    th = await startTestHub({
      env: {
        SAFENET_PUBLIC_URL: baseUrl,
        SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID: meta.credentials.phoneNumberId,
        SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN: meta.credentials.accessToken,
        SAFENET_WHATSAPP_CLOUD_APP_SECRET: meta.credentials.appSecret,
        SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN: VERIFY_TOKEN,
        SAFENET_WHATSAPP_CLOUD_GRAPH_URL: meta.graphUrl,
      },
    });
    await th.hub.app.listen({ port, host: '127.0.0.1' });
    client = new SafenetClient({ baseUrl, apiKey: th.adminKey });
    const school = await client.organisations.create({
      parentId: th.seed.provinceIds[1],
      kind: 'school',
      name: 'WhatsApp test school',
    });
    contacts = [];
    for (const phone of ['+84912220001', '+84912220002', '+84912220003', NO_WHATSAPP]) {
      contacts.push(
        await client.contacts.create({
          orgId: school.id,
          role: 'parent',
          language: 'vi',
          addresses: { whatsapp: phone },
          consents: {
            whatsapp: { status: 'granted', source: 'test', at: '2022-08-16T08:00:00+07:00' },
          },
        }),
      );
    }
    const segment = await client.segments.create({
      orgId: school.id,
      name: 'WhatsApp parents',
      query: { underOrgIds: [school.id] },
    });
    const broadcast = await client.broadcasts.create({
      orgId: school.id,
      segmentId: segment.id,
      channels: ['whatsapp'],
      content: { body: { vi: 'Đường dây nóng bảo vệ trẻ em: 111.' } },
      // The message is itself the hotline: no footer repeating it.
      signposting: { enabled: false },
    });
    progress = await eventually(
      () => client.broadcasts.progress(broadcast.id),
      (p: BroadcastProgress) =>
        p.status === 'completed' && (p.counts.read ?? 0) + (p.counts.failed ?? 0) === 4,
      'WhatsApp broadcast with receipts',
    );
  });

  afterAll(async () => {
    await th?.close();
    await meta?.close();
  });

  it('answers the subscription handshake with the right token only', async () => {
    const ok = await meta.verify(webhook, VERIFY_TOKEN);
    expect(ok.status).toBe(200);
    expect(ok.body).toBe(ok.challenge);
    expect((await meta.verify(webhook, 'wrong-token')).status).toBe(403);
  });

  it('sends each message once and follows the signed statuses to read, or to not_on_whatsapp', async () => {
    expect(meta.accepted.map((m) => `+${m.to}`).sort()).toEqual(
      contacts.map((c) => c.addresses.whatsapp).sort(),
    );
    expect(meta.accepted[0]?.payload.text?.body).toBe('Đường dây nóng bảo vệ trẻ em: 111.');
    expect(progress.counts).toEqual({ read: 3, failed: 1 });
    const failed = await client.broadcasts.deliveries(progress.broadcastId, { status: 'failed' });
    expect(failed.items.map((d) => [d.contactId, d.reason])).toEqual([
      [contacts[3]?.id, 'not_on_whatsapp'],
    ]);
    expect(meta.webhookFailures).toEqual([]);
  });

  it('refuses a notification without a valid signature', async () => {
    const res = await fetch(webhook, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-hub-signature-256': 'sha256=00' },
      body: JSON.stringify({ object: 'whatsapp_business_account', entry: [] }),
    });
    expect(res.status).toBe(401);
    expect((await res.json()).code).toBe('webhook_signature_invalid');
  });
});
