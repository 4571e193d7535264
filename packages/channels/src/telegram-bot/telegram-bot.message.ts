import type { OutgoingMessage } from '../channel.js';
import { splitText } from '../text-parts.js';

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

/**
 * The texts Telegram receives for a message, as HTML, in order: the title in bold, a blank
 * line, then the body (without a title, just the body), cut by {@link splitText}. Each part
 * is escaped and tagged after the cut, so no cut falls inside an entity or a tag, and a
 * title cut across parts (longer than a message) is bold in each.
 */
export function telegramTexts(message: Pick<OutgoingMessage, 'title' | 'body'>): string[] {
  const title = (message.title ?? '').replace(/\s+/g, ' ').trim();
  const text = title ? `${title}\n\n${message.body}` : message.body;
  return splitText(text, TELEGRAM_TEXT_LIMIT).map(({ start, end }) => {
    const boldEnd = Math.min(end, title.length);
    const bold = start < boldEnd ? `<b>${escapeHtml(text.slice(start, boldEnd))}</b>` : '';
    return bold + escapeHtml(text.slice(Math.max(start, boldEnd), end));
  });
}
