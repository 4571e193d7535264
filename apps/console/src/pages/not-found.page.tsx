import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../components/anchor-link.js';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Stack component="main" p="xl">
      <Title order={1}>{t('notFound.title')}</Title>
      <Text>{t('notFound.text')}</Text>
      <AnchorLink to="/broadcasts">{t('nav.broadcasts')}</AnchorLink>
    </Stack>
  );
}
