import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { useUser } from '../auth/session.js';
import { type ConsoleLanguage, LOCALE_TAGS } from './i18n.js';

/** Formats numbers in the reader's locale and times in their organisation's time zone. */
export interface Format {
  locale: string;
  timeZone: string;
  number(value: number): string;
  dateTime(iso: string): string;
  time(iso: string): string;
}

export function formatter(language: ConsoleLanguage, timeZone: string): Format {
  const locale = LOCALE_TAGS[language];
  const numbers = new Intl.NumberFormat(locale);
  const dateTimes = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone,
  });
  const times = new Intl.DateTimeFormat(locale, { timeStyle: 'medium', timeZone });
  return {
    locale,
    timeZone,
    number: (value) => numbers.format(value),
    dateTime: (iso) => dateTimes.format(new Date(iso)),
    time: (iso) => times.format(new Date(iso)),
  };
}

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
