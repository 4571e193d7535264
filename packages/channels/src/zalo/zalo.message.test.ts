import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../channel.js';
import { textParts } from '../text-parts.js';
import { OA_TEXT_MAX, toZaloRoute } from './zalo.message.js';

const TEMPLATES = {
  vi: {
    templateId: '318822',
    params: {
      tieu_de: 'title' as const,
      noi_dung: 'body' as const,
      truong: { constant: 'THCS Gia Lâm' },
    },
  },
};

const message = (to: string, overrides: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
  deliveryId: 'd-1',
  broadcastId: 'b-1',
  orgId: 'o-1',
  contactId: 'c-1',
  to,
  language: 'vi',
  title: 'Cẩm nang cho cha mẹ',
  body: 'Gọi 111 khi trẻ bị bắt nạt trên mạng.\n\nĐắk Lắk: 02623.951.567.',
  ...overrides,
});

describe('toZaloRoute', () => {
  it('sends a Vietnamese phone the language’s ZNS template, parameters filled', () => {
    expect(toZaloRoute(message('+84912345678'), { templates: TEMPLATES })).toEqual({
      kind: 'zns',
      payload: {
        phone: '84912345678',
        template_id: '318822',
        template_data: {
          tieu_de: 'Cẩm nang cho cha mẹ',
          noi_dung: 'Gọi 111 khi trẻ bị bắt nạt trên mạng.\n\nĐắk Lắk: 02623.951.567.',
          truong: 'THCS Gia Lâm',
        },
        tracking_id: 'd-1',
      },
    });
  });

  it('fills the title from the first line when there is none, and adds file links to the body', () => {
    const route = toZaloRoute(
      message('+84912345678', {
        title: null,
        attachments: [
          {
            filename: 'Cẩm nang.pdf',
            contentType: 'application/pdf',
            sizeBytes: 10,
            url: 'https://hub.example.org/a/x',
            load: async () => Buffer.alloc(0),
          },
        ],
      }),
      { templates: TEMPLATES },
    );
    expect(route.kind === 'zns' && route.payload.template_data).toMatchObject({
      tieu_de: 'Gọi 111 khi trẻ bị bắt nạt trên mạng.',
      noi_dung: expect.stringMatching(/\n\nCẩm nang\.pdf: https:\/\/hub\.example\.org\/a\/x$/),
    });
  });

  it('sends a Zalo user id OA text: the title, a blank line, the text', () => {
    expect(toZaloRoute(message('4572947693969771653'), { templates: {} })).toEqual({
      kind: 'oa',
      payloads: [
        {
          recipient: { user_id: '4572947693969771653' },
          message: { text: `Cẩm nang cho cha mẹ\n\n${message('').body}` },
        },
      ],
    });
  });

  it('splits OA text over 2,000 characters into several messages', () => {
    const body = `${'a'.repeat(1500)}\n\n${'b'.repeat(1500)}`;
    const route = toZaloRoute(message('123', { title: null, body }), { templates: {} });
    expect(route.kind === 'oa' && route.payloads.map((p) => p.message.text)).toEqual([
      'a'.repeat(1500),
      'b'.repeat(1500),
    ]);
  });

  it.each([
    ['+77012345678', 'invalid_address'],
    ['@parent', 'invalid_address'],
    ['+84912345678', 'template_required'],
  ])('refuses %s with %s, sending nothing', (to, reason) => {
    expect(() => toZaloRoute(message(to, { language: 'ru' }), { templates: TEMPLATES })).toThrow(
      expect.objectContaining({ code: 'provider_rejected', retryable: false, reason }),
    );
  });
});

describe('OA text parts', () => {
  it('keeps short text whole and never cuts a letter or exceeds the limit', () => {
    expect(textParts('Xin chào', OA_TEXT_MAX)).toEqual(['Xin chào']);
    const words = Array.from({ length: 900 }, () => 'Đắk').join(' ');
    const parts = textParts(words, OA_TEXT_MAX);
    expect(parts.length).toBe(2);
    for (const part of parts) expect([...part].length).toBeLessThanOrEqual(OA_TEXT_MAX);
    expect(parts.join(' ')).toBe(words);
    expect(textParts('x'.repeat(4001), OA_TEXT_MAX).map((p) => p.length)).toEqual([2000, 2000, 1]);
  });
});
