import { Card, Group, Stack, Text, Title } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { LIBRARY_KEY, LIBRARY_LIMIT } from '../api/recommendations.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { pickText } from '../components/localized.js';
import { PageTitle } from '../components/page-title.js';
import {
  LanguageCoverage,
  RecommendationStatusBadge,
  TargetsText,
} from '../components/recommendation-badges.js';
import { VersionMoves } from '../components/version-moves.js';

/**
 * The content review queue: every version waiting for a decision in the reader's subtree,
 * with its text, approved or rejected (with a comment) in place. The hub refuses a decision
 * on one's own version (`approval_self`) and says so.
 */
export function RecommendationReviewPage() {
  const { t, i18n } = useTranslation();
  const queue = useQuery({
    queryKey: [...LIBRARY_KEY, 'review'],
    queryFn: async () => {
      const page = await client.recommendations.list({ status: 'in_review', limit: LIBRARY_LIMIT });
      // The list shows the published version; the queue shows the one in review.
      return Promise.all(
        page.items.map(async (r) => ({
          recommendation: r,
          version: await client.recommendations.version(r.id, r.openVersion?.number ?? r.version),
        })),
      );
    },
  });
  return (
    <>
      <PageTitle title={t('library.reviewQueue')}>
        <AnchorLink to="/recommendations">{t('library.back')}</AnchorLink>
      </PageTitle>
      <ErrorAlert error={queue.error} />
      <Stack aria-busy={queue.isFetching}>
        {queue.data?.map(({ recommendation: r, version: v }) => (
          <Card
            withBorder
            key={r.id}
            component="article"
            aria-labelledby={`review-${r.id}`}
            data-testid="review-entry"
          >
            <Group gap="xs" mb={4}>
              <Title order={2} size="h4" id={`review-${r.id}`}>
                <AnchorLink
                  to="/recommendations/$recommendationId"
                  params={{ recommendationId: r.id }}
                >
                  {pickText(v.title, i18n.language)}
                </AnchorLink>
              </Title>
              <Text size="sm">{t('library.versionNumber', { n: v.number })}</Text>
              <RecommendationStatusBadge status={v.status} />
            </Group>
            <Text size="sm" fw={600}>
              {t(`topics.${v.topic}`)}
            </Text>
            <TargetsText targetRoles={v.targetRoles} targetAgeBands={v.targetAgeBands} />
            <LanguageCoverage body={v.body} />
            <Text
              size="sm"
              mt="xs"
              lineClamp={8}
              style={{ whiteSpace: 'pre-line' }}
              data-testid="review-body"
            >
              {pickText(v.body, i18n.language)}
            </Text>
            <Group mt="xs">
              <VersionMoves recommendationId={r.id} version={v} />
            </Group>
          </Card>
        ))}
        {queue.isSuccess && queue.data.length === 0 && (
          <Text c="dimmed" data-testid="review-empty">
            {t('library.reviewEmpty')}
          </Text>
        )}
      </Stack>
    </>
  );
}
