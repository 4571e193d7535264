import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigVars } from './config.js';

const DOC_URL = new URL('../../../docs/reference/config.md', import.meta.url);

/** Defaults a fragment computes from other variables rather than declares in a schema. */
const DERIVED_DEFAULTS: Readonly<Record<string, string>> = {
  SAFENET_PUBLIC_URL: 'http://$HOST:$PORT',
};

/**
 * The rows of the markdown tables whose header row is exactly `header`, as trimmed cells,
 * up to the first line that starts with `stop` (a later section with tables of its own).
 */
function tableRows(markdown: string, header: readonly string[], stop: string): string[][] {
  const lines = markdown.split('\n').map((line) => line.trim());
  const end = lines.indexOf(stop);
  const cells = (line: string) =>
    line
      .slice(1, -1)
      .split('|')
      .map((cell) => cell.trim());
  const rows: string[][] = [];
  for (const [index, line] of lines.slice(0, end === -1 ? undefined : end).entries()) {
    if (!line.startsWith('|') || JSON.stringify(cells(line)) !== JSON.stringify(header)) continue;
    expect(lines[index + 1]).toMatch(/^\|(\s*:?-+:?\s*\|)+$/);
    for (const row of lines.slice(index + 2)) {
      if (!row.startsWith('|')) break;
      rows.push(cells(row));
    }
  }
  if (rows.length === 0) throw new Error(`no table with header | ${header.join(' | ')} |`);
  return rows;
}

/** The text of a cell's leading code span (`` `168` (7 days) `` → `168`), else the cell. */
function leadingCode(cell: string): string {
  return /^`([^`]*)`/.exec(cell)?.[1] ?? cell;
}

/** What a variable's schema gives when it is unset: its default, or undefined. */
function schemaDefault(name: string): unknown {
  const parsed = ConfigVars.shape[name as keyof typeof ConfigVars.shape].safeParse(undefined);
  if (!parsed.success) throw new Error(`${name} has no default and is required`);
  return parsed.data;
}

describe('docs/reference/config.md', () => {
  const doc = readFileSync(DOC_URL, 'utf8');
  const rows = tableRows(doc, ['variable', 'default', 'meaning'], '## For the test suite only');
  const documented = rows.map(([variable]) => leadingCode(variable ?? ''));

  it('lists every variable the configuration fragments read, once, and no other', () => {
    expect(new Set(documented).size, 'a variable listed twice').toBe(documented.length);
    const read = Object.keys(ConfigVars.shape);
    expect({
      undocumented: read.filter((name) => !documented.includes(name)),
      notRead: documented.filter((name) => !read.includes(name)),
    }).toEqual({ undocumented: [], notRead: [] });
  });

  it('gives each variable the default its schema has, and `unset` where it has none', () => {
    for (const [variable = '', cell = '', meaning = ''] of rows) {
      const name = leadingCode(variable);
      expect(meaning, name).not.toBe('');
      const fallback = schemaDefault(name);
      if (fallback !== undefined) expect(leadingCode(cell), name).toBe(String(fallback));
      else if (name in DERIVED_DEFAULTS)
        expect(leadingCode(cell), name).toBe(DERIVED_DEFAULTS[name]);
      else expect(cell, name).toBe('unset');
    }
  });
});
