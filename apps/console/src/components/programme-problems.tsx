import { Card, Table, Title } from '@mantine/core';
import type { FieldError } from '@safenet/sdk';
import { useTranslation } from 'react-i18next';

/**
 * A programme's problems (`programme_invalid`), by path, with line and column where the hub
 * found them: a loaded file's, or a copy's whose shifted dates break a rule.
 */
export function ProgrammeProblems({ problems }: { problems: readonly FieldError[] }) {
  const { t } = useTranslation();
  return (
    <Card withBorder component="section" aria-labelledby="programme-problems">
      <Title order={2} size="h4" id="programme-problems" mb="xs">
        {t('programme.problems', { count: problems.length })}
      </Title>
      <Table striped data-testid="programme-problems">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('programme.path')}</Table.Th>
            <Table.Th>{t('programme.where')}</Table.Th>
            <Table.Th>{t('programme.message')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {problems.map((p) => (
            <Table.Tr
              key={`${p.path}/${p.code}/${p.line}/${p.column}/${p.message}`}
              data-testid="programme-problem"
            >
              <Table.Td>
                <code>{p.path || '—'}</code>
              </Table.Td>
              <Table.Td data-testid="programme-problem-where">
                {p.line !== undefined
                  ? t('programme.lineColumn', { line: p.line, column: p.column ?? 1 })
                  : '—'}
              </Table.Td>
              <Table.Td>{p.message}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Card>
  );
}
