import { Badge, Group, Text } from '@mantine/core';
import type { Recommendation, RecommendationStatus } from '@safenet/sdk';
import { useTranslation } from 'react-i18next';
import { LANGUAGES } from '../api/domain.js';
import { pickedLanguage } from './localized.js';

const STATUS_COLOURS: Record<RecommendationStatus, string> = {
  draft: 'gray',
  in_review: 'orange',
  published: 'green',
  archived: 'dark',
};

/** A version's status in words, coloured by how far it is from being sent. */
export function RecommendationStatusBadge({
  status,
  testId,
}: {
  status: RecommendationStatus;
  testId?: string;
}) {
  const { t } = useTranslation();
  return (
    <Badge variant="dot" color={STATUS_COLOURS[status]} data-testid={testId}>
      {t(`recommendationStatus.${status}`)}
    </Badge>
  );
}

/** Whom a version is for: its roles and children's age bands, or everyone. */
export function TargetsText({
  targetRoles,
  targetAgeBands,
}: Pick<Recommendation, 'targetRoles' | 'targetAgeBands'>) {
  const { t } = useTranslation();
  const roles = targetRoles.length
    ? targetRoles.map((r) => t(`contactRoles.${r}`)).join(', ')
    : t('library.everyRole');
  const ages = targetAgeBands.length
    ? targetAgeBands.map((b) => t('library.ageBand', { min: b.min, max: b.max })).join(', ')
    : t('library.everyAge');
  return (
    <Text size="sm" data-testid="recommendation-targets">
      {t('library.targets', { roles, ages })}
    </Text>
  );
}

/** The console's languages: written in it, or read in another one (a fallback), or not at all. */
export function LanguageCoverage({ body }: { body: Record<string, string> }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} data-testid="recommendation-languages">
      {LANGUAGES.map((language) => {
        const from = pickedLanguage(body, language);
        const own = from === language;
        return (
          <Badge
            key={language}
            size="sm"
            variant={own ? 'filled' : 'outline'}
            color={own ? 'blue.9' : 'gray.8'}
            data-language={language}
            data-own={own}
          >
            {own
              ? t(`languages.${language}`)
              : t('library.fallsBack', {
                  language: t(`languages.${language}`),
                  from: from ? t(`languages.${from as 'ru'}`) : '—',
                })}
          </Badge>
        );
      })}
    </Group>
  );
}
