/**
 * The Bot API's `parse_mode: 'HTML'`, as the Telegram Bot API stand-in applies it: the tags
 * and entities Telegram documents ("Formatting options", HTML style), with the errors its
 * parser (TDLib's `parse_html`) answers, so an adapter's escaping is tested against a parser
 * that refuses what Telegram refuses. Text is measured as Telegram measures it: UTF-16 code
 * units of what the reader sees.
 */

/** A formatting entity of the parsed text, offsets in UTF-16 code units. */
export interface TextEntity {
  type: string;
  offset: number;
  length: number;
}

/** The parsed text and its entities, or why Telegram would refuse it. */
export type ParsedHtml = { text: string; entities: TextEntity[] } | { error: string };

/** Telegram's supported tags and the entity each makes. */
const TAGS: Readonly<Record<string, string>> = {
  b: 'bold',
  strong: 'bold',
  i: 'italic',
  em: 'italic',
  u: 'underline',
  ins: 'underline',
  s: 'strikethrough',
  strike: 'strikethrough',
  del: 'strikethrough',
  span: 'spoiler',
  'tg-spoiler': 'spoiler',
  a: 'text_link',
  code: 'code',
  pre: 'pre',
  blockquote: 'blockquote',
  'tg-emoji': 'custom_emoji',
};

/** The named entities Telegram decodes ("only &lt; &gt; &amp; &quot;"), and numeric ones. */
const NAMED: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** Parses `html` as Telegram does in HTML parse mode. */
export function parseTelegramHtml(html: string): ParsedHtml {
  let text = '';
  const entities: TextEntity[] = [];
  const open: { name: string; offset: number }[] = [];
  const byteOffset = (index: number) => Buffer.byteLength(html.slice(0, index));
  let i = 0;
  while (i < html.length) {
    const c = html.charAt(i);
    if (c === '&') {
      const entity = /^&(?:([a-z]+)|#(\d{1,7})|#x([0-9a-f]{1,6}));/i.exec(html.slice(i, i + 12));
      const decoded = entity
        ? entity[1] !== undefined
          ? NAMED[entity[1]]
          : String.fromCodePoint(Number.parseInt(entity[2] ?? entity[3] ?? '', entity[2] ? 10 : 16))
        : undefined;
      // TDLib keeps an `&` that starts no entity it knows as it is.
      if (entity && decoded !== undefined) {
        text += decoded;
        i += entity[0].length;
      } else {
        text += c;
        i += 1;
      }
      continue;
    }
    if (c !== '<') {
      text += c;
      i += 1;
      continue;
    }
    const close = html.indexOf('>', i);
    if (close < 0) return { error: `Unclosed start tag at byte offset ${byteOffset(i)}` };
    const end = /^<\/([a-z-]*)\s*$/i.exec(html.slice(i, close));
    if (end) {
      const name = (end[1] ?? '').toLowerCase();
      const top = open.pop();
      if (!top) return { error: `Unexpected end tag at byte offset ${byteOffset(i)}` };
      if (name !== top.name) {
        return {
          error: `Unmatched end tag at byte offset ${byteOffset(i)}, expected "</${top.name}>", found "</${name}>"`,
        };
      }
      entities.push({
        type: TAGS[name] ?? name,
        offset: top.offset,
        length: text.length - top.offset,
      });
    } else {
      const name = (/^<([a-z-]*)/i.exec(html.slice(i))?.[1] ?? '').toLowerCase();
      if (!Object.hasOwn(TAGS, name)) {
        return { error: `Unsupported start tag "${name}" at byte offset ${byteOffset(i)}` };
      }
      open.push({ name, offset: text.length });
    }
    i = close + 1;
  }
  const unclosed = open.pop();
  if (unclosed) {
    return { error: `Can't find end tag corresponding to start tag "${unclosed.name}"` };
  }
  return { text, entities: entities.sort((a, b) => a.offset - b.offset) };
}
