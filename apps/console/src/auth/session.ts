import { SafenetApiError } from '@safenet/sdk';
import { type QueryClient, queryOptions, useQuery } from '@tanstack/react-query';
import { client } from '../api/client.js';
import type { Session, User } from '../api/people.js';
import { setLanguage } from '../i18n/i18n.js';

/** The signed-in session, or `null` when nobody is signed in (401 `unauthenticated`). */
export const sessionQuery = queryOptions({
  queryKey: ['session'],
  queryFn: async (): Promise<Session | null> => {
    try {
      return await client.session.current();
    } catch (error) {
      if (error instanceof SafenetApiError && error.status === 401) return null;
      throw error;
    }
  },
  staleTime: 60_000,
  retry: false,
});

/** The signed-in person; only under the routes that require a session. */
export function useUser(): User {
  const { data } = useQuery(sessionQuery);
  if (!data) throw new Error('useUser outside a signed-in route');
  return data.user;
}

/** After sign-in or accepting an invitation: remember the session, speak the person's language. */
export async function startSession(queryClient: QueryClient, session: Session): Promise<void> {
  queryClient.setQueryData(sessionQuery.queryKey, session);
  await setLanguage(session.user.language);
}

/** Signs out and forgets everything cached for the person. */
export async function endSession(queryClient: QueryClient): Promise<void> {
  try {
    await client.session.signOut();
  } finally {
    queryClient.clear();
    queryClient.setQueryData(sessionQuery.queryKey, null);
  }
}
