import type { HotlineInput, HotlineListParams, HotlinePatch } from '@safenet/sdk';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from './client.js';

/** The query key of the hotline directory: every change reads it again. */
export const HOTLINES_KEY = ['hotlines'] as const;

/**
 * The lines the person may see (kept in their subtree, or serving their organisation or one
 * above it), filtered by the hub. A directory is short: one page of the largest size.
 */
export function useHotlines(params: Omit<HotlineListParams, 'cursor' | 'limit'>) {
  return useQuery({
    queryKey: [...HOTLINES_KEY, params],
    queryFn: () => client.hotlines.list({ ...params, limit: 500 }),
    placeholderData: keepPreviousData,
  });
}

/** Adding, changing and deleting lines; each reads the directory again when it lands. */
export function useHotlineWrites() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: HOTLINES_KEY });
  return {
    create: useMutation({
      mutationFn: (input: HotlineInput) => client.hotlines.create(input),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ id, patch }: { id: string; patch: HotlinePatch }) =>
        client.hotlines.update(id, patch),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (id: string) => client.hotlines.delete(id),
      onSettled: refresh,
    }),
  };
}
