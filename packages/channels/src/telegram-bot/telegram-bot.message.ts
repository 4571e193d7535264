import type { OutgoingMessage } from '../channel.js';

/**
 * The most a message's text may hold: "1-4096 characters after entities parsing" (Bot API,
 * `sendMessage`). Telegram counts what the reader sees — `&lt;` is one character, `<b>` none
 * — in UTF-16 code units, as it counts entity offsets. So the splitter measures the plain
 * text before it is escaped and tagged: measuring the HTML would cut a text of `<` and `&`
 * into five times as many messages as needed. An emoji counts 2, which can only make a
 * part shorter than it might be, never too long.
 */
export const TELEGRAM_TEXT_LIMIT = 4096;

/**
 * A text made safe for `parse_mode: 'HTML'`: the three characters Telegram reads as markup
 * (`<`, `>`, `&`) as entities, so any text arrives as written.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;'));
}

/** Whitespace a line may break at: not the no-break spaces (U+00A0, U+2007, U+202F). */
const BREAKABLE = /[\t\n\v\f\r \u1680\u2000-\u2006\u2008-\u200a\u2028\u2029\u205f\u3000]/;

/** One message's stretch of the plain text: `[start, end)`. */
export interface TextSpan {
  start: number;
  end: number;
}

/**
 * Cuts `text` into stretches of at most `limit` UTF-16 code units: at the last paragraph
 * break (a blank line) that leaves the part at least half full, else the last line break
 * that does, else the last whitespace, else — a word longer than a message — at the last
 * character (grapheme) boundary, so no letter with its accents and no surrogate pair is
 * split. The whitespace at a cut is dropped (Telegram trims each message anyway).
 */
export function splitText(text: string, limit = TELEGRAM_TEXT_LIMIT): TextSpan[] {
  const spans: TextSpan[] = [];
  let start = 0;
  while (start < text.length) {
    if (text.length - start <= limit) {
      spans.push({ start, end: text.length });
      break;
    }
    const cut = cutOf(text, start, limit);
    let end = cut;
    while (end > start && BREAKABLE.test(text.charAt(end - 1))) end -= 1;
    if (end > start) spans.push({ start, end });
    start = cut;
    while (start < text.length && BREAKABLE.test(text.charAt(start))) start += 1;
  }
  return spans;
}

/** Where to cut `text` for a part starting at `start`: an index in `(start, start + limit]`. */
function cutOf(text: string, start: number, limit: number): number {
  const max = start + limit;
  const half = start + Math.floor(limit / 2);
  for (const separator of ['\n\n', '\n']) {
    const at = text.lastIndexOf(separator, max);
    if (at >= half && at > start) return at;
  }
  for (let at = max; at > start; at -= 1) {
    if (BREAKABLE.test(text.charAt(at))) return at;
  }
  let cut = start;
  const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { index } of graphemes.segment(text.slice(start, max + 1))) {
    if (index > limit) break;
    if (index > 0) cut = start + index;
  }
  // A single grapheme longer than a message (thousands of combining marks): cut it, but not
  // between the halves of a surrogate pair.
  if (cut === start) {
    cut = max - 1 > start && /[\uD800-\uDBFF]/.test(text.charAt(max - 1)) ? max - 1 : max;
  }
  return cut;
}

/**
 * The texts Telegram receives for a message, as HTML, in order: the title in bold, a blank
 * line, then the body (without a title, just the body), cut by {@link splitText}. Each part
 * is escaped and tagged after the cut, so no cut falls inside an entity or a tag, and a
 * title cut across parts (longer than a message) is bold in each.
 */
export function telegramTexts(message: Pick<OutgoingMessage, 'title' | 'body'>): string[] {
  const title = (message.title ?? '').replace(/\s+/g, ' ').trim();
  const text = title ? `${title}\n\n${message.body}` : message.body;
  return splitText(text).map(({ start, end }) => {
    const boldEnd = Math.min(end, title.length);
    const bold = start < boldEnd ? `<b>${escapeHtml(text.slice(start, boldEnd))}</b>` : '';
    return bold + escapeHtml(text.slice(Math.max(start, boldEnd), end));
  });
}
