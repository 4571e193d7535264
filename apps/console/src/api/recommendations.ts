import type {
  RecommendationInput,
  RecommendationListParams,
  RecommendationPatch,
} from '@safenet/sdk';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { client } from './client.js';

/** The query key of everything about the library: every move reads it all again. */
export const LIBRARY_KEY = ['recommendations'] as const;

/** The library shows this many entries at most; the filters narrow a longer list. */
export const LIBRARY_LIMIT = 200;

/** A page of the library, filtered by the hub. */
export function useLibrary(params: RecommendationListParams) {
  return useQuery({
    queryKey: [...LIBRARY_KEY, 'list', params],
    queryFn: () => client.recommendations.list({ ...params, limit: LIBRARY_LIMIT }),
    placeholderData: keepPreviousData,
  });
}

/** One recommendation as its readers see it, and its versions, newest first. */
export function useRecommendation(id: string) {
  const one = useQuery({
    queryKey: [...LIBRARY_KEY, 'one', id],
    queryFn: () => client.recommendations.get(id),
  });
  const versions = useQuery({
    queryKey: [...LIBRARY_KEY, 'versions', id],
    queryFn: () => client.recommendations.versions(id),
  });
  return { one, versions };
}

/**
 * A draft's files: adding one (a `File` the person picked; the hub reads its type from its
 * bytes) and removing one. Each reads the library again when it lands.
 */
export function useVersionFiles(id: string, number: number) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: LIBRARY_KEY });
  return {
    upload: useMutation({
      mutationFn: (file: File) =>
        client.recommendations.uploadAttachment(id, number, { data: file, filename: file.name }),
      onSuccess: refresh,
    }),
    remove: useMutation({
      mutationFn: (attachmentId: string) =>
        client.recommendations.removeAttachment(id, number, attachmentId),
      onSettled: refresh,
    }),
  };
}

/** A lifecycle move on one version (`reject` carries its comment). */
export type VersionMove =
  | { move: 'submit' | 'approve' | 'archive'; number: number }
  | { move: 'reject'; number: number; comment: string };

/** The library's writes; each reads the library again when it lands. */
export function useLibraryWrites() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: LIBRARY_KEY });
  return {
    create: useMutation({
      mutationFn: (input: RecommendationInput) => client.recommendations.create(input),
      onSuccess: refresh,
    }),
    update: useMutation({
      mutationFn: ({ id, patch }: { id: string; patch: RecommendationPatch }) =>
        client.recommendations.update(id, patch),
      onSuccess: refresh,
    }),
    move: useMutation({
      mutationFn: ({ id, move }: { id: string; move: VersionMove }) => {
        const r = client.recommendations;
        switch (move.move) {
          case 'submit':
            return r.submit(id, move.number);
          case 'approve':
            return r.approve(id, move.number);
          case 'archive':
            return r.archive(id, move.number);
          case 'reject':
            return r.reject(id, move.number, { comment: move.comment });
        }
      },
      onSettled: refresh,
    }),
  };
}
