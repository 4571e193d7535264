import { escapeMarkup } from '@safenet/core';
import { describe, expect, it } from 'vitest';
import type { OutgoingMessage } from '../channel.js';
import { messageIdOf, renderHtml, subjectOf, toMailOptions } from './smtp.message.js';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and attributes', () => {
    expect(escapeMarkup(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;',
    );
  });

  it('leaves Cyrillic and Vietnamese alone', () => {
    expect(escapeMarkup('Памятка · Cẩm nang')).toBe('Памятка · Cẩm nang');
  });
});

describe('renderHtml', () => {
  const body = (html: string) => html.slice(html.indexOf('<body>') + 7, html.indexOf('</body>'));

  it('makes paragraphs from blank lines and keeps single line breaks', () => {
    const html = renderHtml(
      'First line\nsecond line\n\n\n  \nNext <paragraph>\r\n\r\nLast',
      'T',
      'ru',
    );
    expect(body(html)).toBe(
      '<p>First line<br>\nsecond line</p>\n<p>Next &lt;paragraph&gt;</p>\n<p>Last</p>\n',
    );
  });

  it('declares the language and charset and escapes the title', () => {
    const html = renderHtml('x', '"Safe" <Internet>', 'kk');
    expect(html).toContain('<html lang="kk">');
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<title>&quot;Safe&quot; &lt;Internet&gt;</title>');
  });

  it('renders empty text as an empty body', () => {
    expect(body(renderHtml(' \n\n ', 'T', 'en'))).toBe('');
  });
});

describe('subjectOf', () => {
  it('uses the title on one line', () => {
    expect(subjectOf({ title: ' Памятка\nдля родителей ', body: 'x' })).toBe(
      'Памятка для родителей',
    );
  });

  it('falls back to the first non-blank line of the text', () => {
    expect(subjectOf({ title: '  ', body: '\n\n Gọi 111 \nkhi cần' })).toBe('Gọi 111');
    expect(subjectOf({ title: null, body: 'Memo' })).toBe('Memo');
  });

  it('cuts a long first line by grapheme, never inside a Vietnamese letter', () => {
    // "ệ" written decomposed: e + combining circumflex + combining dot below.
    const letter = 'e\u0302\u0323';
    const subject = subjectOf({ title: null, body: letter.repeat(100) });
    expect(subject).toBe(`${letter.repeat(77)}…`);
  });

  it('has a last resort for a message with no text at all', () => {
    expect(subjectOf({ title: null, body: '' })).toBe('Safenet');
  });
});

describe('messageIdOf', () => {
  it('is the delivery id at the sender domain', () => {
    expect(messageIdOf('0190c0de-0000-7000-8000-000000000001', 'noreply@edu.gov.kz')).toBe(
      '<0190c0de-0000-7000-8000-000000000001@edu.gov.kz>',
    );
  });
});

describe('toMailOptions', () => {
  it('tags the message with its delivery', () => {
    const options = toMailOptions(
      {
        deliveryId: 'd-1',
        broadcastId: 'b-1',
        orgId: 'o-1',
        contactId: 'c-1',
        to: 'parent@example.kz',
        language: 'ru',
        title: 'Памятка',
        body: 'Текст',
      },
      { name: 'Safe Internet', address: 'noreply@example.org' },
    );
    expect(options).toMatchObject({
      from: { name: 'Safe Internet', address: 'noreply@example.org' },
      to: 'parent@example.kz',
      subject: 'Памятка',
      text: 'Текст',
      messageId: '<d-1@example.org>',
      headers: { 'Content-Language': 'ru', 'X-Safenet-Delivery': 'd-1' },
    });
  });
});

describe('toMailOptions with an unsubscribe link', () => {
  const from = { name: 'Safe Internet', address: 'noreply@example.org' };
  const LINK = 'https://hub.example.org/v1/unsubscribe/eyJjIjoiMSJ9.c2ln';
  const message = (extra: Partial<OutgoingMessage> = {}): OutgoingMessage => ({
    deliveryId: 'd-1',
    broadcastId: 'b-1',
    orgId: 'o-1',
    contactId: 'c-1',
    to: 'parent@example.kz',
    language: 'en',
    title: 'Memo',
    body: 'Talk with your child.',
    ...extra,
  });

  it('adds List-Unsubscribe with RFC 8058 one-click', () => {
    const options = toMailOptions(message({ unsubscribeUrl: LINK }), from);
    expect(options.headers).toEqual({
      'Content-Language': 'en',
      'X-Safenet-Delivery': 'd-1',
      'List-Unsubscribe': `<${LINK}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    });
  });

  it('puts the link in a footer of the text and of the HTML', () => {
    const options = toMailOptions(message({ unsubscribeUrl: LINK }), from);
    expect(options.text).toBe(
      `Talk with your child.\n\n-- \nDo not want these emails? Unsubscribe: ${LINK}\n`,
    );
    expect(options.html).toContain(
      `<p style="font-size:small;color:#666">Do not want these emails? <a href="${LINK}">Unsubscribe</a></p>\n</body>`,
    );
  });

  it.each([
    ['ru', 'Не хотите получать эти письма?', 'Отписаться'],
    ['kk', 'Бұл хаттарды алғыңыз келмей ме?', 'Жазылымнан бас тарту'],
    ['vi', 'Không muốn nhận những email này?', 'Hủy đăng ký'],
  ] as const)('speaks the reader’s language (%s)', (language, question, link) => {
    const options = toMailOptions(message({ language, unsubscribeUrl: LINK }), from);
    expect(options.text).toContain(`${question} ${link}: ${LINK}`);
    expect(options.html).toContain(`${question} <a href="${LINK}">${link}</a>`);
  });

  it('falls back to English for a language it has no words for', () => {
    const options = toMailOptions(
      message({ language: 'de' as OutgoingMessage['language'], unsubscribeUrl: LINK }),
      from,
    );
    expect(options.text).toContain(`Do not want these emails? Unsubscribe: ${LINK}`);
  });

  it('escapes the link in the HTML and cannot end the header early', () => {
    const tricky = 'https://hub.example.org/v1/unsubscribe/a?x=1&y="2"<b>';
    const options = toMailOptions(message({ unsubscribeUrl: tricky }), from);
    const html = String(options.html);
    expect(html).toContain(
      'href="https://hub.example.org/v1/unsubscribe/a?x=1&amp;y=%222%22%3Cb%3E"',
    );
    expect(html).not.toContain('<b>');
    expect(options.headers).toMatchObject({
      'List-Unsubscribe': '<https://hub.example.org/v1/unsubscribe/a?x=1&y=%222%22%3Cb%3E>',
    });
  });

  it('refuses a link that is not http(s)', () => {
    expect(() => toMailOptions(message({ unsubscribeUrl: 'javascript:alert(1)' }), from)).toThrow(
      /http\(s\)/,
    );
  });

  it('leaves a message without a link as it was', () => {
    const plain = toMailOptions(message(), from);
    expect(plain.text).toBe('Talk with your child.');
    expect(plain.headers).toEqual({ 'Content-Language': 'en', 'X-Safenet-Delivery': 'd-1' });
    expect(plain.html).toBe(renderHtml('Talk with your child.', 'Memo', 'en'));
    expect(plain.html).not.toContain('<a ');
  });
});
