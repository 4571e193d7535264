import { CASE_REPORT_LIMITS } from '@safenet/core';
import type { Message } from 'grammy/types';

/**
 * The links of a message as Telegram marked them: `url` entities (a link typed in the text)
 * and `text_link` entities (a word carrying a link), in order, each once. Only http and https
 * links that parse as URLs count; they are never opened.
 *
 * Until the cases module's `canonicaliseLink` lands, a link is checked with WHATWG `URL` only;
 * the cases module canonicalises what is submitted.
 */
export function linksOf(message: Pick<Message, 'text' | 'entities'>): string[] {
  const text = message.text ?? '';
  const found: string[] = [];
  for (const entity of message.entities ?? []) {
    const raw =
      entity.type === 'url'
        ? text.slice(entity.offset, entity.offset + entity.length)
        : entity.type === 'text_link'
          ? entity.url
          : undefined;
    if (raw === undefined || raw.length > CASE_REPORT_LIMITS.linkLength) continue;
    const link = webLink(raw);
    if (link !== undefined && !found.includes(link)) found.push(link);
  }
  return found;
}

/** `raw` as an http(s) URL (Telegram marks `example.com` as a link: https is assumed), or undefined. */
function webLink(raw: string): string | undefined {
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(raw) ? raw : `https://${raw}`;
  try {
    const url = new URL(withScheme);
    return url.protocol === 'http:' || url.protocol === 'https:' ? withScheme : undefined;
  } catch {
    return undefined;
  }
}
