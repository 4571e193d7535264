import type {
  Page,
  TelegramChat,
  TelegramChatLink,
  TelegramChatLinkInput,
  TelegramChatListQuery,
  TelegramChatUpdate,
  TelegramPost,
  TelegramPostInput,
} from '@safenet/core';
import type { ItemIterator, PageParams, PostOptions, RequestOptions } from '../http/options.js';
import { paginate, segment } from '../http/paginate.js';
import type { Transport } from '../http/transport.js';

/** Filters of `telegram.posts.list`, besides paging. */
export type TelegramPostListParams = PageParams & {
  /** Posts of this organisation's subtree; yours by default. */
  orgId?: string;
};

/**
 * Telegram groups and channels connected to the hub's bot for an organisation — the Kazakh
 * child-rights committee's chat of teachers and officials is one. An administrator of the
 * chat connects it with a one-time link; then it is a target of posts.
 *
 * @example
 * const link = await client.telegram.chats.link({ orgId: committeeId, language: 'kk' });
 * // An administrator opens link.groupUrl (a group) or posts link.command (a channel).
 * const { items } = await client.telegram.chats.list({ status: 'active' });
 */
export class TelegramChats {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /** A link (valid a day, used once) an administrator connects a group or channel with. */
  link(input: TelegramChatLinkInput, options?: PostOptions): Promise<TelegramChatLink> {
    return this.#http.request(
      { method: 'POST', path: '/v1/telegram/chat-links', body: input },
      options,
    );
  }

  /** Connected chats of your subtree (or `orgId`'s), by title. */
  list(query: TelegramChatListQuery = {}, options?: RequestOptions): Promise<Page<TelegramChat>> {
    return this.#http.request({ method: 'GET', path: '/v1/telegram/chats', query }, options);
  }

  get(id: string, options?: RequestOptions): Promise<TelegramChat> {
    return this.#http.request(
      { method: 'GET', path: `/v1/telegram/chats/${segment(id)}` },
      options,
    );
  }

  /** Sets the language posts are written in for the chat. */
  update(id: string, patch: TelegramChatUpdate, options?: PostOptions): Promise<TelegramChat> {
    return this.#http.request(
      { method: 'PATCH', path: `/v1/telegram/chats/${segment(id)}`, body: patch },
      options,
    );
  }

  /** Disconnects the chat (`removed`); the bot leaves it. */
  disconnect(id: string, options?: PostOptions): Promise<TelegramChat> {
    return this.#http.request(
      { method: 'DELETE', path: `/v1/telegram/chats/${segment(id)}` },
      options,
    );
  }
}

/**
 * Posts to connected chats: a recommendation or text of its own, once in each chat, in the
 * chat's language.
 *
 * @example
 * const post = await client.telegram.posts.create({
 *   orgId: committeeId, chatIds: [chat.id], content: { recommendationId },
 * });
 * const later = await client.telegram.posts.get(post.id); // each chat's outcome
 */
export class TelegramPosts {
  readonly #http: Transport;

  constructor(http: Transport) {
    this.#http = http;
  }

  /** Posts now or at `sendAt`; throws `telegram_chat_unavailable` (nothing written) for a chat not `active`. */
  create(input: TelegramPostInput, options?: PostOptions): Promise<TelegramPost> {
    return this.#http.request({ method: 'POST', path: '/v1/telegram/posts', body: input }, options);
  }

  /** Posts of your subtree (or `orgId`'s), newest first. */
  list(params: TelegramPostListParams = {}, options?: RequestOptions): Promise<Page<TelegramPost>> {
    return this.#http.request(
      { method: 'GET', path: '/v1/telegram/posts', query: params },
      options,
    );
  }

  /** Every post matching the filters, fetched page by page. */
  iterate(
    params: TelegramPostListParams = {},
    options?: RequestOptions,
  ): ItemIterator<TelegramPost> {
    return paginate((cursor) => this.list({ ...params, cursor }, options), params.cursor);
  }

  get(id: string, options?: RequestOptions): Promise<TelegramPost> {
    return this.#http.request(
      { method: 'GET', path: `/v1/telegram/posts/${segment(id)}` },
      options,
    );
  }

  /** Chats not posted to yet become `cancelled`; throws `telegram_post_not_cancellable` once finished. */
  cancel(id: string, options?: PostOptions): Promise<TelegramPost> {
    return this.#http.request(
      { method: 'POST', path: `/v1/telegram/posts/${segment(id)}/cancel` },
      options,
    );
  }
}

/** Telegram groups and channels, and posts to them (see {@link TelegramChats}). */
export class Telegram {
  readonly chats: TelegramChats;
  readonly posts: TelegramPosts;

  constructor(http: Transport) {
    this.chats = new TelegramChats(http);
    this.posts = new TelegramPosts(http);
  }
}
