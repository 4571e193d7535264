import type { TelegramChat, TelegramPost } from '@safenet/sdk';
import { describe, expect, it } from 'vitest';
import { pickText } from '../components/localized.js';
import {
  chatsSignature,
  emptyPostDraft,
  keepPostable,
  POSTS_POLL_MS,
  postableChats,
  postHeadline,
  postsRefetchInterval,
  postUnfinished,
  SCHEDULED_POLL_MS,
  telegramPostInput,
  uncoveredChats,
} from './telegram-view.js';

const COMMITTEE = '0190f0a0-0000-7000-8000-000000000001';
const chat = (id: string, patch: Partial<TelegramChat> = {}): TelegramChat => ({
  id,
  orgId: COMMITTEE,
  telegramChatId: '-1001500000001',
  type: 'supergroup',
  title: 'Балаларды бірге қорғайық',
  username: null,
  language: 'kk',
  status: 'active',
  connectedAt: '2026-04-10T04:00:00.000Z',
  updatedAt: '2026-04-10T04:00:00.000Z',
  ...patch,
});
const GROUP = chat('0190f0a0-0000-7000-8000-0000000000a1');
const CHANNEL = chat('0190f0a0-0000-7000-8000-0000000000a2', {
  type: 'channel',
  username: 'bala_qorgau',
  language: 'ru',
});
const MUTED = chat('0190f0a0-0000-7000-8000-0000000000a3', { status: 'no_rights' });
const GONE = chat('0190f0a0-0000-7000-8000-0000000000a4', { status: 'removed' });
const HANOI = chat('0190f0a0-0000-7000-8000-0000000000a5', { language: 'vi' });
const NOW = Date.parse('2026-04-10T04:00:00Z');

const post = (patch: Partial<TelegramPost> = {}): TelegramPost => ({
  id: '0190f0a0-0000-7000-8000-0000000000b1',
  orgId: COMMITTEE,
  campaignId: null,
  content: { body: { kk: 'Бүгінде әлеуметтік желілер барлық адамдар үшін ашық.' } },
  contentVersion: null,
  variables: {},
  sendAt: '2026-04-10T04:00:00.000Z',
  status: 'completed',
  createdAt: '2026-04-10T04:00:00.000Z',
  updatedAt: '2026-04-10T04:00:00.000Z',
  targets: [],
  ...patch,
});

describe('the Telegram page’s chats', () => {
  it('offers only the chats the bot may post in, and drops a chosen one that lost its bot', () => {
    const chats = [GROUP, CHANNEL, MUTED, GONE];
    expect(postableChats(chats)).toEqual([GROUP, CHANNEL]);
    expect(keepPostable([GROUP.id, MUTED.id, CHANNEL.id], chats)).toEqual([GROUP.id, CHANNEL.id]);
    expect(keepPostable([GONE.id], chats)).toEqual([]);
  });

  it('names the chosen chats whose language falls back past the text’s', () => {
    const chats = [GROUP, CHANNEL, HANOI];
    const draft = { ...emptyPostDraft('ru'), mode: 'text' as const, body: 'Памятка' };
    // Kazakh falls back to Russian; Russian is Russian; Vietnamese falls back to English only.
    expect(uncoveredChats({ ...draft, chatIds: [GROUP.id, CHANNEL.id, HANOI.id] }, chats)).toEqual([
      HANOI,
    ]);
    // Kazakh text reaches only the Kazakh chat; English every one of them.
    expect(
      uncoveredChats({ ...draft, language: 'kk', chatIds: [GROUP.id, CHANNEL.id] }, chats),
    ).toEqual([CHANNEL]);
    expect(
      uncoveredChats(
        { ...draft, language: 'en', chatIds: [GROUP.id, CHANNEL.id, HANOI.id] },
        chats,
      ),
    ).toEqual([]);
    // A recommendation's languages are the hub's to check.
    expect(
      uncoveredChats({ ...draft, mode: 'recommendation', chatIds: [HANOI.id] }, chats),
    ).toEqual([]);
  });
});

describe('a post’s request', () => {
  const draft = { ...emptyPostDraft('kk'), chatIds: [GROUP.id] };

  it('waits for a chat and its content', () => {
    expect(telegramPostInput({ ...draft, chatIds: [] }, COMMITTEE)).toBeNull();
    expect(telegramPostInput(draft, COMMITTEE)).toBeNull();
    expect(telegramPostInput({ ...draft, mode: 'text', body: '  \n ' }, COMMITTEE)).toBeNull();
  });

  it('sends a recommendation by its id', () => {
    expect(telegramPostInput({ ...draft, recommendationId: 'rec-1' }, COMMITTEE)).toEqual({
      orgId: COMMITTEE,
      chatIds: [GROUP.id],
      content: { recommendationId: 'rec-1' },
    });
  });

  it('sends own text in its language, the title only when written', () => {
    const text = {
      ...draft,
      mode: 'text' as const,
      body: ' Памятка \n',
      recommendationId: 'rec-1',
    };
    expect(telegramPostInput(text, COMMITTEE)?.content).toEqual({ body: { kk: 'Памятка' } });
    expect(
      telegramPostInput({ ...text, title: ' «Балаларды бірге қорғайық» ' }, COMMITTEE)?.content,
    ).toEqual({ title: { kk: '«Балаларды бірге қорғайық»' }, body: { kk: 'Памятка' } });
  });
});

describe('the list of posts', () => {
  it('may cancel a post until every chat has had its turn', () => {
    expect(postUnfinished(post({ status: 'scheduled' }))).toBe(true);
    expect(postUnfinished(post({ status: 'sending' }))).toBe(true);
    expect(postUnfinished(post({ status: 'completed' }))).toBe(false);
    expect(postUnfinished(post({ status: 'cancelled' }))).toBe(false);
  });

  it('reads again soon while a post goes out, rarely while one waits, never once all finished', () => {
    expect(postsRefetchInterval([post()], NOW)).toBe(false);
    expect(postsRefetchInterval([], NOW)).toBe(false);
    expect(postsRefetchInterval([post(), post({ status: 'sending' })], NOW)).toBe(POSTS_POLL_MS);
    // Scheduled for now (the queue has not picked it up yet) is as good as going out.
    expect(postsRefetchInterval([post({ status: 'scheduled' })], NOW)).toBe(POSTS_POLL_MS);
    const tomorrow = post({ status: 'scheduled', sendAt: '2026-04-11T04:00:00.000Z' });
    expect(postsRefetchInterval([tomorrow], NOW)).toBe(SCHEDULED_POLL_MS);
    expect(postsRefetchInterval([tomorrow], Date.parse('2026-04-11T03:59:50Z'))).toBe(
      POSTS_POLL_MS,
    );
  });

  it('heads a post with its recommendation’s title, its own title, or the start of its text', () => {
    const pick = (texts: Record<string, string>) => pickText(texts, 'ru');
    const titles = (id: string) => (id === 'rec-1' ? 'Памятка для родителей' : undefined);
    expect(postHeadline(post({ content: { recommendationId: 'rec-1' } }), pick, titles)).toBe(
      'Памятка для родителей',
    );
    // A recommendation the reader cannot see any more: its id rather than nothing.
    expect(postHeadline(post({ content: { recommendationId: 'rec-2' } }), pick, titles)).toBe(
      'rec-2',
    );
    // Kazakh falls back to Russian; a Russian reader gets the Russian title.
    expect(
      postHeadline(
        post({ content: { title: { kk: 'Тақырып', ru: 'Заголовок' }, body: { kk: 'Мәтін' } } }),
        pick,
        titles,
      ),
    ).toBe('Заголовок');
    const long = 'Бүгінде  әлеуметтік\nжелілер '.repeat(10);
    const headline = postHeadline(post({ content: { body: { kk: long } } }), pick, titles);
    expect(headline).toHaveLength(80);
    expect(headline.endsWith('…')).toBe(true);
    expect(headline).not.toMatch(/\s{2}|\n/);
  });
});

describe('waiting for a link to be used', () => {
  it('sees a chat connected, or one connected again, whatever the order of the list', () => {
    const before = chatsSignature([GROUP, GONE]);
    expect(chatsSignature([GONE, GROUP])).toBe(before);
    expect(chatsSignature([GROUP, GONE, CHANNEL])).not.toBe(before);
    expect(chatsSignature([GROUP, { ...GONE, status: 'active' }])).not.toBe(before);
  });
});
