/**
 * Cutting a long text into the messages a provider takes (Telegram's 4,096, Zalo OA's 2,000
 * characters), at the places a reader would: one splitter for every adapter that must.
 * Lengths are UTF-16 code units; where a provider counts code points, an emoji counted as 2
 * can only make a part shorter than it might be, never too long.
 */

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
 * split. The whitespace at a cut is dropped (messengers trim each message anyway).
 */
export function splitText(text: string, limit: number): TextSpan[] {
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
 * The parts of `text` as strings, each at most `limit` UTF-16 code units (see
 * {@link splitText}); a text that fits is one part.
 */
export function textParts(text: string, limit: number): string[] {
  return splitText(text, limit).map(({ start, end }) => text.slice(start, end));
}
