import { Badge, Code, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useCaseAudit } from '../api/cases.js';
import { useFormat } from '../i18n/format.js';
import { ErrorAlert } from './error-alert.js';
import { ScrollTable } from './scroll-table.js';

/**
 * A case's audit trail for the organisation's admins: every read, change, assignment,
 * referral and merge, and whether the hash chain still checks (`intact`), said in words.
 */
export function CaseAudit({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const audit = useCaseAudit(caseId, true);
  const trail = audit.data;
  return (
    <section aria-labelledby="case-audit">
      <Title order={2} size="h3" id="case-audit" mt="lg" mb="xs">
        {t('casePage.audit')}
      </Title>
      <ErrorAlert error={audit.error} />
      {audit.isPending && <Text c="dimmed">{t('common.loading')}</Text>}
      {trail && (
        <>
          <Badge
            color={trail.intact ? 'teal.9' : 'red.9'}
            variant="filled"
            tt="none"
            mb="xs"
            data-testid="case-audit-intact"
            data-intact={trail.intact}
          >
            {trail.intact ? `✓ ${t('casePage.intact')}` : `⚠ ${t('casePage.broken')}`}
          </Badge>
          <ScrollTable minWidth={640}>
            <Table withTableBorder data-testid="case-audit">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('casePage.auditAt')}</Table.Th>
                  <Table.Th scope="col">{t('casePage.auditActor')}</Table.Th>
                  <Table.Th scope="col">{t('casePage.auditAction')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {trail.entries.map((entry) => (
                  <Table.Tr key={entry.seq}>
                    <Table.Td>{format.dateTime(entry.at)}</Table.Td>
                    <Table.Td>
                      <Code>{entry.actor ?? t('casePage.hub')}</Code>
                    </Table.Td>
                    <Table.Td>
                      <Code>{entry.action}</Code>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollTable>
        </>
      )}
    </section>
  );
}
