import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { type RecommendationVersion, roleHasScope } from '@safenet/sdk';
import { useParams } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { contentOf, draftOf } from '../api/recommendation-draft.js';
import { useLibraryWrites, useRecommendation } from '../api/recommendations.js';
import { useUser } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { pickText } from '../components/localized.js';
import { PageTitle } from '../components/page-title.js';
import {
  LanguageCoverage,
  RecommendationStatusBadge,
  TargetsText,
} from '../components/recommendation-badges.js';
import { RecommendationCoverage } from '../components/recommendation-coverage.js';
import { RecommendationForm } from '../components/recommendation-form.js';
import { VersionDiff } from '../components/version-diff.js';
import { VersionFiles } from '../components/version-files.js';
import { VersionMoves } from '../components/version-moves.js';
import { useFormat } from '../i18n/format.js';

/** `user:<id>` / `key:<id>` in words: the reader themself, else a person or a key. */
function useActorName() {
  const { t } = useTranslation();
  const user = useUser();
  return (actor: string) => {
    if (actor === `user:${user.id}`) return t('library.you');
    const [kind, id] = actor.split(':');
    return kind === 'key' ? t('library.apiKey', { id }) : t('library.person', { id });
  };
}

/** One version: number, status, authors, dates, its last review, its files and the reader's moves. */
function VersionCard({ id, version }: { id: string; version: RecommendationVersion }) {
  const { t } = useTranslation();
  const actor = useActorName();
  const format = useFormat();
  const dates: [string, string | null][] = [
    ['created', version.createdAt],
    ['submitted', version.submittedAt],
    ['published', version.publishedAt],
    ['archived', version.archivedAt],
  ];
  return (
    <Card
      withBorder
      component="article"
      aria-labelledby={`version-${version.number}`}
      data-testid="version"
      data-number={version.number}
      data-status={version.status}
    >
      <Group gap="xs" mb={4}>
        <Title order={3} size="h4" id={`version-${version.number}`}>
          {t('library.versionNumber', { n: version.number })}
        </Title>
        <RecommendationStatusBadge status={version.status} testId="version-status" />
      </Group>
      <Text size="sm" data-testid="version-authors">
        {t('library.authors', { names: version.authors.map(actor).join(', ') })}
      </Text>
      <Text size="sm" c="dimmed">
        {dates
          .filter(([, at]) => at)
          .map(([what, at]) =>
            t(`library.dates.${what as 'created'}`, { at: format.dateTime(at as string) }),
          )
          .join(' · ')}
      </Text>
      {version.review && (
        <Text size="sm" data-testid="version-review">
          {t(`library.review.${version.review.decision}`, {
            by: actor(version.review.by),
            at: format.dateTime(version.review.at),
          })}
          {version.review.comment && ` — «${version.review.comment}»`}
        </Text>
      )}
      <VersionFiles recommendationId={id} version={version} />
      <Group mt="xs">
        <VersionMoves recommendationId={id} version={version} />
      </Group>
    </Card>
  );
}

/**
 * A recommendation: what it says now, its versions newest first with their reviews, two
 * versions side by side with their word diff, and the moves the reader may make (edit into a
 * draft, submit, approve or reject with a comment, archive).
 */
export function RecommendationPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const { recommendationId } = useParams({ from: '/app/recommendations/$recommendationId' });
  const { one, versions } = useRecommendation(recommendationId);
  const writes = useLibraryWrites();
  const [editing, setEditing] = useState(false);
  const r = one.data;
  const list = versions.data ?? [];
  // Edits go into the open version, else a new draft copied from the published one.
  const base =
    list.find((v) => v.status === 'draft' || v.status === 'in_review') ??
    list.find((v) => v.status === 'published') ??
    list[0];
  return (
    <>
      <PageTitle title={r ? pickText(r.title, i18n.language) : t('recommendations.title')}>
        <AnchorLink to="/recommendations">{t('library.back')}</AnchorLink>
      </PageTitle>
      <ErrorAlert error={one.error ?? versions.error} />
      {r && (
        <Stack>
          <Card
            withBorder
            component="section"
            aria-label={t('library.summary')}
            data-testid="recommendation-summary"
          >
            <Group gap="xs" mb={4}>
              <RecommendationStatusBadge status={r.status} testId="recommendation-status" />
              <Badge variant="outline" color="blue.9" data-testid="recommendation-topic">
                {t(`topics.${r.topic}`)}
              </Badge>
              {r.tags.map((tag) => (
                <Badge key={tag} variant="outline" color="gray.8">
                  #{tag}
                </Badge>
              ))}
            </Group>
            <Text size="sm" data-testid="recommendation-versions">
              {t('library.versions', {
                published:
                  r.publishedVersion === null
                    ? t('library.nonePublished')
                    : t('library.versionNumber', { n: r.publishedVersion }),
                open:
                  r.openVersion === null
                    ? t('library.noneOpen')
                    : t('library.openVersion', {
                        n: r.openVersion.number,
                        status: t(`recommendationStatus.${r.openVersion.status}`),
                      }),
              })}
            </Text>
            <TargetsText targetRoles={r.targetRoles} targetAgeBands={r.targetAgeBands} />
            <LanguageCoverage body={r.body} />
            {roleHasScope(user.role, 'write') && base && !editing && (
              <Group mt="xs">
                <Button
                  size="sm"
                  variant="light"
                  onClick={() => setEditing(true)}
                  data-testid="recommendation-edit"
                >
                  {t('library.edit')}
                </Button>
              </Group>
            )}
          </Card>
          {editing && base && (
            <RecommendationForm
              initial={draftOf(base)}
              submitLabel={t('library.form.save')}
              pending={writes.update.isPending}
              error={writes.update.error}
              onCancel={() => setEditing(false)}
              onSubmit={(draft) =>
                writes.update.mutate(
                  { id: recommendationId, patch: contentOf(draft) },
                  { onSuccess: () => setEditing(false) },
                )
              }
            />
          )}
          {list.length > 1 && (
            <VersionDiff
              key={list.map((v) => `${v.number}:${v.updatedAt}`).join()}
              versions={list}
            />
          )}
          <RecommendationCoverage recommendationId={recommendationId} versions={list} />
          <Stack component="section" aria-labelledby="versions-title" gap="xs">
            <Title order={2} size="h3" id="versions-title">
              {t('library.versionsTitle')}
            </Title>
            {list.map((v) => (
              <VersionCard key={v.number} id={recommendationId} version={v} />
            ))}
          </Stack>
        </Stack>
      )}
    </>
  );
}
