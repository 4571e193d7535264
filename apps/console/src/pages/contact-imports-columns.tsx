import { Badge, Card, NativeSelect, Table, Text, Title } from '@mantine/core';
import type { ImportColumn, ImportField } from '@safenet/sdk';
import { useTranslation } from 'react-i18next';
import { ScrollTable } from '../components/scroll-table.js';
import { IMPORT_FIELDS } from './contact-imports-view.js';

/** The person's changes to how columns are read, kept by the page that holds the file. */
export interface MappingEdit {
  /** Column header → the field the person chose (`null`: not read). */
  chosen: Readonly<Record<string, ImportField | null>>;
  choose(header: string, field: ImportField | null): void;
}

/** The select's value for "not read" (a select's values are strings). */
const NOT_READ = '';

const SOURCE_COLORS: Record<ImportColumn['source'], string> = {
  given: 'indigo',
  saved: 'teal',
  guessed: 'blue',
  unknown: 'gray',
  child_data: 'red',
};

/**
 * The file's columns as the hub read them: the field each fills and why. With `edit`, each
 * column but a child's data has a select, so a person can correct the guess and check again;
 * a child's name or birth date is never read, and cannot be made to be.
 */
export function ImportColumns({
  columns,
  edit,
}: {
  columns: readonly ImportColumn[];
  edit?: MappingEdit | undefined;
}) {
  const { t } = useTranslation();
  const fieldName = (field: ImportField | null) =>
    field === null ? t('imports.notRead') : t(`imports.fields.${field}`);
  return (
    <Card withBorder component="section" aria-labelledby="import-columns-title">
      <Title order={2} size="h4" id="import-columns-title">
        {t('imports.columns')}
      </Title>
      {edit && (
        <Text size="sm" c="dimmed" mb="xs">
          {t('imports.columnsHint')}
        </Text>
      )}
      <ScrollTable minWidth={520}>
        <Table data-testid="import-columns">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('imports.header')}</Table.Th>
              <Table.Th>{t('imports.field')}</Table.Th>
              <Table.Th>{t('imports.why')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {columns.map((column, index) => {
              const child = column.source === 'child_data';
              const chosen =
                edit && column.header in edit.chosen ? edit.chosen[column.header] : undefined;
              const field = chosen === undefined ? column.field : chosen;
              return (
                <Table.Tr
                  // biome-ignore lint/suspicious/noArrayIndexKey: two columns may share a header; the file's order never changes
                  key={`${index}:${column.header}`}
                  data-testid="import-column"
                  data-source={column.source}
                >
                  <Table.Td>{column.header}</Table.Td>
                  <Table.Td>
                    {child ? (
                      <Text size="sm" fw={600} c="red.9">
                        {t('imports.childData')}
                      </Text>
                    ) : edit ? (
                      <NativeSelect
                        size="xs"
                        aria-label={t('imports.fieldOf', { header: column.header })}
                        value={field ?? NOT_READ}
                        onChange={(e) => {
                          const value = e.currentTarget.value;
                          edit.choose(column.header, value ? (value as ImportField) : null);
                        }}
                        data={[
                          { value: NOT_READ, label: t('imports.notRead') },
                          ...IMPORT_FIELDS.map((f) => ({ value: f, label: fieldName(f) })),
                        ]}
                      />
                    ) : (
                      fieldName(field)
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Badge variant="dot" color={SOURCE_COLORS[column.source]}>
                      {t(`imports.sources.${column.source}`)}
                    </Badge>
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      </ScrollTable>
    </Card>
  );
}
