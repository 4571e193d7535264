import { Select } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import type { Session } from '../api/people.js';
import { sessionQuery } from '../auth/session.js';
import {
  CONSOLE_LANGUAGES,
  type ConsoleLanguage,
  currentLanguage,
  LANGUAGE_NAMES,
  setLanguage,
} from '../i18n/i18n.js';

/**
 * The language menu of the header. Signed in, the choice is remembered for the person by the
 * hub (`users.updateMe`), so it follows them to another device; before sign-in, on this device.
 */
export function LanguageSwitch() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { data: session } = useQuery(sessionQuery);

  async function change(value: string | null) {
    if (!value) return;
    const language = value as ConsoleLanguage;
    await setLanguage(language);
    if (session && session.user.language !== language) {
      const user = await client.users.updateMe({ language });
      queryClient.setQueryData(sessionQuery.queryKey, { ...session, user } as Session);
    }
  }

  return (
    <Select
      aria-label={t('layout.language')}
      data-testid="language-switch"
      w={140}
      size="sm"
      allowDeselect={false}
      value={currentLanguage()}
      data={CONSOLE_LANGUAGES.map((code) => ({
        value: code,
        label: LANGUAGE_NAMES[code],
      }))}
      onChange={(value) => void change(value)}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
