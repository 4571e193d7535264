/**
 * A memo with its PDF end to end, on both stores: an association writes "Memo for parents",
 * uploads the PDF through the SDK, has it approved, previews and sends it to three parents —
 * one by WhatsApp (the local Cloud API fetches the file from the hub's public link, as Meta
 * does), one by SMS (the real twilio library to the local Twilio server: the link billed as
 * the preview counted) and one by email (the real nodemailer to the local SMTP server: the PDF
 * attached, byte for byte). What the preview said about the file is what each channel did.
 */
import type { Broadcast, BroadcastPreview, BroadcastProgress, Recommendation } from '@safenet/core';
import { eventually, memoPdf, testBackends } from '@safenet/hub/testing';
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

const granted = {
  status: 'granted',
  source: 'parent meeting',
  at: '2017-04-07T18:00:00+06:00',
} as const;
const PHONES = { sms: '+77011230001', whatsapp: '+77011230002' };
const EMAIL = 'parent.memo@example.kz';
const PDF = memoPdf('Memo for parents: Safe Internet, 10-21 April 2017');
const FILENAME = 'Памятка для родителей.pdf';
const LINK = /https?:\/\/127\.0\.0\.1:\d+\/a\/[A-Za-z0-9_-]{40}/g;

describe.each(await testBackends())('a memo with its PDF on $name', ({ database, run }) => {
  let smtp: SmtpTestServer;
  let twilio: TwilioTestServer;
  let meta: WhatsAppCloudTestServer;
  let th: TestHub;
  let client: SafenetClient;
  let baseUrl: string;
  let preview: BroadcastPreview;
  let broadcast: Broadcast;

  beforeAll(async () => {
    if (!run) return;
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    smtp = await startSmtpServer();
    twilio = await startTwilioServer();
    meta = await startWhatsAppCloudServer({ webhookUrl: `${baseUrl}/v1/webhooks/whatsapp-cloud` });
    th = await startTestHub({
      database,
      env: {
        SAFENET_PUBLIC_URL: baseUrl,
        SAFENET_SMTP_URL: smtp.url,
        SAFENET_TWILIO_ACCOUNT_SID: TEST_ACCOUNT_SID,
        SAFENET_TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
        SAFENET_TWILIO_FROM: 'Safenet',
        SAFENET_TWILIO_API_URL: twilio.url,
        SAFENET_WHATSAPP_CLOUD_PHONE_NUMBER_ID: meta.credentials.phoneNumberId,
        SAFENET_WHATSAPP_CLOUD_ACCESS_TOKEN: meta.credentials.accessToken,
        SAFENET_WHATSAPP_CLOUD_APP_SECRET: meta.credentials.appSecret,
        SAFENET_WHATSAPP_CLOUD_VERIFY_TOKEN: 'attachments-verify-token',
        SAFENET_WHATSAPP_CLOUD_GRAPH_URL: meta.graphUrl,
        SAFENET_WHATSAPP_CLOUD_MODE: 'text',
      },
    });
    await th.hub.app.listen({ port, host: '127.0.0.1' });
    client = new SafenetClient({ baseUrl, apiKey: th.adminKey });

    const association = await client.organisations.create({
      parentId: th.seed.districtId,
      kind: 'association',
      name: 'Parents’ association (attachments test)',
    });
    const memo: Recommendation = await client.recommendations.create({
      orgId: association.id,
      topic: 'parental-control',
      title: { ru: 'Памятка для родителей' },
      body: { ru: 'Памятка «Безопасный Интернет» во вложении.' },
    });
    const draft = await client.recommendations.uploadAttachment(memo.id, 1, {
      data: PDF,
      filename: FILENAME,
    });
    expect(draft.attachments).toMatchObject([{ filename: FILENAME, sizeBytes: PDF.length }]);
    await client.recommendations.submit(memo.id, 1);
    const key = await client.apiKeys.create({
      orgId: association.id,
      name: 'Reviewer (attachments test)',
      scopes: ['read', 'approve'],
    });
    await new SafenetClient({ baseUrl, apiKey: key.secret }).recommendations.approve(memo.id, 1);

    const parent = (addresses: object, consents: object) =>
      client.contacts.create({
        orgId: association.id,
        role: 'parent',
        language: 'ru',
        addresses,
        consents,
      });
    await parent({ whatsapp: PHONES.whatsapp }, { whatsapp: granted });
    await parent({ phone: PHONES.sms }, { sms: granted });
    await parent({ email: EMAIL }, { email: granted });
    const segment = await client.segments.create({
      orgId: association.id,
      name: 'Parents (attachments test)',
      query: { underOrgIds: [association.id] },
    });
    const input = {
      orgId: association.id,
      segmentId: segment.id,
      channels: ['whatsapp' as const, 'sms' as const, 'email' as const],
      content: { recommendationId: memo.id },
    };
    preview = await client.broadcasts.preview(input);
    broadcast = await client.broadcasts.create(input);
    await eventually(
      () => client.broadcasts.progress(broadcast.id),
      (p: BroadcastProgress) =>
        p.status === 'completed' && (p.counts.sent ?? 0) + (p.counts.delivered ?? 0) === 3,
      'the memo sent on three channels',
    );
  });

  afterAll(async () => {
    await th?.close();
    await Promise.all([smtp?.close(), twilio?.close(), meta?.close()]);
  });

  it.runIf(run)('previewed the file on each channel as each then carried it', async () => {
    expect(preview.byChannel).toEqual({ whatsapp: 1, sms: 1, email: 1 });
    expect(preview.attachments).toEqual({
      files: 1,
      bytes: PDF.length,
      byChannel: {
        whatsapp: { mode: 'media', files: 1, bytes: PDF.length },
        sms: { mode: 'links', files: 1, bytes: 0 },
        email: { mode: 'attached', files: 1, bytes: PDF.length },
      },
    });
  });

  it.runIf(run)('sends WhatsApp a document by the public link, which the Cloud API fetched', () => {
    const [message] = meta.accepted;
    expect(message?.payload).toMatchObject({
      type: 'document',
      document: { filename: FILENAME, caption: expect.stringContaining('во вложении') },
    });
    expect(message?.payload.document?.link).toMatch(LINK);
    const [fetched] = meta.media;
    expect(fetched).toMatchObject({ status: 200, contentType: 'application/pdf' });
    expect(Buffer.compare(fetched?.bytes as Buffer, PDF)).toBe(0);
  });

  it.runIf(run)(
    'bills the SMS with its link as the preview counted, and the link opens the PDF',
    async () => {
      const [sms] = twilio.messages;
      const links = sms?.body.match(LINK) ?? [];
      expect(links).toHaveLength(1);
      expect(preview.sms.estimatedSegments).toBe(sms?.segments);
      expect(preview.sms.languages[0]?.units).toBe(sms?.body.length);
      // The link goes before the opt-out line, which stays last.
      expect(sms?.body.indexOf(links[0] as string)).toBeLessThan(
        sms?.body.indexOf('/u/') as number,
      );
      const opened = await fetch(links[0] as string);
      expect(opened.status).toBe(200);
      expect(opened.headers.get('content-type')).toBe('application/pdf');
      expect(opened.headers.get('x-content-type-options')).toBe('nosniff');
      expect(opened.headers.get('content-disposition')).toContain(
        `filename*=UTF-8''${encodeURIComponent(FILENAME)}`,
      );
      expect(Buffer.compare(Buffer.from(await opened.arrayBuffer()), PDF)).toBe(0);
      const forged = await fetch(`${baseUrl}/a/${'A'.repeat(40)}`);
      expect(forged.status).toBe(404);
      expect((await forged.json()).code).toBe('attachment_link_invalid');
    },
  );

  it.runIf(run)('attaches the PDF to the email, byte for byte', async () => {
    const [mail] = await smtp.waitFor(1);
    const [attachment] = mail?.parsed?.attachments ?? [];
    expect(attachment).toMatchObject({ filename: FILENAME, contentType: 'application/pdf' });
    expect(Buffer.compare(attachment?.content as Buffer, PDF)).toBe(0);
    expect(mail?.parsed?.text).toContain('во вложении');
  });
});
