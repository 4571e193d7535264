import type { Language, TelegramChat, TelegramPost, TelegramPostInput } from '@safenet/sdk';
import { languageChain } from '../components/localized.js';

/*
 * The Telegram page's decisions, apart from React: which chats a post may name, what a draft
 * sends, which chats its text would not reach, and how often the list of posts is read again.
 */

/** What the post form holds: the chats, and a recommendation or text written here in one language. */
export interface TelegramPostDraft {
  chatIds: string[];
  mode: 'recommendation' | 'text';
  recommendationId: string | null;
  language: Language;
  title: string;
  body: string;
}

/** A new draft: no chat, a recommendation to pick, text in the reader's language. */
export function emptyPostDraft(language: Language): TelegramPostDraft {
  return {
    chatIds: [],
    mode: 'recommendation',
    recommendationId: null,
    language,
    title: '',
    body: '',
  };
}

/** The chats a post may name: those the bot may post in now. */
export function postableChats(chats: readonly TelegramChat[]): TelegramChat[] {
  return chats.filter((chat) => chat.status === 'active');
}

/**
 * The chosen chats that are still postable: a chat that lost its bot since it was ticked
 * drops out of the choice rather than refuse the whole post.
 */
export function keepPostable(chatIds: readonly string[], chats: readonly TelegramChat[]): string[] {
  const active = new Set(postableChats(chats).map((chat) => chat.id));
  return chatIds.filter((id) => active.has(id));
}

/**
 * Chosen chats the draft's own text would not reach: the chat's language falls back
 * (kk → ru → en, vi → en) to languages that do not include the text's, so the hub would
 * refuse the post (`content_unavailable`). Empty for a recommendation (the hub checks its
 * languages).
 */
export function uncoveredChats(
  draft: TelegramPostDraft,
  chats: readonly TelegramChat[],
): TelegramChat[] {
  if (draft.mode !== 'text') return [];
  const chosen = new Set(draft.chatIds);
  return chats.filter(
    (chat) => chosen.has(chat.id) && !languageChain(chat.language).includes(draft.language),
  );
}

/** The request a draft makes, or null while it lacks a chat or its content. */
export function telegramPostInput(
  draft: TelegramPostDraft,
  orgId: string,
): TelegramPostInput | null {
  if (draft.chatIds.length === 0) return null;
  if (draft.mode === 'recommendation') {
    return draft.recommendationId
      ? { orgId, chatIds: draft.chatIds, content: { recommendationId: draft.recommendationId } }
      : null;
  }
  const body = draft.body.trim();
  if (!body) return null;
  const title = draft.title.trim();
  return {
    orgId,
    chatIds: draft.chatIds,
    content: {
      ...(title ? { title: { [draft.language]: title } } : {}),
      body: { [draft.language]: body },
    },
  };
}

/** A post that can still be cancelled: some chat has not had its turn. */
export function postUnfinished(post: TelegramPost): boolean {
  return post.status === 'scheduled' || post.status === 'sending';
}

/** Read the posts again this often while one is going out (the hub's stream carries no posts). */
export const POSTS_POLL_MS = 2_000;
/** …and this often while the next one is scheduled later. */
export const SCHEDULED_POLL_MS = 30_000;

/**
 * How often to read the list of posts again, or false when every post has finished: soon
 * while one is going out or due within a poll, rarely while one waits for a later time.
 */
export function postsRefetchInterval(posts: readonly TelegramPost[], now: number): number | false {
  const open = posts.filter(postUnfinished);
  if (open.length === 0) return false;
  const soon = open.some(
    (post) => post.status === 'sending' || Date.parse(post.sendAt) <= now + SCHEDULED_POLL_MS,
  );
  return soon ? POSTS_POLL_MS : SCHEDULED_POLL_MS;
}

/** What a post says, in a line: its recommendation's title, else its own title or text. */
export function postHeadline(
  post: TelegramPost,
  pick: (texts: Record<string, string>) => string,
  recommendationTitle: (id: string) => string | undefined,
): string {
  const content = post.content;
  if ('recommendationId' in content) {
    return recommendationTitle(content.recommendationId) ?? content.recommendationId;
  }
  const title = content.title ? pick(content.title) : '';
  if (title) return title;
  const body = pick(content.body).replace(/\s+/g, ' ').trim();
  return body.length > 80 ? `${body.slice(0, 79)}…` : body;
}

/**
 * The chats as they stand (which, and each one's status): a link made while it was this is
 * still waiting to be used, and the page reads the chats again until it changes.
 */
export function chatsSignature(chats: readonly TelegramChat[]): string {
  return chats
    .map((chat) => `${chat.id}:${chat.status}`)
    .sort()
    .join(',');
}
