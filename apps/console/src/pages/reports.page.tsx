import { Button, Group, Select, Table, Text } from '@mantine/core';
import type { ReportForm } from '@safenet/sdk';
import { roleHasScope } from '@safenet/sdk';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { useOrganisations } from '../api/organisations.js';
import { currentPeriod, scheduleWords } from '../api/report-view.js';
import { useReportForms, useReportPeriods, useRollUp } from '../api/reports.js';
import { useUser } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { pickText } from '../components/localized.js';
import { PageTitle } from '../components/page-title.js';
import { ReportRate } from '../components/report-rate.js';
import { ScrollTable } from '../components/scroll-table.js';
import { formatDay, todayIn } from '../i18n/campaign-days.js';
import { useFormat } from '../i18n/format.js';
import { currentLanguage } from '../i18n/i18n.js';

/**
 * The report forms of the reader's subtree and of the campaigns above that assign it,
 * filtered by campaign (the URL's `?campaignId=`): each with its schedule in words and its
 * current period's reporting rate, linked to that period's roll-up.
 */
export function ReportsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const search = useSearch({ from: '/app/reports' });
  const navigate = useNavigate({ from: '/reports' });
  const forms = useReportForms(search.campaignId);
  const campaigns = useInfiniteQuery({
    queryKey: ['campaigns', 'list', { orgId: user.orgId }],
    queryFn: () => client.campaigns.list({ orgId: user.orgId, limit: 100 }),
    initialPageParam: '',
    getNextPageParam: () => undefined,
  });
  const language = currentLanguage();
  const shown = forms.data?.pages.flatMap((p) => p.items) ?? [];
  const campaignOptions = (campaigns.data?.pages[0]?.items ?? []).map((c) => ({
    value: c.id,
    label: pickText(c.title, language),
  }));
  return (
    <>
      <PageTitle title={t('reports.title')}>
        {roleHasScope(user.role, 'write') && (
          <Button component={Link} to="/reports/new" data-testid="new-report-form">
            {t('reports.new')}
          </Button>
        )}
      </PageTitle>
      <Text size="sm" c="dimmed" mb="md">
        {t('reports.intro')}
      </Text>
      <Group align="end" mb="md">
        <Select
          label={t('reports.campaign')}
          placeholder={t('reports.allCampaigns')}
          clearable
          searchable
          value={search.campaignId ?? null}
          onChange={(value) =>
            void navigate({ search: value ? { campaignId: value } : {}, replace: true })
          }
          data={campaignOptions}
          data-testid="reports-campaign-filter"
        />
      </Group>
      <ErrorAlert error={forms.error} />
      <ScrollTable minWidth={760}>
        <Table striped aria-busy={forms.isFetching} data-testid="report-forms">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('reports.form')}</Table.Th>
              <Table.Th scope="col">{t('reports.owner')}</Table.Th>
              <Table.Th scope="col">{t('reports.schedule')}</Table.Th>
              <Table.Th scope="col">{t('reports.current')}</Table.Th>
              <Table.Th scope="col">{t('reports.rate')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((form) => (
              <FormRow key={form.id} form={form} />
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Group mt="xs">
        {forms.isSuccess && shown.length === 0 && (
          <Text size="sm" c="dimmed" role="status">
            {t('reports.none')}
          </Text>
        )}
        {forms.hasNextPage && (
          <Button variant="light" size="xs" onClick={() => void forms.fetchNextPage()}>
            {t('reports.more')}
          </Button>
        )}
      </Group>
    </>
  );
}

/** The schedule of a form in the reader's words. */
export function ScheduleText({ form }: { form: ReportForm }) {
  const { t } = useTranslation();
  const format = useFormat();
  const words = scheduleWords(form.schedule, (day) => formatDay(format.locale, day));
  return <>{words.map((w) => t(`reports.scheduleWords.${w.key}`, { ...w.values })).join('; ')}</>;
}

/** One form: its schedule, and its current period's reporting rate in the reader's subtree. */
function FormRow({ form }: { form: ReportForm }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data: orgs = [] } = useOrganisations();
  const periods = useReportPeriods(form.id);
  const period = periods.data
    ? currentPeriod(periods.data.periods, todayIn(format.timeZone))
    : undefined;
  return (
    <Table.Tr data-testid={`report-form-${form.id}`}>
      <Table.Th scope="row" fw="normal">
        <AnchorLink to="/reports/$formId" params={{ formId: form.id }}>
          {pickText(form.title, currentLanguage())}
        </AnchorLink>
      </Table.Th>
      <Table.Td>{orgs.find((o) => o.id === form.orgId)?.name ?? '—'}</Table.Td>
      <Table.Td>
        <ScheduleText form={form} />
      </Table.Td>
      <Table.Td>
        {period ? (
          <AnchorLink
            to="/reports/$formId/periods/$periodKey"
            params={{ formId: form.id, periodKey: period.key }}
          >
            {period.key === 'once' ? t('reports.periodOnce') : period.key}
          </AnchorLink>
        ) : (
          t('reports.noPeriod')
        )}
      </Table.Td>
      <Table.Td>{period && <PeriodRate formId={form.id} periodKey={period.key} />}</Table.Td>
    </Table.Tr>
  );
}

function PeriodRate({ formId, periodKey }: { formId: string; periodKey: string }) {
  const rollUp = useRollUp(formId, periodKey, {});
  return rollUp.data ? <ReportRate rate={rollUp.data.node.completeness.reportingRate} /> : null;
}
