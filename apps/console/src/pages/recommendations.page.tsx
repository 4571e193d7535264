import { Button, Card, Group, Select, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { roleHasScope } from '@safenet/sdk';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CONTACT_ROLES,
  LANGUAGES,
  RECOMMENDATION_STATUSES,
  RECOMMENDATION_TOPICS,
} from '../api/domain.js';
import { useLibrary } from '../api/recommendations.js';
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
import {
  AGE_BANDS,
  type LibrarySearch,
  libraryParams,
  parseAgeBand,
} from './recommendations-search.js';

/** How long typing rests before the search runs (ms). */
const DEBOUNCE = 300;

/**
 * The recommendation library: filtered by topic, role, children's age band, language and
 * status, and searched by title, all in the URL so a filtered library can be linked. Each
 * entry shows its topic, tags, status, the published and open versions, the languages it is
 * written in (and which fall back to another) and whom it is for.
 */
export function RecommendationsPage() {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const search = useSearch({ from: '/app/recommendations' });
  const navigate = useNavigate({ from: '/recommendations' });
  const set = (change: Partial<LibrarySearch>) =>
    void navigate({
      search: (previous: LibrarySearch) => {
        const next: Record<string, string | undefined> = { ...previous, ...change };
        for (const key of Object.keys(next)) if (!next[key]) delete next[key];
        return next as LibrarySearch;
      },
      replace: true,
    });

  const [typed, setTyped] = useState(search.q ?? '');
  const [debounced] = useDebouncedValue(typed.trim(), DEBOUNCE);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a rested change of the text navigates
  useEffect(() => {
    if (debounced !== (search.q ?? '')) set({ q: debounced || undefined });
  }, [debounced]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: follows the URL only
  useEffect(() => {
    if ((search.q ?? '') !== debounced) setTyped(search.q ?? '');
  }, [search.q]);

  const list = useLibrary(libraryParams(search));
  const items = list.data?.items ?? [];
  const bands = [
    ...AGE_BANDS,
    ...(search.age && !AGE_BANDS.includes(search.age as '0-5') ? [search.age] : []),
  ];
  return (
    <>
      <PageTitle title={t('recommendations.title')}>
        <Group gap="xs">
          {roleHasScope(user.role, 'approve') && (
            <Button
              component={AnchorLink}
              to="/recommendations/review"
              variant="light"
              data-testid="review-queue-link"
            >
              {t('library.reviewQueue')}
            </Button>
          )}
          {roleHasScope(user.role, 'write') && (
            <Button
              component={AnchorLink}
              to="/recommendations/new"
              data-testid="new-recommendation"
            >
              {t('library.new')}
            </Button>
          )}
        </Group>
      </PageTitle>
      <Group align="end" mb="md" wrap="wrap" role="search">
        <TextInput
          label={t('library.search')}
          type="search"
          value={typed}
          maxLength={100}
          onChange={(e) => setTyped(e.currentTarget.value)}
          data-testid="library-q"
        />
        <Select
          label={t('library.topic')}
          clearable
          value={search.topic ?? null}
          onChange={(v) => set({ topic: (v as LibrarySearch['topic'] | null) ?? undefined })}
          data={RECOMMENDATION_TOPICS.map((x) => ({ value: x, label: t(`topics.${x}`) }))}
          data-testid="library-topic"
        />
        <Select
          label={t('library.role')}
          clearable
          value={search.role ?? null}
          onChange={(v) => set({ role: (v as LibrarySearch['role'] | null) ?? undefined })}
          data={CONTACT_ROLES.map((r) => ({ value: r, label: t(`contactRoles.${r}`) }))}
          data-testid="library-role"
        />
        <Select
          label={t('library.age')}
          clearable
          value={search.age ?? null}
          onChange={(v) => set({ age: v ?? undefined })}
          data={bands.map((b) => {
            const band = parseAgeBand(b) ?? { min: 0, max: 17 };
            return { value: b, label: t('library.ageBand', band) };
          })}
          data-testid="library-age"
        />
        <Select
          label={t('library.language')}
          clearable
          value={search.language ?? null}
          onChange={(v) => set({ language: (v as LibrarySearch['language'] | null) ?? undefined })}
          data={LANGUAGES.map((l) => ({ value: l, label: t(`languages.${l}`) }))}
          data-testid="library-language"
        />
        <Select
          label={t('library.status')}
          clearable
          value={search.status ?? null}
          onChange={(v) => set({ status: (v as LibrarySearch['status'] | null) ?? undefined })}
          data={RECOMMENDATION_STATUSES.map((s) => ({
            value: s,
            label: t(`recommendationStatus.${s}`),
          }))}
          data-testid="library-status"
        />
      </Group>
      <ErrorAlert error={list.error} />
      <Stack aria-busy={list.isFetching}>
        {items.map((r) => (
          <Card
            withBorder
            key={r.id}
            component="article"
            aria-labelledby={`rec-${r.id}`}
            data-testid="library-entry"
          >
            <Group gap="xs" mb={4} justify="space-between" wrap="wrap">
              <Title order={2} size="h4" id={`rec-${r.id}`}>
                <AnchorLink
                  to="/recommendations/$recommendationId"
                  params={{ recommendationId: r.id }}
                  data-testid="library-entry-link"
                >
                  {pickText(r.title, i18n.language)}
                </AnchorLink>
              </Title>
              <RecommendationStatusBadge status={r.status} testId="library-entry-status" />
            </Group>
            <Text size="sm" fw={600} data-testid="library-entry-topic">
              {t(`topics.${r.topic}`)}
              {r.tags.length > 0 && (
                <Text span size="sm" fw={400} c="dimmed">
                  {' · '}
                  {r.tags.map((tag) => `#${tag}`).join(' ')}
                </Text>
              )}
            </Text>
            <Text size="sm" data-testid="library-entry-versions">
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
          </Card>
        ))}
        {list.isSuccess && items.length === 0 && (
          <Text c="dimmed" data-testid="library-empty">
            {t('library.noMatch')}
          </Text>
        )}
      </Stack>
    </>
  );
}
