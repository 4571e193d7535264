import type {
  TelegramChatLinkInput,
  TelegramChatUpdate,
  TelegramPost,
  TelegramPostInput,
} from '@safenet/sdk';
import { SafenetApiError } from '@safenet/sdk';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from './client.js';
import { postsRefetchInterval } from './telegram-view.js';

/** The query keys of the Telegram page: every change reads its list again. */
export const TELEGRAM_CHATS_KEY = ['telegram', 'chats'] as const;
export const TELEGRAM_POSTS_KEY = ['telegram', 'posts'] as const;

/** How often the chats are read while a connection link waits to be used. */
const LINK_POLL_MS = 3_000;
/** The recent posts the page lists. */
const RECENT_POSTS = 20;

/**
 * The connected chats of the person's subtree. `waiting`: a link was just made, so the list
 * is read every few seconds until the chat it connects shows up (the hub's stream does not
 * carry chats).
 */
export function useTelegramChats(waiting: boolean) {
  return useQuery({
    queryKey: TELEGRAM_CHATS_KEY,
    queryFn: () => client.telegram.chats.list(),
    refetchInterval: waiting ? LINK_POLL_MS : false,
  });
}

/** Recent posts of the person's subtree, read again while one is going out. */
export function useTelegramPosts() {
  return useQuery({
    queryKey: TELEGRAM_POSTS_KEY,
    queryFn: () => client.telegram.posts.list({ limit: RECENT_POSTS }),
    refetchInterval: (query) => postsRefetchInterval(query.state.data?.items ?? [], Date.now()),
  });
}

/** Making a connection link, changing a chat's language, disconnecting it. */
export function useTelegramChatWrites() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: TELEGRAM_CHATS_KEY });
  return {
    link: useMutation({
      mutationFn: (input: TelegramChatLinkInput) => client.telegram.chats.link(input),
    }),
    update: useMutation({
      mutationFn: ({ id, patch }: { id: string; patch: TelegramChatUpdate }) =>
        client.telegram.chats.update(id, patch),
      onSettled: refresh,
    }),
    disconnect: useMutation({
      mutationFn: (id: string) => client.telegram.chats.disconnect(id),
      onSettled: refresh,
    }),
  };
}

/**
 * Posting and cancelling. A post refused because a chat is no longer postable reads the
 * chats again, so the page shows which one and why.
 */
export function useTelegramPostWrites() {
  const queryClient = useQueryClient();
  const refreshPosts = () => queryClient.invalidateQueries({ queryKey: TELEGRAM_POSTS_KEY });
  return {
    create: useMutation({
      mutationFn: (input: TelegramPostInput): Promise<TelegramPost> =>
        client.telegram.posts.create(input),
      onSuccess: refreshPosts,
      onError: (error) => {
        if (error instanceof SafenetApiError && error.code === 'telegram_chat_unavailable') {
          void queryClient.invalidateQueries({ queryKey: TELEGRAM_CHATS_KEY });
        }
      },
    }),
    cancel: useMutation({
      mutationFn: (id: string) => client.telegram.posts.cancel(id),
      onSettled: refreshPosts,
    }),
  };
}
