import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OutgoingAttachment, OutgoingMessage } from '../channel.js';
import { CAPTION_MAX, templateParameter, textOf, toCloudPayloads } from './cloud.message.js';

/** The one payload of a message without files. */
const toCloudPayload = (...args: Parameters<typeof toCloudPayloads>) => {
  const payloads = toCloudPayloads(...args);
  expect(payloads).toHaveLength(1);
  return payloads[0] as (typeof payloads)[number];
};

const message = (overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  deliveryId: randomUUID(),
  broadcastId: randomUUID(),
  orgId: randomUUID(),
  contactId: randomUUID(),
  to: '+77012345678',
  language: 'ru',
  title: 'Памятка для родителей',
  body: 'Первый абзац.\n\nВторой абзац.',
  ...overrides,
});
const ru = { name: 'safenet_guidance', language: 'ru' };

describe('toCloudPayload', () => {
  it('picks the language’s template when mode is unset, text otherwise', () => {
    const config = { templates: { ru } };
    expect(toCloudPayload(message(), config).type).toBe('template');
    expect(toCloudPayload(message({ language: 'vi' }), config).type).toBe('text');
    expect(toCloudPayload(message(), { ...config, mode: 'text' }).type).toBe('text');
  });

  it('refuses template mode without a template for the language', () => {
    expect(() =>
      toCloudPayload(message({ language: 'kk' }), { templates: { ru }, mode: 'template' }),
    ).toThrow(
      expect.objectContaining({
        code: 'provider_rejected',
        reason: 'template_required',
        retryable: false,
      }),
    );
  });

  it.each(['77012345678', '+7 701 234 56 78', '+0123456789', '+7'])(
    'refuses the address %s',
    (to) => {
      expect(() => toCloudPayload(message({ to }), { templates: {} })).toThrow(
        expect.objectContaining({ reason: 'invalid_address' }),
      );
    },
  );

  it('sends the delivery id as biz_opaque_callback_data and the digits as to', () => {
    const sent = message({ to: '+84912345678' });
    expect(toCloudPayload(sent, { templates: {} })).toMatchObject({
      to: '84912345678',
      biz_opaque_callback_data: sent.deliveryId,
    });
  });
});

const file = (filename: string, contentType: OutgoingAttachment['contentType']) => ({
  filename,
  contentType,
  sizeBytes: 1000,
  url: `https://hub.example/a/${filename}`,
  load: async () => Buffer.alloc(0),
});
const memo = file('Памятка.pdf', 'application/pdf');
const poster = file('Плакат.png', 'image/png');

describe('toCloudPayloads with files', () => {
  it('sends free text as media, the first captioned with the text', () => {
    const sent = message({ attachments: [memo, poster] });
    const payloads = toCloudPayloads(sent, { templates: {} });
    expect(payloads.map((p) => p.type)).toEqual(['document', 'image']);
    expect(payloads[0]).toMatchObject({
      document: { link: memo.url, filename: 'Памятка.pdf', caption: textOf(sent) },
      biz_opaque_callback_data: sent.deliveryId,
    });
    expect(payloads[1]).toMatchObject({ image: { link: poster.url } });
    expect(JSON.stringify(payloads[1])).not.toContain('caption');
  });

  it('sends a text longer than a caption first, then the files', () => {
    const body = 'Ж'.repeat(CAPTION_MAX);
    const payloads = toCloudPayloads(message({ body, attachments: [poster] }), { templates: {} });
    expect(payloads.map((p) => p.type)).toEqual(['text', 'image']);
    expect(JSON.stringify(payloads[1])).not.toContain('caption');
  });

  it('puts the first file of a header’s kind in the header, the others as links', () => {
    const templates = {
      ru: [ru, { ...ru, name: 'safenet_poster', header: 'image' as const }],
    };
    const [payload, ...more] = toCloudPayloads(message({ attachments: [memo, poster] }), {
      templates,
    });
    expect(more).toEqual([]);
    expect(payload).toMatchObject({
      type: 'template',
      template: {
        name: 'safenet_poster',
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { link: poster.url } }] },
          { type: 'body' },
        ],
      },
    });
    const text = JSON.stringify(payload);
    expect(text).toContain(`Памятка.pdf: ${memo.url}`);
    expect(text).not.toContain(`Плакат.png: `);
  });

  it('takes the template without a header when no file fits one, files as links', () => {
    const templates = { ru: [ru, { ...ru, name: 'safenet_memo', header: 'document' as const }] };
    const payload = toCloudPayload(message({ attachments: [poster] }), { templates });
    expect(payload).toMatchObject({ template: { name: 'safenet_guidance' } });
    expect(JSON.stringify(payload)).toContain(`Плакат.png: ${poster.url}`);
    // Without files the header template is never picked.
    expect(toCloudPayload(message(), { templates })).toMatchObject({
      template: { name: 'safenet_guidance' },
    });
  });

  it('refuses a message no template fits: only header templates, no file of their kind', () => {
    const templates = { ru: { ...ru, name: 'safenet_memo', header: 'document' as const } };
    expect(() => toCloudPayloads(message({ attachments: [poster] }), { templates })).toThrow(
      expect.objectContaining({
        reason: 'template_required',
        message: expect.stringMatching(/media header/),
      }),
    );
  });
});

describe('textOf', () => {
  it('puts the title in bold on its own line', () => {
    expect(textOf({ title: 'Netiquette\nfor all', body: 'Text' })).toBe(
      '*Netiquette for all*\n\nText',
    );
    expect(textOf({ title: null, body: 'Text' })).toBe('Text');
    expect(textOf({ title: '  ', body: 'Text' })).toBe('Text');
  });
});

describe('templateParameter', () => {
  it('puts paragraphs on one line with no tabs or long space runs', () => {
    expect(templateParameter('  Gọi 111.\n\nĐắk Lắk:\t02623.951.567\nhết      ')).toBe(
      'Gọi 111. · Đắk Lắk: 02623.951.567 hết',
    );
    expect(templateParameter('a      b')).toBe('a b');
    expect(templateParameter('a    b')).toBe('a    b');
  });
});
