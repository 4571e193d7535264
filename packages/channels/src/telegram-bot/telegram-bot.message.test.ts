import { describe, expect, it } from 'vitest';
import { splitText } from '../text-parts.js';
import { escapeHtml, TELEGRAM_TEXT_LIMIT, telegramTexts } from './telegram-bot.message.js';

/** What a reader sees of a part: Telegram's parse of the adapter's HTML (bold tags, 3 escapes). */
function visible(html: string): string {
  return html
    .replace(/<\/?b>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/** True when `parts` are `text` in order, with only whitespace dropped between them. */
function reassembles(parts: string[], text: string): boolean {
  const pattern = parts.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('\\s+');
  return new RegExp(`^${pattern}$`, 'u').test(text);
}

/** The parts' visible texts, checked against Telegram's limit and the HTML's soundness. */
function partsOf(title: string | null, body: string): string[] {
  const html = telegramTexts({ title, body });
  for (const part of html) {
    // Every `&` starts one of the three escapes, every `<` one of the two bold tags.
    expect(part.replace(/&(lt|gt|amp);/g, '')).not.toMatch(/&/);
    expect(part.replace(/<\/?b>/g, '')).not.toMatch(/[<>]/);
    expect(visible(part).length).toBeLessThanOrEqual(TELEGRAM_TEXT_LIMIT);
    expect(visible(part).length).toBeGreaterThan(0);
  }
  return html.map(visible);
}

const RU =
  'Как уберечь ребёнка в Интернете. Включите родительский контроль и обсудите с детьми, что делать, если их обижают в сети.';
const KK =
  'Балаңыздың интернеттегі қауіпсіздігі — ортақ жауапкершілік. Үйдегі құрылғыларда ата-ана бақылауын қосыңыз.';
const VI =
  'Gọi Tổng đài quốc gia bảo vệ trẻ em 111 khi trẻ bị bắt nạt trên mạng. Đắk Lắk: 02623.951.567.';

describe('escapeHtml', () => {
  it('escapes the three characters HTML parse mode reads, and nothing else', () => {
    expect(escapeHtml('1 < 2 && 3 > 2 "ok" \'ok\' «ёлка»')).toBe(
      '1 &lt; 2 &amp;&amp; 3 &gt; 2 "ok" \'ok\' «ёлка»',
    );
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });
});

describe('telegramTexts', () => {
  it('sends a short message as one part: the title in bold, a blank line, the body', () => {
    expect(telegramTexts({ title: 'Памятка <для> родителей', body: VI })).toEqual([
      `<b>Памятка &lt;для&gt; родителей</b>\n\n${VI}`,
    ]);
    expect(telegramTexts({ title: null, body: KK })).toEqual([KK]);
    expect(telegramTexts({ title: '  Two\nlines ', body: 'x' })).toEqual(['<b>Two lines</b>\n\nx']);
  });

  it.each([
    ['ru', RU],
    ['kk', KK],
    ['vi', VI],
  ])('cuts a long %s text at paragraph breaks, in order, losing nothing', (_, sentence) => {
    const paragraphs: string[] = [];
    while (paragraphs.join('\n\n').length < 10_000) {
      paragraphs.push(`${paragraphs.length + 1}. ${sentence}`);
    }
    const body = paragraphs.join('\n\n');

    const parts = partsOf('Заголовок', body);

    expect(parts.length).toBe(3);
    expect(reassembles(parts, `Заголовок\n\n${body}`)).toBe(true);
    // Each part ends with a whole paragraph.
    for (const part of parts) expect(part.endsWith(sentence)).toBe(true);
    expect(telegramTexts({ title: 'Заголовок', body })[0]).toMatch(/^<b>Заголовок<\/b>\n\n1\. /);
    expect(telegramTexts({ title: 'Заголовок', body })[1]).not.toContain('<b>');
  });

  it('cuts at line breaks when paragraphs are too long, then at spaces', () => {
    const lines = Array.from({ length: 200 }, () => RU).join('\n');
    const lineParts = partsOf(null, lines);
    expect(reassembles(lineParts, lines)).toBe(true);
    for (const part of lineParts) expect(part.endsWith(RU)).toBe(true);

    const words = Array.from({ length: 200 }, () => KK).join(' ');
    const wordParts = partsOf(null, words);
    expect(reassembles(wordParts, words)).toBe(true);
    for (const part of wordParts.slice(0, -1)) {
      expect(part.length).toBeGreaterThan(TELEGRAM_TEXT_LIMIT - KK.length);
    }
  });

  it('measures what the reader sees: 10,000 of < & > are three parts, escaped whole', () => {
    const body = '<&>'.repeat(3334);
    const parts = partsOf(null, body);
    expect(parts.map((p) => p.length)).toEqual([4096, 4096, 10_002 - 8192]);
    expect(parts.join('')).toBe(body);
    expect(telegramTexts({ title: null, body })[0]).toBe(`${'&lt;&amp;&gt;'.repeat(1365)}&lt;`);
  });

  it('cuts a word longer than a message at the limit, between letters', () => {
    const word = 'а'.repeat(5000);
    const parts = partsOf(null, `Начало. ${word} конец`);
    expect(parts).toEqual(['Начало.', 'а'.repeat(4096), `${'а'.repeat(904)} конец`]);
  });

  it('never cuts a letter from its accents nor an emoji in half', () => {
    // "ệ" decomposed: e + combining circumflex + combining dot below (3 code units).
    const decomposed = 'e\u0302\u0323'.repeat(2000);
    const accented = partsOf(null, decomposed);
    expect(accented.map((p) => p.length)).toEqual([4095, 1905]);
    const emoji = `x${'😀'.repeat(3000)}`;
    const faces = partsOf(null, emoji);
    expect(faces[0]).toHaveLength(4095);
    expect(faces.join('')).toBe(emoji);
  });

  it('does not break at a no-break space', () => {
    const body = `${'a'.repeat(4000)} ${'b\u00a0'.repeat(100)}`;
    expect(splitText(body, TELEGRAM_TEXT_LIMIT)).toEqual([
      { start: 0, end: 4000 },
      { start: 4001, end: body.length },
    ]);
  });

  it('keeps a title longer than a message bold in every part', () => {
    const title = 'Т'.repeat(5000);
    const html = telegramTexts({ title, body: 'текст' });
    expect(html).toEqual([`<b>${'Т'.repeat(4096)}</b>`, `<b>${'Т'.repeat(904)}</b>\n\nтекст`]);
  });
});
