import { Card, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { RecommendationVersion } from '@safenet/sdk';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DiffPart, diffSide, versionDiff } from '../api/library-view.js';

/** One side of a diff: the removed words struck through (older), the added ones marked (newer). */
function DiffText({
  parts,
  side,
  testId,
}: {
  parts: DiffPart[];
  side: 'older' | 'newer';
  testId: string;
}) {
  return (
    <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid={testId}>
      {diffSide(parts, side).map((part, index) =>
        part.change === 'removed' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the runs of a diff have no identity but their place
          <del key={index} className="diff-removed" data-testid="diff-removed">
            {part.text}
          </del>
        ) : part.change === 'added' ? (
          // biome-ignore lint/suspicious/noArrayIndexKey: the runs of a diff have no identity but their place
          <ins key={index} className="diff-added" data-testid="diff-added">
            {part.text}
          </ins>
        ) : (
          // biome-ignore lint/suspicious/noArrayIndexKey: the runs of a diff have no identity but their place
          <span key={index}>{part.text}</span>
        ),
      )}
    </Text>
  );
}

/**
 * Two versions side by side, per language: title and body, the words that changed marked
 * (struck through in the older, underlined in the newer). By default the newest against the
 * one before it.
 */
export function VersionDiff({ versions }: { versions: RecommendationVersion[] }) {
  const { t } = useTranslation();
  const [newerNo, setNewer] = useState(versions[0]?.number ?? 1);
  const [olderNo, setOlder] = useState(versions[1]?.number ?? versions[0]?.number ?? 1);
  if (versions.length < 2) return null;
  const older = versions.find((v) => v.number === olderNo) ?? versions[1];
  const newer = versions.find((v) => v.number === newerNo) ?? versions[0];
  if (!older || !newer) return null;
  const options = versions.map((v) => ({
    value: String(v.number),
    label: t('library.versionLabel', {
      n: v.number,
      status: t(`recommendationStatus.${v.status}`),
    }),
  }));
  const diff = versionDiff(older, newer);
  return (
    <Card withBorder component="section" aria-labelledby="version-diff" data-testid="version-diff">
      <Title order={2} size="h3" id="version-diff" mb="xs">
        {t('library.compare')}
      </Title>
      <Group mb="sm">
        <Select
          label={t('library.compareOlder')}
          value={String(older.number)}
          onChange={(v) => v && setOlder(Number(v))}
          data={options}
          allowDeselect={false}
          data-testid="diff-older"
        />
        <Select
          label={t('library.compareNewer')}
          value={String(newer.number)}
          onChange={(v) => v && setNewer(Number(v))}
          data={options}
          allowDeselect={false}
          data-testid="diff-newer"
        />
      </Group>
      <Stack gap="md">
        {diff.map((d) => (
          <section
            key={d.language}
            aria-label={t(`languages.${d.language as 'ru'}`)}
            data-testid={`diff-${d.language}`}
          >
            <Text fw={600} size="sm" mb={4}>
              {t(`languages.${d.language as 'ru'}`)}
              {!d.changed && (
                <Text span size="sm" c="dimmed" fw={400}>
                  {' · '}
                  {t('library.unchanged')}
                </Text>
              )}
            </Text>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              {(['older', 'newer'] as const).map((side) => (
                <Card key={side} withBorder lang={d.language} data-testid={`diff-${side}-side`}>
                  <Text size="xs" c="dimmed">
                    {t('library.versionNumber', { n: (side === 'older' ? older : newer).number })}
                  </Text>
                  <DiffText parts={d.title} side={side} testId={`diff-${side}-title`} />
                  <DiffText parts={d.body} side={side} testId={`diff-${side}-body`} />
                </Card>
              ))}
            </SimpleGrid>
          </section>
        ))}
      </Stack>
    </Card>
  );
}
