import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { useUser } from '../auth/session.js';
import { type Format, formatter } from './formatter.js';
import type { ConsoleLanguage } from './i18n.js';

export type { Format } from './formatter.js';

/** The signed-in person's organisation, cached for the session. */
export function useOwnOrganisation() {
  const user = useUser();
  return useQuery({
    queryKey: ['organisations', user.orgId],
    queryFn: () => client.organisations.get(user.orgId),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** A {@link Format} for the current language and the organisation's time zone. */
export function useFormat(): Format {
  const { i18n } = useTranslation();
  const { data: org } = useOwnOrganisation();
  const timeZone = org?.timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  const language = i18n.language as ConsoleLanguage;
  return useMemo(() => formatter(language, timeZone), [language, timeZone]);
}
