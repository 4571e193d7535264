import { Badge, Card, Table, Text, Title } from '@mantine/core';
import type { TargetMeasure } from '@safenet/sdk';
import { useTranslation } from 'react-i18next';
import { targetIsShare, targetState } from '../api/report-review.js';
import { useCampaignTargets } from '../api/report-review-hooks.js';
import { useFormat } from '../i18n/format.js';
import { currentLanguage } from '../i18n/i18n.js';
import { ErrorAlert } from './error-alert.js';
import { pickText } from './localized.js';
import { ReportRate } from './report-rate.js';
import { ScrollTable } from './scroll-table.js';

/**
 * A campaign's targets measured over a subtree, each beside the completeness it stands on:
 * "40 % of the expected, 60 % reported" — a share counts those who have not reported as not
 * meeting it, so it never reads as done while reports are missing. A target the reports do
 * not measure says why, in words.
 */
export function ReportTargets({
  campaignId,
  orgId,
  periodKey,
}: {
  campaignId: string;
  orgId?: string | undefined;
  periodKey?: string | undefined;
}) {
  const { t } = useTranslation();
  const targets = useCampaignTargets(campaignId, {
    ...(orgId ? { orgId } : {}),
    ...(periodKey ? { periodKey } : {}),
  });
  const items = targets.data?.items ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="report-targets" mb="md">
      <Title order={2} size="h4" id="report-targets" mb="xs">
        {t('targets.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('targets.hint')}
      </Text>
      <ErrorAlert error={targets.error} />
      {targets.data && items.length === 0 && (
        <Text size="sm" data-testid="targets-none">
          {t('targets.none')}
        </Text>
      )}
      {items.length > 0 && (
        <ScrollTable minWidth={720}>
          <Table striped data-testid="targets">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('targets.target')}</Table.Th>
                <Table.Th scope="col">{t('targets.value')}</Table.Th>
                <Table.Th scope="col">{t('targets.goal')}</Table.Th>
                <Table.Th scope="col">{t('targets.result')}</Table.Th>
                <Table.Th scope="col">{t('targets.standsOn')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((target) => (
                <TargetRow key={target.key} target={target} />
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Card>
  );
}

function TargetRow({ target }: { target: TargetMeasure }) {
  const { t } = useTranslation();
  const format = useFormat();
  const language = currentLanguage();
  const state = targetState(target);
  const figure = (value: number | null) =>
    value === null ? '—' : targetIsShare(target) ? format.percent(value) : format.number(value);
  const c = target.completeness;
  return (
    <Table.Tr data-testid={`target-${target.key}`}>
      <Table.Th scope="row" fw="normal">
        {pickText(target.title, language)}
      </Table.Th>
      <Table.Td data-testid={`target-value-${target.key}`}>{figure(target.value)}</Table.Td>
      <Table.Td>{figure(target.goal)}</Table.Td>
      <Table.Td data-testid={`target-state-${target.key}`}>
        {state.key === 'met' || state.key === 'notMet' ? (
          <Badge variant="light" color={state.key === 'met' ? 'teal' : 'orange'} c="dark.9">
            {t(`targets.state.${state.key}`)}
          </Badge>
        ) : state.key === 'unmeasurable' ? (
          t(`targets.unmeasurable.${state.code}` as 'targets.unmeasurable.no_period', {
            defaultValue: t('targets.state.unmeasurable'),
          })
        ) : (
          t(`targets.state.${state.key}`)
        )}
      </Table.Td>
      <Table.Td data-testid={`target-completeness-${target.key}`}>
        {c === null ? (
          '—'
        ) : (
          <>
            <ReportRate rate={c.reportingRate} />{' '}
            <Text component="span" size="sm">
              {t('targets.reported', {
                submitted: format.number(c.submitted),
                expected: format.number(c.expected),
              })}
            </Text>
          </>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
