/**
 * docs/reference/library.md against core's vocabularies (the topics, the version statuses,
 * the files' types and how channels carry them) and
 * docs/reference/approvals.md against the approval actions. Each page renders them as a table;
 * a value added to core that a page does not explain (or one a page explains that core no
 * longer has) fails here.
 */
import { readFileSync } from 'node:fs';
import {
  APPROVAL_ACTIONS,
  ATTACHMENT_CONTENT_TYPES,
  ATTACHMENT_MODES,
  ATTACHMENT_TYPES,
  ATTACHMENTS_PER_VERSION,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  RECOMMENDATION_STATUSES,
  RECOMMENDATION_TOPICS,
} from '@safenet/core';
import { describe, expect, it } from 'vitest';

const DOC = readFileSync(new URL('../../docs/reference/library.md', import.meta.url), 'utf8');

/** The first cells (between backquotes) of the table under `## heading` headed by `first`. */
function firstColumn(heading: string, first: string): string[] {
  const start = DOC.indexOf(`\n## ${heading}\n`);
  expect(start, `library.md has a "## ${heading}" section`).toBeGreaterThan(-1);
  const end = DOC.indexOf('\n## ', start + 1);
  const lines = DOC.slice(start, end === -1 ? undefined : end).split('\n');
  const header = lines.findIndex((line) => new RegExp(`^\\|\\s*${first}\\s*\\|`).test(line));
  expect(header, `"## ${heading}" has a table starting with "${first}"`).toBeGreaterThan(-1);
  const cells: string[] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    const cell = /^\|\s*`([^`]+)`/.exec(line);
    expect(cell, `a code in the first cell: ${line}`).not.toBeNull();
    cells.push((cell as RegExpExecArray)[1] as string);
  }
  return cells;
}

describe('docs/reference/library.md', () => {
  it('explains every topic of the vocabulary, in its order', () => {
    expect(firstColumn('Topics', 'topic')).toEqual([...RECOMMENDATION_TOPICS]);
  });

  it('explains every status of a version', () => {
    expect(firstColumn('Lifecycle', 'status')).toEqual([...RECOMMENDATION_STATUSES]);
  });

  it('lists every type a version’s files may have, with its extensions and WhatsApp kind', () => {
    expect(firstColumn('Attachments', 'type')).toEqual([...ATTACHMENT_CONTENT_TYPES]);
    const start = DOC.indexOf('\n## Attachments\n');
    const rows = DOC.slice(start, DOC.indexOf('\n## ', start + 1))
      .split('\n')
      .filter((line) => /^\| `[a-z]+\/[^`]+` /.test(line));
    for (const row of rows) {
      const [type = '', files = '', kind = ''] = row
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim());
      const entry = ATTACHMENT_TYPES[type.replaceAll('`', '') as keyof typeof ATTACHMENT_TYPES];
      expect(files, type).toBe(entry.extensions.map((e) => `\`.${e}\``).join(' '));
      expect(kind, type).toBe(entry.kind === 'image' ? 'an image' : 'a document');
    }
  });

  it('explains every way a channel carries files, and the limits core enforces', () => {
    expect(firstColumn('Attachments', 'mode')).toEqual([...ATTACHMENT_MODES]);
    expect(DOC).toContain(`at most ${ATTACHMENTS_PER_VERSION} files per version`);
    expect(DEFAULT_ATTACHMENT_MAX_BYTES).toBe(5 * 1024 * 1024);
    expect(DOC).toContain('`SAFENET_ATTACHMENT_MAX_BYTES`, 5 MiB by default');
  });

  it('explains every action of the approvals log (approvals.md)', () => {
    const page = readFileSync(
      new URL('../../docs/reference/approvals.md', import.meta.url),
      'utf8',
    );
    const start = page.indexOf('\n## The approvals log\n');
    expect(start, 'approvals.md has "## The approvals log"').toBeGreaterThan(-1);
    const rows = page
      .slice(start)
      .split('\n')
      .filter((line) => line.startsWith('| `'));
    const explained = new Set(
      rows.flatMap((row) => [...(row.split('|')[1] ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1])),
    );
    expect([...explained].sort()).toEqual([...APPROVAL_ACTIONS].sort());
  });
});
