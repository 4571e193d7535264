import {
  type FieldError,
  guessImportColumn,
  IMPORT_FIELDS,
  type ImportColumn,
  type ImportField,
  type ImportKey,
  type ImportMapping,
  SafenetError,
} from '@safenet/core';

/**
 * Columns the error report adds to a file: a person fixes the rows and uploads the report
 * again, and these are not read.
 */
export const REPORT_COLUMNS = ['error_row', 'error_column', 'error_code', 'error_message'] as const;

const KEY_FIELDS: Record<ImportKey, readonly ImportField[]> = {
  externalRef: ['externalRef'],
  phone: ['phone', 'whatsapp'],
  email: ['email'],
};

/**
 * How each column of a file is read: as the request maps it, else as the organisation's saved
 * mapping does, else as its header's words suggest. A column holding a child's name or birth
 * date is never read, whatever the request says. Refused with `import_mapping_invalid`, every
 * problem listed: a mapped header the file lacks, a field two columns fill, no column for the
 * key, no role column and no default role.
 */
export function decideColumns(
  headers: readonly string[],
  given: ImportMapping,
  saved: Readonly<Record<string, string | null>>,
  needs: { key: ImportKey; defaultRole: boolean },
): ImportColumn[] {
  const problems: FieldError[] = [];
  for (const header of Object.keys(given)) {
    if (!headers.includes(header)) {
      problems.push({
        path: `query.mapping.${header}`,
        code: 'unknown_column',
        message: `the file has no column "${header}"; its columns are: ${headers.join(', ')}`,
      });
    }
  }
  const columns = headers.map((header): ImportColumn => {
    const guess = (REPORT_COLUMNS as readonly string[]).includes(header)
      ? null
      : guessImportColumn(header);
    if (guess === 'child_data') {
      if (given[header]) {
        problems.push({
          path: `query.mapping.${header}`,
          code: 'child_data',
          message: `"${header}" holds a child's name or birth date: Safenet never stores children's data; map it to null or leave it out`,
        });
      }
      return { header, field: null, source: 'child_data' };
    }
    if (header in given) return { header, field: given[header] ?? null, source: 'given' };
    const remembered = saved[header];
    if (remembered !== undefined && remembered !== null && isField(remembered)) {
      return { header, field: remembered, source: 'saved' };
    }
    if (remembered === null) return { header, field: null, source: 'saved' };
    return guess === null
      ? { header, field: null, source: 'unknown' }
      : { header, field: guess, source: 'guessed' };
  });

  const seen = new Map<ImportField, string>();
  for (const column of columns) {
    if (column.field === null) continue;
    const first = seen.get(column.field);
    if (first !== undefined) {
      problems.push({
        path: `query.mapping.${column.header}`,
        code: 'field_twice',
        message: `"${column.header}" and "${first}" both fill ${column.field}: map one of them to null`,
      });
    } else seen.set(column.field, column.header);
  }
  if (!KEY_FIELDS[needs.key].some((field) => seen.has(field))) {
    problems.push({
      path: 'query.key',
      code: 'key_column_missing',
      message: `rows are matched on ${needs.key}, but no column is mapped to ${KEY_FIELDS[needs.key].join(' or ')}`,
    });
  }
  if (!seen.has('role') && !needs.defaultRole) {
    problems.push({
      path: 'query.defaultRole',
      code: 'role_column_missing',
      message: 'no column gives the role: map one to role, or give defaultRole (e.g. parent)',
    });
  }
  if (problems.length > 0) {
    throw new SafenetError('import_mapping_invalid', problems.map((p) => p.message).join('; '), {
      errors: problems,
    });
  }
  return columns;
}

function isField(value: string): value is ImportField {
  return (IMPORT_FIELDS as readonly string[]).includes(value);
}

/** The mapping a finished upload saves for its organisation: header → field, as read. */
export function mappingOf(columns: readonly ImportColumn[]): Record<string, string | null> {
  return Object.fromEntries(
    columns.filter((c) => c.source !== 'child_data').map((c) => [c.header, c.field]),
  );
}
