import { Card, List, Table, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useReportForm, useReportPeriods } from '../api/reports.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { pickText } from '../components/localized.js';
import { PageTitle } from '../components/page-title.js';
import { ReportAssignees } from '../components/report-assignees.js';
import { ScrollTable } from '../components/scroll-table.js';
import { formatDay } from '../i18n/campaign-days.js';
import { useFormat } from '../i18n/format.js';
import { currentLanguage } from '../i18n/i18n.js';
import { ScheduleText } from './reports.page.js';

/**
 * A report form: its schedule in words and its fields, who must report (the assignment
 * editor, with the expected count), and its periods, each linked to its roll-up.
 */
export function ReportFormPage() {
  const { t } = useTranslation();
  const { formId } = useParams({ from: '/app/reports/$formId' });
  const format = useFormat();
  const language = currentLanguage();
  const form = useReportForm(formId);
  const periods = useReportPeriods(formId);
  const f = form.data;
  const day = (iso: string | null) => (iso ? formatDay(format.locale, iso) : t('reports.never'));
  return (
    <>
      <PageTitle title={f ? pickText(f.title, language) : t('reports.formPage')} />
      <ErrorAlert error={form.error ?? periods.error} />
      {f && (
        <Card withBorder component="section" aria-labelledby="report-fields" mb="md">
          <Title order={2} size="h4" id="report-fields">
            {t('reports.fields')}
          </Title>
          <Text size="sm" mb="xs" data-testid="report-schedule">
            <ScheduleText form={f} />. {t('reports.zoneHint')}
          </Text>
          <List size="sm" data-testid="report-fields">
            {f.fields.map((field) => (
              <List.Item key={field.key}>
                {pickText(field.label, language)} — {t(`reports.types.${field.type}`)}
                {field.required && ` (${t('reports.required')})`}
              </List.Item>
            ))}
          </List>
        </Card>
      )}
      {f && <ReportAssignees formId={formId} />}
      {periods.data && (
        <Card withBorder component="section" aria-labelledby="report-periods">
          <Title order={2} size="h4" id="report-periods" mb="xs">
            {t('reports.periods')}
          </Title>
          <ScrollTable minWidth={560}>
            <Table striped data-testid="report-periods">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('reports.period')}</Table.Th>
                  <Table.Th scope="col">{t('reports.dates')}</Table.Th>
                  <Table.Th scope="col">{t('reports.due')}</Table.Th>
                  <Table.Th scope="col">{t('reports.locks')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {periods.data.periods.map((p) => (
                  <Table.Tr key={p.key}>
                    <Table.Th scope="row" fw="normal">
                      <AnchorLink
                        to="/reports/$formId/periods/$periodKey"
                        params={{ formId, periodKey: p.key }}
                        data-testid={`period-${p.key}`}
                      >
                        {p.key === 'once' ? t('reports.periodOnce') : p.key}
                      </AnchorLink>
                    </Table.Th>
                    <Table.Td>
                      {day(p.startsOn)} – {day(p.endsOn)}
                    </Table.Td>
                    <Table.Td>{day(p.dueOn)}</Table.Td>
                    <Table.Td>{day(p.locksOn)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </Card>
      )}
    </>
  );
}
