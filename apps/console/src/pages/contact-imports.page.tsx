import { Badge, Button, Group, Table, Text } from '@mantine/core';
import { roleHasScope } from '@safenet/sdk';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { useUser } from '../auth/session.js';
import { AnchorLink } from '../components/anchor-link.js';
import { ErrorAlert } from '../components/error-alert.js';
import { PageTitle } from '../components/page-title.js';
import { ScrollTable } from '../components/scroll-table.js';
import { useFormat } from '../i18n/format.js';

/** Imports per page: "load more" fetches the next one. */
const PAGE = 50;

const COUNTS = ['rows', 'valid', 'rejected', 'created', 'updated', 'unchanged'] as const;

/**
 * The contact imports of the person's subtree, newest first: each file with its status and
 * counts, linking to its page (the same result view the import page shows).
 */
export function ContactImportsPage() {
  const { t } = useTranslation();
  const user = useUser();
  const format = useFormat();
  const imports = useInfiniteQuery({
    queryKey: ['contact-imports', 'list'],
    queryFn: ({ pageParam }) =>
      client.contactImports.list({ limit: PAGE, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const shown = imports.data?.pages.flatMap((p) => p.items) ?? [];
  return (
    <>
      <PageTitle title={t('nav.contactImports')}>
        {roleHasScope(user.role, 'write') && (
          <Button component={Link} to="/contacts/import" variant="light" data-testid="new-import">
            {t('imports.newImport')}
          </Button>
        )}
      </PageTitle>
      <ErrorAlert error={imports.error} />
      <ScrollTable minWidth={720}>
        <Table striped highlightOnHover aria-busy={imports.isFetching} data-testid="imports">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.fileName')}</Table.Th>
              <Table.Th>{t('imports.status')}</Table.Th>
              <Table.Th>{t('imports.mode')}</Table.Th>
              {COUNTS.map((name) => (
                <Table.Th key={name} style={{ textAlign: 'end' }}>
                  {t(`imports.counts.${name}`)}
                </Table.Th>
              ))}
              <Table.Th>{t('imports.startedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((imp) => (
              <Table.Tr key={imp.id} data-testid="import-row" data-status={imp.status}>
                <Table.Td>
                  <AnchorLink to="/contacts/imports/$importId" params={{ importId: imp.id }}>
                    {imp.fileName}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>
                  <Badge variant="dot" color="gray.7">
                    {t(`imports.statuses.${imp.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{t(`imports.modes.${imp.mode}`)}</Table.Td>
                {COUNTS.map((name) => (
                  <Table.Td key={name} style={{ textAlign: 'end' }}>
                    {format.number(imp.counts[name])}
                  </Table.Td>
                ))}
                <Table.Td>{format.dateTime(imp.createdAt)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      <Group mt="xs" gap="md">
        {imports.isSuccess && shown.length === 0 && (
          <Text size="sm" c="dimmed" role="status">
            {t('imports.none')}
          </Text>
        )}
        {imports.hasNextPage && (
          <Button
            variant="light"
            size="xs"
            loading={imports.isFetchingNextPage}
            onClick={() => void imports.fetchNextPage()}
          >
            {t('imports.more')}
          </Button>
        )}
      </Group>
    </>
  );
}
