import { Card, Group, Select, Table, Text, Title } from '@mantine/core';
import type { RecommendationVersion } from '@safenet/sdk';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { coverageTotals } from '../api/coverage-view.js';
import { LANGUAGES } from '../api/domain.js';
import { LIBRARY_KEY } from '../api/recommendations.js';
import { useFormat } from '../i18n/format.js';
import { ErrorAlert } from './error-alert.js';

/**
 * Language coverage: the reader picks a segment (and a version, when there are several) and
 * sees, per language of its contacts, how many read the recommendation in their own language
 * and how many fall back to another (which), or have none of their languages written — as
 * sending decides it.
 */
export function RecommendationCoverage(props: {
  recommendationId: string;
  versions: readonly RecommendationVersion[];
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [segmentId, setSegmentId] = useState<string | null>(null);
  const [version, setVersion] = useState<string | null>(null);
  const segments = useQuery({
    queryKey: ['segments'],
    queryFn: () => client.segments.list({ limit: 200 }),
  });
  const coverage = useQuery({
    // Under the library's key: an edit or a move of a version reads it again.
    queryKey: [...LIBRARY_KEY, 'coverage', props.recommendationId, segmentId, version],
    queryFn: () =>
      client.recommendations.coverage(props.recommendationId, {
        segmentId: segmentId as string,
        ...(version ? { version: Number(version) } : {}),
      }),
    enabled: segmentId !== null,
    placeholderData: keepPreviousData,
  });
  const c = segmentId ? coverage.data : undefined;
  const totals = c ? coverageTotals(c.readers) : null;
  const n = format.number;
  return (
    <Card
      withBorder
      component="section"
      aria-labelledby="coverage-title"
      data-testid="recommendation-coverage"
    >
      <Title order={2} size="h4" id="coverage-title" mb={4}>
        {t('coverage.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="xs">
        {t('coverage.hint')}
      </Text>
      <Group align="end" mb="xs">
        <Select
          label={t('coverage.segment')}
          placeholder={t('coverage.pickSegment')}
          searchable
          value={segmentId}
          onChange={setSegmentId}
          data={(segments.data?.items ?? []).map((s) => ({ value: s.id, label: s.name }))}
          data-testid="coverage-segment"
        />
        {props.versions.length > 1 && (
          <Select
            label={t('coverage.version')}
            placeholder={t('coverage.shownVersion')}
            clearable
            value={version}
            onChange={setVersion}
            data={props.versions.map((v) => ({
              value: String(v.number),
              label: t('coverage.versionOption', {
                n: v.number,
                status: t(`recommendationStatus.${v.status}`),
              }),
            }))}
            data-testid="coverage-version"
          />
        )}
      </Group>
      <ErrorAlert error={segments.error ?? coverage.error} />
      {c && totals && (
        <div aria-live="polite" aria-busy={coverage.isFetching}>
          <Text size="sm" data-testid="coverage-languages">
            {t('coverage.writtenIn', {
              n: c.version,
              languages: LANGUAGES.filter((l) => c.languages.includes(l))
                .map((l) => t(`languages.${l}`))
                .join(', '),
            })}
          </Text>
          <Text size="sm" fw={600} mb="xs" data-testid="coverage-totals">
            {t('coverage.totals', {
              native: n(totals.native),
              fallback: n(totals.fallback),
              none: n(totals.none),
            })}
          </Text>
          <Table.ScrollContainer minWidth={360}>
            <Table data-testid="coverage-readers">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('coverage.contactLanguage')}</Table.Th>
                  <Table.Th>{t('coverage.contacts')}</Table.Th>
                  <Table.Th>{t('coverage.reads')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {c.readers.map((r) => (
                  <Table.Tr key={r.language} data-language={r.language}>
                    <Table.Td>{t(`languages.${r.language}`)}</Table.Td>
                    <Table.Td>{n(r.recipients)}</Table.Td>
                    <Table.Td data-testid="coverage-reads">
                      {r.contentLanguage === null ? (
                        <Text size="sm" c="red.8">
                          {t('coverage.none')}
                        </Text>
                      ) : r.fallback ? (
                        <Text size="sm" fw={600}>
                          {t('coverage.fallsBackTo', {
                            language: t(`languages.${r.contentLanguage}`),
                          })}
                        </Text>
                      ) : (
                        t('coverage.native')
                      )}
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
          {c.readers.length === 0 && <Text c="dimmed">{t('coverage.noContacts')}</Text>}
        </div>
      )}
    </Card>
  );
}
