import { Button, Card, Table, Text, Title } from '@mantine/core';
import type { CreatedReportLink } from '@safenet/sdk';
import { useTranslation } from 'react-i18next';
import { useOrganisations } from '../api/organisations.js';
import { useReportLinks, useRevokeReportLink } from '../api/report-review-hooks.js';
import { useFormat } from '../i18n/format.js';
import { CopyAlert } from './copy-alert.js';
import { ErrorAlert } from './error-alert.js';
import { ScrollTable } from './scroll-table.js';

/**
 * The period's no-login report links: the one just made (its URL to copy, shown this once,
 * and its expiry), then every link newest first, with its language, expiry and last use; a
 * writer revokes one. Whether a link has expired is the hub's to say (its clock, not the
 * reader's): the list gives the date.
 */
export function ReportLinks({
  formId,
  periodKey,
  created,
  error,
  writer,
}: {
  formId: string;
  periodKey: string;
  created: CreatedReportLink | undefined;
  error: unknown;
  writer: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const { data: orgs = [] } = useOrganisations();
  const links = useReportLinks(formId, periodKey);
  const revoke = useRevokeReportLink(formId, periodKey);
  const name = (id: string) => orgs.find((o) => o.id === id)?.name ?? id;
  const items = links.data?.items ?? [];
  return (
    <Card withBorder component="section" aria-labelledby="report-links" mb="md">
      <Title order={2} size="h4" id="report-links" mb="xs">
        {t('reportLinks.reportLinks')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('reportLinks.reportLinksHint')}
      </Text>
      {created && (
        <CopyAlert
          title={t('reportLinks.created', {
            org: name(created.orgId),
            expires: format.dateTime(created.expiresAt),
          })}
          value={created.url}
          mb="sm"
          // The light teal's own title colour falls short of 4.5:1 on its background.
          styles={{ title: { color: 'var(--mantine-color-dark-9)' } }}
          data-testid="link-created"
        />
      )}
      <ErrorAlert error={error ?? links.error ?? revoke.error} />
      {items.length === 0 ? (
        <Text size="sm" data-testid="links-none">
          {t('reportLinks.none')}
        </Text>
      ) : (
        <ScrollTable minWidth={640}>
          <Table striped data-testid="links">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('reports.organisation')}</Table.Th>
                <Table.Th scope="col">{t('reportLinks.language')}</Table.Th>
                <Table.Th scope="col">{t('reportLinks.expires')}</Table.Th>
                <Table.Th scope="col">{t('reportLinks.lastUsed')}</Table.Th>
                <Table.Th scope="col">{t('reports.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((link) => (
                <Table.Tr key={link.id} data-testid={`link-${link.id}`}>
                  <Table.Th scope="row" fw="normal">
                    {name(link.orgId)}
                  </Table.Th>
                  <Table.Td>{t(`languages.${link.language}`)}</Table.Td>
                  <Table.Td>{format.dateTime(link.expiresAt)}</Table.Td>
                  <Table.Td>{link.lastUsedAt ? format.dateTime(link.lastUsedAt) : '—'}</Table.Td>
                  <Table.Td>
                    {link.revokedAt ? (
                      t('reportLinks.revokedOn', { at: format.dateTime(link.revokedAt) })
                    ) : writer ? (
                      <Button
                        size="compact-sm"
                        variant="default"
                        color="red"
                        loading={revoke.isPending && revoke.variables === link.id}
                        onClick={() => revoke.mutate(link.id)}
                        aria-label={t('reportLinks.revokeOrg', { org: name(link.orgId) })}
                        data-testid={`revoke-${link.id}`}
                      >
                        {t('reportLinks.revoke')}
                      </Button>
                    ) : (
                      t('reportLinks.active')
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </ScrollTable>
      )}
    </Card>
  );
}
