import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../channel.js';
import { templateParameter, textOf, toCloudPayload } from './cloud.message.js';

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
