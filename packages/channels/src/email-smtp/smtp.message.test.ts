import { describe, expect, it } from 'vitest';
import { escapeHtml, messageIdOf, renderHtml, subjectOf, toMailOptions } from './smtp.message.js';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>Tom & Jerry</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;Tom &amp; Jerry&lt;/a&gt;',
    );
  });

  it('leaves Cyrillic and Vietnamese alone', () => {
    expect(escapeHtml('Памятка · Cẩm nang')).toBe('Памятка · Cẩm nang');
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
      headers: { 'X-Safenet-Delivery': 'd-1' },
    });
  });
});
