import { Anchor, Button, Card, Group, Select, SimpleGrid, Text, Title } from '@mantine/core';
import { type OrganisationKind, roleHasScope } from '@safenet/sdk';
import { useNavigate, useParams, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { ORGANISATION_KINDS } from '../api/domain.js';
import { useOrganisations } from '../api/organisations.js';
import { useCreateReportLink } from '../api/report-review-hooks.js';
import { rollUpColumns, rollUpRows } from '../api/report-view.js';
import {
  exportUrl,
  useMissing,
  useReportForm,
  useRollUp,
  useRollUpUpdates,
} from '../api/reports.js';
import { useUser } from '../auth/session.js';
import { ErrorAlert } from '../components/error-alert.js';
import { pickText } from '../components/localized.js';
import { OrgSelect } from '../components/org-select.js';
import { PageTitle } from '../components/page-title.js';
import { ReportLinks } from '../components/report-links.js';
import { MissingList } from '../components/report-missing.js';
import { ReportRate } from '../components/report-rate.js';
import { ApprovalState, useReview } from '../components/report-review.js';
import { RollUpTable } from '../components/report-rollup-table.js';
import { RollUpTree } from '../components/report-rollup-tree.js';
import { ReportTargets } from '../components/report-targets.js';
import { formatDay } from '../i18n/campaign-days.js';
import { useFormat } from '../i18n/format.js';
import { currentLanguage } from '../i18n/i18n.js';

/**
 * A period's roll-up of an organisation's subtree: its totals per field beside its
 * completeness (reporting rate, on-time rate, submitted of expected), a table of one row per
 * organisation at the chosen level, the subtree coloured by reporting rate (drilling down),
 * who is missing with their contacts (a writer makes each a no-login report link), the
 * period's links, approval and returns up the tree, the campaign's targets beside the
 * completeness they stand on, and the CSV. Live on `report.submitted`.
 */
export function ReportRollUpPage() {
  const { t } = useTranslation();
  const { formId, periodKey } = useParams({ from: '/app/reports/$formId/periods/$periodKey' });
  const search = useSearch({ from: '/app/reports/$formId/periods/$periodKey' });
  const navigate = useNavigate({ from: '/reports/$formId/periods/$periodKey' });
  const format = useFormat();
  const language = currentLanguage();
  const form = useReportForm(formId);
  const rollUp = useRollUp(formId, periodKey, search);
  const missing = useMissing(formId, periodKey, search.orgId);
  const { data: orgs = [] } = useOrganisations();
  useRollUpUpdates(formId, periodKey);
  const writer = roleHasScope(useUser().role, 'write');
  const levels = form.data?.approvalLevels ?? [];
  const review = useReview(formId, periodKey, levels);
  const makeLink = useCreateReportLink(formId, periodKey);
  const campaignId = form.data?.campaignId;
  const data = rollUp.data;
  const fields = form.data?.fields ?? [];
  const columns = rollUpColumns(fields);
  const [own] = data ? rollUpRows(columns, [data.node]) : [];
  const periodName = periodKey === 'once' ? t('reports.periodOnce') : periodKey;
  // The hub answers the node read without its parent (null): the reader's tree knows it.
  const parentId = orgs.find((o) => o.id === data?.node.orgId)?.parentId;
  const parent = parentId ? orgs.find((o) => o.id === parentId) : undefined;

  return (
    <>
      <PageTitle
        title={t('reports.rollUpTitle', {
          form: form.data ? pickText(form.data.title, language) : '…',
          period: periodName,
        })}
      >
        <Group gap="md">
          <Anchor
            href={exportUrl(formId, periodKey, 'csv', { ...search, language })}
            download
            data-testid="rollup-csv"
          >
            {t('reports.download')}
          </Anchor>
          <Anchor
            href={exportUrl(formId, periodKey, 'xlsx', { ...search, language })}
            download
            data-testid="rollup-xlsx"
          >
            {t('reports.downloadXlsx')}
          </Anchor>
        </Group>
      </PageTitle>
      {data && (
        <Text size="sm" c="dimmed" mb="sm">
          {formatDay(format.locale, data.period.startsOn)} –{' '}
          {formatDay(format.locale, data.period.endsOn)} · {t('reports.due')}:{' '}
          {formatDay(format.locale, data.period.dueOn)} · {t('reports.live')}
        </Text>
      )}
      <Group align="end" mb="md" wrap="wrap">
        <OrgSelect
          label={t('reports.subtree')}
          value={search.orgId ?? data?.node.orgId ?? null}
          onChange={(id) =>
            void navigate({
              search: { orgId: id, ...(search.level ? { level: search.level } : {}) },
              replace: true,
            })
          }
        />
        <Select
          label={t('reports.level')}
          clearable
          placeholder={t('reports.levelChildren')}
          value={search.level ?? null}
          onChange={(value) =>
            void navigate({
              search: {
                ...(search.orgId ? { orgId: search.orgId } : {}),
                ...(value ? { level: value as OrganisationKind } : {}),
              },
              replace: true,
            })
          }
          data={ORGANISATION_KINDS.map((k) => ({ value: k, label: t(`orgKinds.${k}`) }))}
          data-testid="rollup-level"
        />
      </Group>
      <ErrorAlert error={form.error ?? rollUp.error} />
      {rollUp.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {data && own && (
        <SimpleGrid cols={{ base: 1, md: 2 }} mb="md">
          <Card withBorder component="section" aria-labelledby="rollup-totals">
            <Title order={2} size="h4" id="rollup-totals" mb="xs">
              {t('reports.totals', { org: data.node.name })}
            </Title>
            <dl className="report-totals" data-testid="rollup-totals">
              {columns.map((c, i) => (
                <div key={c.key}>
                  <dt>
                    {pickText(c.label, language)}
                    {c.optionLabel && `: ${pickText(c.optionLabel, language)}`}
                  </dt>
                  <dd data-testid={`total-${c.key}`}>
                    {own.cells[i] === null ? '—' : format.number(own.cells[i] ?? 0)}
                  </dd>
                </div>
              ))}
            </dl>
          </Card>
          <Card withBorder component="section" aria-labelledby="rollup-completeness">
            <Title order={2} size="h4" id="rollup-completeness" mb="xs">
              {t('reports.completeness')}
            </Title>
            <dl className="report-totals" data-testid="rollup-completeness">
              <div>
                <dt>{t('reports.reportingRate')}</dt>
                <dd>
                  <ReportRate
                    rate={data.node.completeness.reportingRate}
                    testId="rollup-reporting-rate"
                  />
                </dd>
              </div>
              <div>
                <dt>{t('reports.onTimeRate')}</dt>
                <dd data-testid="rollup-on-time-rate">
                  {data.node.completeness.onTimeRate === null
                    ? '—'
                    : format.percent(data.node.completeness.onTimeRate)}
                </dd>
              </div>
              <div>
                <dt>{t('reports.expectedSubmitted')}</dt>
                <dd data-testid="rollup-submitted">
                  {t('reports.ratio', {
                    submitted: format.number(data.node.completeness.submitted),
                    expected: format.number(data.node.completeness.expected),
                  })}
                </dd>
              </div>
            </dl>
            {levels.length > 0 && (
              <Group mt="sm" gap="sm" data-testid="rollup-approval">
                <Text size="sm" fw={600}>
                  {t('review.approval')}:
                </Text>
                <ApprovalState node={data.node} />
                {review.actions(data.node)}
              </Group>
            )}
          </Card>
        </SimpleGrid>
      )}
      {review.outcome}
      {review.dialog}
      {campaignId && data && (
        <ReportTargets campaignId={campaignId} orgId={data.node.orgId} periodKey={periodKey} />
      )}
      {data && (
        <RollUpTree
          formId={formId}
          periodKey={periodKey}
          node={data.node}
          rows={data.rows}
          level={search.level}
          parent={parent ? { id: parent.id, name: parent.name } : null}
        />
      )}
      <ErrorAlert error={missing.error} />
      {missing.data && (
        <MissingList
          missing={missing.data.missing}
          {...(writer && {
            action: (org) => (
              <Button
                size="compact-sm"
                variant="light"
                loading={makeLink.isPending && makeLink.variables?.orgId === org.orgId}
                onClick={() => makeLink.mutate({ orgId: org.orgId })}
                aria-label={t('reportLinks.makeOrg', { org: org.name })}
                data-testid={`link-make-${org.orgId}`}
              >
                {t('reportLinks.make')}
              </Button>
            ),
          })}
        />
      )}
      <ReportLinks
        formId={formId}
        periodKey={periodKey}
        created={makeLink.data}
        error={makeLink.error}
        writer={writer}
      />
      {data && form.data && (
        <RollUpTable
          fields={fields}
          rows={data.rows}
          total={data.node}
          approvals={levels.length > 0}
          {...(writer && { actions: review.actions })}
        />
      )}
    </>
  );
}
