import { Button, Card, Code, CopyButton, Group, List, Stack, Text, Title } from '@mantine/core';
import type { CaseDetail, CaseReportRecord } from '@safenet/sdk';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../i18n/format.js';

/**
 * A link as text with a copy button. Never an anchor, an image or a preview: the console
 * never opens or fetches reported content (issue 14), so a specialist copies it to check it
 * somewhere safe.
 */
export function LinkText({ url }: { url: string }) {
  const { t } = useTranslation();
  return (
    <Group gap="xs" wrap="nowrap" align="start">
      <Code style={{ wordBreak: 'break-all' }} data-testid="case-link-text">
        {url}
      </Code>
      <CopyButton value={url}>
        {({ copied, copy }) => (
          <Button
            size="compact-xs"
            variant="light"
            onClick={copy}
            aria-label={t('casePage.copyLink', { url })}
          >
            {copied ? t('common.copied') : t('common.copy')}
          </Button>
        )}
      </CopyButton>
    </Group>
  );
}

/** A term and its value in a report's description list. */
function Row({ term, children }: { term: string; children: ReactNode }) {
  return (
    <Group gap="xs" wrap="nowrap" align="start">
      <Text component="dt" size="sm" fw={600} miw={180}>
        {term}
      </Text>
      <Text
        component="dd"
        size="sm"
        m={0}
        style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}
      >
        {children}
      </Text>
    </Group>
  );
}

/** One report of a case: what was seen, where, through which door; the reporter by pseudonym. */
function ReportCard({ report }: { report: CaseReportRecord }) {
  const { t } = useTranslation();
  const format = useFormat();
  const language =
    new Intl.DisplayNames([format.locale], { type: 'language' }).of(report.language) ??
    report.language;
  const contact = report.contact
    ? [report.contact.name, report.contact.email, report.contact.phone].filter(Boolean).join(' · ')
    : '';
  return (
    <Card component="li" withBorder padding="sm" data-testid="case-report">
      <Stack component="dl" gap={4} m={0}>
        <Row term={t('casePage.reference')}>{report.reference}</Row>
        <Row term={t('casePage.sourceLabel')}>{t(`cases.source.${report.source}`)}</Row>
        <Row term={t('casePage.receivedAt')}>{format.dateTime(report.receivedAt)}</Row>
        <Row term={t('casePage.language')}>{language}</Row>
        <Row term={t('casePage.categoryLabel')}>
          {t(`cases.category.${report.category}`)} · {t(`cases.platform.${report.platform}`)}
        </Row>
        <Row term={t('casePage.description')}>{report.description}</Row>
        {report.place && <Row term={t('casePage.place')}>{report.place}</Row>}
        <Row term={t('casePage.reporter')}>
          <Code>{report.reporter}</Code>
        </Row>
        {contact && <Row term={t('casePage.contact')}>{contact}</Row>}
        {report.hearsBack && <Row term={t('casePage.hearsBack')}>✓</Row>}
        <Row term={t('casePage.links')}>
          {report.links.map((url) => (
            <LinkText key={url} url={url} />
          ))}
        </Row>
      </Stack>
    </Card>
  );
}

/** The case's links (canonical, shown as text) and its reports, oldest first. */
export function CaseReports({ kase }: { kase: CaseDetail }) {
  const { t } = useTranslation();
  return (
    <>
      <section aria-labelledby="case-links">
        <Title order={2} size="h3" id="case-links" mt="lg" mb="xs">
          {t('casePage.links')}
        </Title>
        <Text size="sm" c="dimmed" mb="xs">
          {t('casePage.linksHint')}
        </Text>
        <List listStyleType="none" spacing="xs" data-testid="case-links">
          {kase.links.map((link) => (
            <List.Item key={link.sha256}>
              <LinkText url={link.url} />
            </List.Item>
          ))}
        </List>
      </section>
      <section aria-labelledby="case-reports">
        <Title order={2} size="h3" id="case-reports" mt="lg" mb="xs">
          {t('casePage.reports')} ({kase.reports.length})
        </Title>
        <Stack component="ul" gap="sm" p={0} m={0} style={{ listStyle: 'none' }}>
          {kase.reports.map((report) => (
            <ReportCard key={report.reference} report={report} />
          ))}
        </Stack>
      </section>
    </>
  );
}
