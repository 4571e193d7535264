import { describe, expect, it } from 'vitest';
import { linksOf } from './intake.links.js';

describe('linksOf', () => {
  it('takes url and text_link entities, in order, each once', () => {
    const text =
      'видео https://www.tiktok.com/@a/video/1 и вот тут, и ещё https://www.tiktok.com/@a/video/1';
    expect(
      linksOf({
        text,
        entities: [
          { type: 'url', offset: 6, length: 33 },
          { type: 'text_link', offset: 42, length: 3, url: 'https://youtu.be/xyz' },
          { type: 'url', offset: 57, length: 33 },
        ],
      }),
    ).toEqual(['https://www.tiktok.com/@a/video/1', 'https://youtu.be/xyz']);
  });

  it('reads a link Telegram marked without a scheme as https', () => {
    expect(
      linksOf({ text: 'vk.com/wall-1_2', entities: [{ type: 'url', offset: 0, length: 15 }] }),
    ).toEqual(['https://vk.com/wall-1_2']);
  });

  it('counts no other entity, no other scheme, and no text without entities', () => {
    expect(linksOf({ text: 'https://example.com/a' })).toEqual([]);
    expect(
      linksOf({
        text: '/start x',
        entities: [
          { type: 'bot_command', offset: 0, length: 6 },
          { type: 'text_link', offset: 7, length: 1, url: 'javascript:alert(1)' },
          { type: 'text_link', offset: 7, length: 1, url: 'tg://user?id=1' },
        ],
      }),
    ).toEqual([]);
  });

  it('counts UTF-16 offsets as Telegram does (an emoji before the link)', () => {
    const text = '😡 https://t.me/c/1/2';
    expect(linksOf({ text, entities: [{ type: 'url', offset: 3, length: 18 }] })).toEqual([
      'https://t.me/c/1/2',
    ]);
  });
});
