import { Card, List, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReportMissing } from '../api/reports.js';
import { ScrollTable } from './scroll-table.js';

/**
 * Who has not submitted, each with the people who answer for its report and how to reach
 * them, and `action` (a writer's "Link") at the end of the row.
 */
export function MissingList({
  missing,
  action,
}: {
  missing: ReportMissing['missing'];
  action?: (org: ReportMissing['missing'][number]) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Card withBorder component="section" aria-labelledby="rollup-missing" mb="md">
      <Title order={2} size="h4" id="rollup-missing" mb="xs">
        {t('reports.missing')}
      </Title>
      {missing.length === 0 ? (
        <Text size="sm" data-testid="missing-none">
          {t('reports.missingNone')}
        </Text>
      ) : (
        <ScrollTable minWidth={560}>
          <Table striped data-testid="missing">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('reports.organisation')}</Table.Th>
                <Table.Th scope="col">{t('reports.contacts')}</Table.Th>
                {action && <Table.Th scope="col">{t('review.actions')}</Table.Th>}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {missing.map((org) => (
                <Table.Tr key={org.orgId} data-testid={`missing-${org.orgId}`}>
                  <Table.Th scope="row" fw="normal">
                    {org.name}
                  </Table.Th>
                  <Table.Td>
                    {org.contacts.length === 0 ? (
                      <Text size="sm" c="dimmed">
                        {t('reports.noContacts')}
                      </Text>
                    ) : (
                      <List size="sm" spacing={2}>
                        {org.contacts.map((c) => (
                          <List.Item key={c.id}>
                            {c.displayName ?? '—'} (
                            {t(`contactRoles.${c.role}` as 'contactRoles.teacher')}
                            ): {Object.values(c.addresses).join(', ')}
                          </List.Item>
                        ))}
                      </List>
                    )}
                  </Table.Td>
                  {action && <Table.Td>{action(org)}</Table.Td>}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Card>
  );
}
