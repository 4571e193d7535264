import type { ReportField, ReportValues, ScalarField } from '@safenet/core';

/**
 * The link page's form body as answers. Field names: a scalar field's key; a multiple choice
 * repeats its key; a group's cells are `<group>.<row>.<column>`. Strings become the field's
 * type; what cannot (a count of "abc") stays a string so the form's own schema refuses it
 * with its usual message, exactly as the API would. Empty answers are left out.
 */
export function valuesFromForm(
  fields: readonly ReportField[],
  body: URLSearchParams,
): ReportValues {
  const values: ReportValues = {};
  for (const field of fields) {
    if (field.type === 'group') {
      const rows = groupRows(field.key, body).flatMap((cells) => {
        const row: ReportValues = {};
        for (const column of field.fields) {
          const value = scalar(column, cells.getAll(column.key));
          if (value !== undefined) row[column.key] = value;
        }
        return Object.keys(row).length > 0 ? [row] : [];
      });
      if (rows.length > 0) values[field.key] = rows;
      continue;
    }
    const value = scalar(field, body.getAll(field.key));
    if (value !== undefined) values[field.key] = value;
  }
  return values;
}

/** How many rows of a group the page sent (filled or not), to re-render as many. */
export function rowsSent(key: string, body: URLSearchParams): number {
  return groupRows(key, body).length;
}

function groupRows(key: string, body: URLSearchParams): URLSearchParams[] {
  const rows = new Map<number, URLSearchParams>();
  const prefix = `${key}.`;
  for (const [name, value] of body) {
    if (!name.startsWith(prefix)) continue;
    const [index, column, ...rest] = name.slice(prefix.length).split('.');
    const row = Number(index);
    if (!column || rest.length > 0 || !Number.isInteger(row) || row < 0 || row > 1_000) continue;
    const cells = rows.get(row) ?? new URLSearchParams();
    rows.set(row, cells);
    cells.append(column, value);
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, cells]) => cells);
}

function scalar(field: ScalarField, raw: string[]): unknown {
  const given = raw.map((s) => s.trim()).filter((s) => s !== '');
  if (field.type === 'choice' && field.multiple) return given.length > 0 ? given : undefined;
  const [text] = given;
  if (text === undefined) return undefined;
  switch (field.type) {
    case 'count':
    case 'number': {
      const number = Number(text.replace(',', '.'));
      return Number.isFinite(number) ? number : text;
    }
    case 'yesNo':
      return text === 'yes' ? true : text === 'no' ? false : text;
    default:
      return text;
  }
}
