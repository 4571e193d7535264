import { Badge, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { LANGUAGES } from '../api/domain.js';
import { ErrorAlert } from '../components/error-alert.js';
import { pickedLanguage, pickText } from '../components/localized.js';
import { PageTitle } from '../components/page-title.js';

/**
 * Recommendations with the four languages side by side. A language without its own text
 * shows what its readers get instead, marked as a fallback.
 */
export function RecommendationsPage() {
  const { t } = useTranslation();
  const list = useQuery({
    queryKey: ['recommendations'],
    queryFn: () => client.recommendations.list({ limit: 200 }),
  });
  return (
    <>
      <PageTitle title={t('recommendations.title')} />
      <ErrorAlert error={list.error} />
      <Stack>
        {list.data?.items.map((r) => (
          <Card withBorder key={r.id} component="article" aria-labelledby={`rec-${r.id}`}>
            <Group gap="xs" mb="xs">
              <Title order={2} size="h4" id={`rec-${r.id}`}>
                {r.topic}
              </Title>
              <Badge variant="dot">{t(`recommendationStatus.${r.status}`)}</Badge>
            </Group>
            <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
              {LANGUAGES.map((language) => {
                const from = pickedLanguage(r.body, language);
                const own = from === language;
                return (
                  <Card
                    key={language}
                    bg={own ? undefined : 'gray.0'}
                    withBorder
                    lang={from ?? undefined}
                  >
                    <Group gap={4} mb={4}>
                      <Text fw={600} size="sm" lang={language}>
                        {t(`languages.${language}`)}
                      </Text>
                      {!own && from && (
                        <Badge size="xs" color="orange" variant="dot">
                          {t('recommendations.fallbackFrom', {
                            language: t(`languages.${from as 'ru'}`),
                          })}
                        </Badge>
                      )}
                    </Group>
                    <Text fw={600} size="sm">
                      {pickText(r.title, language)}
                    </Text>
                    <Text size="sm" lineClamp={6} style={{ whiteSpace: 'pre-line' }}>
                      {pickText(r.body, language)}
                    </Text>
                  </Card>
                );
              })}
            </SimpleGrid>
          </Card>
        ))}
        {list.data?.items.length === 0 && <Text c="dimmed">{t('common.none')}</Text>}
      </Stack>
    </>
  );
}
