/**
 * A message's files through each adapter, against the local stand-ins: the Cloud API's image
 * and document messages and template media headers (the stand-in fetches each link, as Meta
 * does), whatsapp-web.js `MessageMedia` through the fake client, SMTP attachments arriving
 * byte for byte (and links beyond the limit), and an SMS's links billed as counted.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createTwilioSmsAdapter,
  createWhatsAppWebAdapter,
  type OutgoingAttachment,
} from '@safenet/channels';
import {
  type AttachmentContentType,
  attachmentLinks,
  countSmsSegments,
  EMAIL_ATTACHMENTS_MAX_BYTES,
  smsText,
} from '@safenet/core';
import { memoPdf, posterPng } from '@safenet/hub/testing';
import { describe, expect, it } from 'vitest';
import { startTwilioServer } from '../support/twilio-server.js';
import { FakeWhatsAppClient } from '../support/whatsapp-web-fake.js';
import { context, outgoing } from './channel.contract.js';
import { smtpHarness } from './smtp.harness.js';
import { cloudHarness } from './whatsapp-cloud.harness.js';

const MEMO = memoPdf('How to stay safe on the Internet');
const POSTER = posterPng(32, 24);

/**
 * A loopback server playing the hub's `/a/:token` route for the files given, and the
 * attachments a message carries, each pointing at it. Counts how often each was read.
 */
async function fileHost(
  files: Record<string, { contentType: AttachmentContentType; data: Buffer }>,
) {
  const server = createServer((req, res) => {
    const name = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname.slice(3));
    const file = files[name];
    if (!file) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.data.length });
    res.end(file.data);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const loads = new Map<string, number>();
  const attachments: OutgoingAttachment[] = Object.entries(files).map(([filename, file]) => ({
    filename,
    contentType: file.contentType,
    sizeBytes: file.data.length,
    url: `http://127.0.0.1:${port}/a/${encodeURIComponent(filename)}`,
    load: async () => {
      loads.set(filename, (loads.get(filename) ?? 0) + 1);
      return file.data;
    },
  }));
  return {
    attachments,
    loads,
    async [Symbol.asyncDispose]() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

const memoAndPoster = () =>
  fileHost({
    'Памятка для родителей.pdf': { contentType: 'application/pdf', data: MEMO },
    'Плакат.png': { contentType: 'image/png', data: POSTER },
  });

describe('whatsapp-cloud with files', () => {
  it('sends a document and an image by link, the first captioned; Meta’s fetch gets the files', async () => {
    await using host = await memoAndPoster();
    await using harness = await cloudHarness({ mode: 'text' });
    const message = outgoing('+77012345678', 'ru', { attachments: host.attachments });

    const result = await harness.adapter.send(message, context());

    const [document, image] = harness.cloud.accepted;
    expect(result).toEqual({ status: 'sent', providerMessageId: document?.id });
    expect(document?.payload).toMatchObject({
      type: 'document',
      document: {
        link: host.attachments[0]?.url,
        filename: 'Памятка для родителей.pdf',
        caption: `*${message.title}*\n\n${message.body}`,
      },
      biz_opaque_callback_data: message.deliveryId,
    });
    expect(image?.payload).toMatchObject({
      type: 'image',
      image: { link: host.attachments[1]?.url },
    });
    expect(image?.payload.image?.caption).toBeUndefined();
    expect(harness.cloud.media.map((m) => [m.status, m.contentType])).toEqual([
      [200, 'application/pdf'],
      [200, 'image/png'],
    ]);
    expect(Buffer.compare(harness.cloud.media[0]?.bytes as Buffer, MEMO)).toBe(0);
    expect(Buffer.compare(harness.cloud.media[1]?.bytes as Buffer, POSTER)).toBe(0);
  });

  it('sends a text longer than a caption as a message first, then the files', async () => {
    await using host = await memoAndPoster();
    await using harness = await cloudHarness({ mode: 'text' });
    const body = 'Памятка для родителей. '.repeat(60);
    const result = await harness.adapter.send(
      outgoing('+77012345678', 'ru', { body, attachments: host.attachments }),
      context(),
    );
    expect(harness.cloud.accepted.map((m) => m.payload.type)).toEqual([
      'text',
      'document',
      'image',
    ]);
    expect(result.providerMessageId).toBe(harness.cloud.accepted[0]?.id);
  });

  it('puts the first file of a template’s header kind in the header, the others as links', async () => {
    await using host = await memoAndPoster();
    await using harness = await cloudHarness(
      {
        mode: 'template',
        templates: {
          ru: [
            { name: 'safenet_guidance', language: 'ru' },
            { name: 'safenet_memo', language: 'ru', header: 'document' },
          ],
        },
      },
      { templates: ['safenet_guidance', { name: 'safenet_memo', header: 'document' }] },
    );
    await harness.adapter.send(
      outgoing('+77012345678', 'ru', { attachments: host.attachments }),
      context(),
    );
    const [accepted] = harness.cloud.accepted;
    expect(accepted?.payload.template?.name).toBe('safenet_memo');
    expect(accepted?.payload.template?.components?.[0]).toEqual({
      type: 'header',
      parameters: [
        {
          type: 'document',
          document: { link: host.attachments[0]?.url, filename: 'Памятка для родителей.pdf' },
        },
      ],
    });
    const text = accepted?.payload.template?.components?.[1]?.parameters?.[1]?.text;
    expect(text).toContain(`Плакат.png: ${host.attachments[1]?.url}`);
    expect(harness.cloud.media.map((m) => m.contentType)).toEqual(['application/pdf']);
    // Without files, the template without a header.
    await harness.adapter.send(outgoing('+77012345679', 'ru'), context());
    expect(harness.cloud.accepted[1]?.payload.template?.name).toBe('safenet_guidance');
  });

  it('is refused by the stand-in as by Graph: a header template given no header', async () => {
    await using harness = await cloudHarness(
      { mode: 'template', templates: { ru: { name: 'safenet_memo', language: 'ru' } } },
      { templates: [{ name: 'safenet_memo', header: 'document' }] },
    );
    await expect(
      harness.adapter.send(outgoing('+77012345678', 'ru'), context()),
    ).rejects.toMatchObject({ code: 'provider_rejected', providerCode: '132012' });
  });

  it('fetches each link as Meta does: one serving nothing is recorded as such (Meta: 131053)', async () => {
    await using host = await fileHost({
      'gone.pdf': { contentType: 'application/pdf', data: MEMO },
    });
    await using harness = await cloudHarness({ mode: 'text' });
    const broken = host.attachments.map((a) => ({ ...a, url: `${a.url}-missing` }));
    await harness.adapter.send(outgoing('+77012345678', 'ru', { attachments: broken }), context());
    expect(harness.cloud.media[0]?.status).toBe(404);
  });
});

describe('whatsapp-web with files', () => {
  it('sends each file as whatsapp-web.js’s MessageMedia, the first with the text as caption', async () => {
    await using host = await memoAndPoster();
    const fake = new FakeWhatsAppClient({ paired: true });
    fake.registered.add('77012345678');
    const adapter = createWhatsAppWebAdapter({ client: fake });
    await adapter.pairing.start();
    await expect.poll(() => adapter.pausedReason()).toBeNull();
    const message = outgoing('+77012345678', 'kk', { attachments: host.attachments });

    const result = await adapter.send(message, context());

    expect(fake.sent).toHaveLength(2);
    const [memo, poster] = fake.sent;
    expect(result.providerMessageId).toBe(memo?.message.id._serialized);
    expect(memo?.content).toBe(`*${message.title}*\n\n${message.body}`);
    expect(memo?.media).toMatchObject({
      mimetype: 'application/pdf',
      filename: 'Памятка для родителей.pdf',
      filesize: MEMO.length,
    });
    expect(Buffer.from(memo?.media?.data ?? '', 'base64').equals(MEMO)).toBe(true);
    expect(poster?.content).toBe('');
    expect(Buffer.from(poster?.media?.data ?? '', 'base64').equals(POSTER)).toBe(true);
    expect(host.loads.get('Плакат.png')).toBe(1);
    await adapter.close();
  });
});

describe('smtp with files', () => {
  it('attaches the files, arriving byte for byte', async () => {
    await using host = await memoAndPoster();
    await using harness = await smtpHarness();
    await harness.adapter.send(
      outgoing('parent@school.example.kz', 'ru', { attachments: host.attachments }),
      context(),
    );
    const [mail] = await harness.smtp.waitFor(1);
    const attachments = mail?.parsed?.attachments ?? [];
    expect(attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['Памятка для родителей.pdf', 'application/pdf'],
      ['Плакат.png', 'image/png'],
    ]);
    expect(attachments[0]?.content.equals(MEMO)).toBe(true);
    expect(attachments[1]?.content.equals(POSTER)).toBe(true);
    expect(mail?.parsed?.text).not.toContain('/a/');
  });

  it('links files beyond the limit in the text and the HTML, attaching none', async () => {
    await using host = await memoAndPoster();
    await using harness = await smtpHarness();
    const large = host.attachments.map((a, i) => ({
      ...a,
      sizeBytes: i === 0 ? EMAIL_ATTACHMENTS_MAX_BYTES : a.sizeBytes,
    }));
    await harness.adapter.send(
      outgoing('parent@school.example.kz', 'ru', {
        attachments: large,
        unsubscribeUrl: 'https://hub.example.kz/v1/unsubscribe/token',
      }),
      context(),
    );
    const [mail] = await harness.smtp.waitFor(1);
    expect(mail?.parsed?.attachments).toEqual([]);
    const text = mail?.parsed?.text ?? '';
    const links = attachmentLinks(host.attachments, { names: true });
    // The links after the text, before the unsubscribe footer.
    expect(text.indexOf(links)).toBeGreaterThan(0);
    expect(text.indexOf(links)).toBeLessThan(text.indexOf('hub.example.kz/v1/unsubscribe'));
    expect(mail?.parsed?.html).toContain(`<a href="${host.attachments[1]?.url}">Плакат.png</a>`);
    expect(host.loads.size).toBe(0);
  });
});

describe('twilio with files', () => {
  it('bills the links the hub writes into an SMS as counted', async () => {
    await using twilio = await startTwilioServer();
    const adapter = createTwilioSmsAdapter({
      ...twilio.credentials,
      from: 'Safenet',
      apiBaseUrl: twilio.url,
    });
    const links = attachmentLinks(
      [1, 2].map((n) => ({
        filename: `${n}.pdf`,
        url: `https://hub.example.kz/a/${'A'.repeat(39)}${n}`,
      })),
      { names: false },
    );
    const message = outgoing('+77012345678', 'ru', {
      body: `Памятка для родителей.\n\n${links}`,
    });
    await adapter.send(message, context());
    const counted = countSmsSegments(smsText(message));
    expect(twilio.messages[0]?.segments).toBe(counted.segments);
    expect(adapter.cost?.(message)).toBe(counted.segments);
    expect(twilio.messages[0]?.body).toContain(links);
    await adapter.close();
  });
});
