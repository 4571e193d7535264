import { Badge, Card, Group, Select, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { type CaseSummary, roleHasScope } from '@safenet/sdk';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import {
  CASE_SEVERITIES,
  CASE_STATES,
  type CaseBoardFilters,
  caseColumns,
} from '../api/case-view.js';
import { BOARD_LIMIT, useCases, useCasesUpdates, useNow } from '../api/cases.js';
import { useUser } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { CaseAssignee } from '../components/case-assignee.js';
import { CaseClock, SeverityBadge } from '../components/case-badges.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageTitle } from '../components/page-title.js';
import { useFormat } from '../i18n/format.js';

/**
 * The triage board: the cases routed to the reader's organisation and beneath it, in columns
 * by state (the open ones; a closed state behind the filter), each with its severity in
 * words, the clock counting down, who has it and how many reports it gathered. A case alert
 * on the stream (a critical case arrived, a clock ran out) reads the board again.
 */
export function CasesPage() {
  const { t } = useTranslation();
  const user = useUser();
  const search = useSearch({ from: '/app/cases' });
  const navigate = useNavigate({ from: '/cases' });
  const cases = useCases(search);
  useCasesUpdates();
  const now = useNow();
  const set = (change: Partial<CaseBoardFilters>) =>
    void navigate({
      search: (previous: CaseBoardFilters) => {
        const next: Record<string, string | undefined> = { ...previous, ...change };
        for (const key of Object.keys(next))
          if (!next[key] || next[key] === 'open') delete next[key];
        return next as unknown as CaseBoardFilters;
      },
      replace: true,
    });
  const data = cases.data;
  const columns = data ? caseColumns(data.items, search.state) : [];

  return (
    <>
      <PageTitle title={t('cases.title')}>
        {roleHasScope(user.role, 'admin') && (
          <AnchorLink to="/cases/settings" data-testid="case-settings-link">
            {t('cases.settings')}
          </AnchorLink>
        )}
      </PageTitle>
      <Text c="dimmed" size="sm" mb="md">
        {t('cases.intro')}
      </Text>
      <Group align="end" mb="md">
        <Select
          label={t('cases.stateFilter')}
          allowDeselect={false}
          value={search.state ?? 'open'}
          onChange={(value) => value && set({ state: value as CaseBoardFilters['state'] })}
          data={[
            { value: 'open', label: t('cases.allOpen') },
            ...CASE_STATES.map((s) => ({ value: s, label: t(`cases.state.${s}`) })),
          ]}
          data-testid="cases-state-filter"
        />
        <Select
          label={t('cases.severityFilter')}
          clearable
          value={search.severity ?? null}
          onChange={(value) =>
            set({ severity: (value as CaseBoardFilters['severity']) ?? undefined })
          }
          data={CASE_SEVERITIES.map((s) => ({ value: s, label: t(`cases.severity.${s}`) }))}
          data-testid="cases-severity-filter"
        />
        <Select
          label={t('cases.assigneeFilter')}
          clearable
          value={search.assignee ?? null}
          onChange={(value) =>
            set({ assignee: (value as CaseBoardFilters['assignee']) ?? undefined })
          }
          data={[
            { value: 'me', label: t('cases.assignedToMe') },
            { value: 'none', label: t('cases.assignedToNobody') },
          ]}
          data-testid="cases-assignee-filter"
        />
      </Group>
      <ErrorAlert error={cases.error} />
      {cases.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {data && data.items.length === 0 && (
        <Text c="dimmed" data-testid="cases-empty">
          {t('cases.empty')}
        </Text>
      )}
      {data?.nextCursor && <Text size="sm">{t('cases.more', { count: BOARD_LIMIT })}</Text>}
      {data && data.items.length > 0 && (
        <SimpleGrid
          cols={{ base: 1, sm: 2, lg: Math.min(columns.length, 4) }}
          aria-busy={cases.isFetching}
          aria-label={t('cases.board')}
          component="section"
          data-testid="case-board"
        >
          {columns.map((column) => (
            <Stack key={column.state} gap="xs" data-testid={`case-column-${column.state}`}>
              <Title order={2} size="h4">
                {t(`cases.state.${column.state}`)}{' '}
                <Badge variant="outline" color="gray.7" tt="none" component="span">
                  {column.cases.length}
                </Badge>
              </Title>
              {column.cases.length === 0 ? (
                <Text c="dimmed" size="sm">
                  {t('cases.columnEmpty')}
                </Text>
              ) : (
                <Stack component="ul" gap="xs" p={0} m={0} style={{ listStyle: 'none' }}>
                  {column.cases.map((kase) => (
                    <CaseCard key={kase.id} kase={kase} now={now} />
                  ))}
                </Stack>
              )}
            </Stack>
          ))}
        </SimpleGrid>
      )}
    </>
  );
}

/** One case on the board: its number links to its page. */
function CaseCard({ kase, now }: { kase: CaseSummary; now: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Card component="li" withBorder padding="sm" data-testid="case-card" data-case={kase.id}>
      <Group justify="space-between" gap="xs" wrap="wrap">
        <AnchorLink
          to="/cases/$caseId"
          params={{ caseId: kase.id }}
          fw={700}
          data-testid="case-link"
        >
          {kase.number}
        </AnchorLink>
        <SeverityBadge severity={kase.severity} />
      </Group>
      <Text size="sm">
        {t(`cases.category.${kase.category}`)} · {t(`cases.platform.${kase.platform}`)}
      </Text>
      <CaseClock kase={kase} now={now} />
      {kase.closedAt && (
        <Text size="sm">{t('cases.closedAt', { at: format.dateTime(kase.closedAt) })}</Text>
      )}
      <Text size="sm" data-testid="case-assignee">
        {t('cases.assignee')}: <CaseAssignee assigneeId={kase.assigneeId} />
      </Text>
      <Text size="sm" c="dimmed" data-testid="case-merged">
        {t('cases.merged', { count: kase.reportCount })}
      </Text>
    </Card>
  );
}
