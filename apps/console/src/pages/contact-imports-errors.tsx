import { Anchor, Button, Card, Code, Group, Table, Text, Title } from '@mantine/core';
import type { ContactImport } from '@safenet/sdk';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { client } from '../api/client.js';
import { ErrorAlert } from '../components/error-alert.js';
import { ScrollTable } from '../components/scroll-table.js';
import { useFormat } from '../i18n/format.js';
import type { ConsoleLanguage } from '../i18n/i18n.js';

/** Problems per page: "show more" fetches the next one. */
const PAGE = 100;

/**
 * The rejected rows' problems — row as the spreadsheet numbers it, column, stable code and a
 * message in the reader's language (the hub words it: `lang`) — and the error report, the
 * same rows as a CSV to fix and import again.
 */
export function ImportErrors({ imp }: { imp: ContactImport }) {
  const { t, i18n } = useTranslation();
  const format = useFormat();
  const lang = i18n.language as ConsoleLanguage;
  const errors = useInfiniteQuery({
    // The status and counts are in the key: a commit checks the rows again.
    queryKey: ['contact-imports', imp.id, 'errors', lang, imp.status, imp.counts.rejected],
    queryFn: ({ pageParam }) =>
      client.contactImports.errors(imp.id, {
        lang,
        limit: PAGE,
        ...(pageParam ? { cursor: pageParam } : {}),
      }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
  const shown = errors.data?.pages.flatMap((p) => p.items) ?? [];
  const report = `/v1/contact-imports/${encodeURIComponent(imp.id)}/error-report?lang=${lang}`;
  return (
    <Card withBorder component="section" aria-labelledby="import-errors-title">
      <Group justify="space-between" wrap="wrap" mb="xs">
        <Title order={2} size="h4" id="import-errors-title">
          {t('imports.rejectedRows')}
        </Title>
        <Anchor href={report} download aria-describedby="import-report-hint" data-testid="report">
          {t('imports.report')}
        </Anchor>
      </Group>
      <Text size="sm" c="dimmed" id="import-report-hint" mb="xs">
        {t('imports.reportHint')}
      </Text>
      <ErrorAlert error={errors.error} />
      <ScrollTable minWidth={560}>
        <Table striped aria-busy={errors.isFetching} data-testid="import-errors">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.row')}</Table.Th>
              <Table.Th>{t('imports.column')}</Table.Th>
              <Table.Th>{t('imports.code')}</Table.Th>
              <Table.Th>{t('imports.message')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {shown.map((e) => (
              // A row can have several problems, one per column (or for the whole row).
              <Table.Tr
                key={`${e.row}:${e.column}:${e.code}`}
                data-testid="import-error"
                data-code={e.code}
              >
                <Table.Td>{format.number(e.row)}</Table.Td>
                <Table.Td>{e.column ?? t('imports.wholeRow')}</Table.Td>
                <Table.Td>
                  <Code>{e.code}</Code>
                </Table.Td>
                <Table.Td>{e.message}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollTable>
      {errors.hasNextPage && (
        <Button
          mt="xs"
          variant="light"
          size="xs"
          loading={errors.isFetchingNextPage}
          onClick={() => void errors.fetchNextPage()}
        >
          {t('imports.moreErrors')}
        </Button>
      )}
    </Card>
  );
}
