/**
 * docs/reference/cases.md against core's constants: the state machine, the permission rules,
 * the conditions they ask, the severity of each category and the default response times. The
 * page renders each as a table; a change to the rules that the page does not follow (or the
 * other way round) fails here.
 */
import { readFileSync } from 'node:fs';
import {
  CASE_CATEGORY_SEVERITY,
  CASE_CONDITIONS,
  CASE_PERMISSION_RULES,
  CASE_STATES,
  CASE_TRANSITIONS,
  DEFAULT_CASE_RESPONSE_TIMES,
} from '@safenet/core';
import { describe, expect, it } from 'vitest';

const DOC = readFileSync(new URL('../../docs/reference/cases.md', import.meta.url), 'utf8');

/** The body rows of the table under `## heading` whose header row starts with `first`. */
function table(heading: string, first: string): string[][] {
  const start = DOC.indexOf(`\n## ${heading}\n`);
  expect(start, `cases.md has a "## ${heading}" section`).toBeGreaterThan(-1);
  const end = DOC.indexOf('\n## ', start + 1);
  const lines = DOC.slice(start, end === -1 ? undefined : end).split('\n');
  const header = lines.findIndex((line) => new RegExp(`^\\|\\s*${first}\\s*\\|`).test(line));
  expect(header, `"## ${heading}" has a table starting with "${first}"`).toBeGreaterThan(-1);
  const rows: string[][] = [];
  for (const line of lines.slice(header + 2)) {
    if (!line.startsWith('|')) break;
    rows.push(
      line
        .slice(1, -1)
        .split('|')
        .map((cell) => cell.trim()),
    );
  }
  return rows;
}

/** "`a`, `b`" → ['a', 'b']. */
const codes = (cell: string | undefined) =>
  [...(cell ?? '').matchAll(/`([^`]+)`/g)].map((m) => m[1]);

/** "15 min", "1 h", "3 days" → minutes. */
function minutes(cell: string | undefined): number {
  const match = /^(\d+) (min|h|days?)$/.exec(cell ?? '');
  expect(match, `a duration: "${cell}"`).not.toBeNull();
  const [, n, unit] = match as RegExpExecArray;
  return Number(n) * (unit === 'min' ? 1 : unit === 'h' ? 60 : 24 * 60);
}

describe('docs/reference/cases.md', () => {
  it('draws the state machine as CASE_TRANSITIONS has it, every move in order', () => {
    const rows = table('The state machine', 'action');
    expect(rows.map((row) => codes(row[0])[0])).toEqual(Object.keys(CASE_TRANSITIONS));
    for (const [action, from, to] of rows) {
      const rule = CASE_TRANSITIONS[codes(action)[0] as keyof typeof CASE_TRANSITIONS];
      expect(codes(from), `${action} from`).toEqual([...rule.from]);
      expect(codes(to), `${action} to`).toEqual([rule.to]);
    }
    // Every state is reached or left by some move, and the page names them all.
    const named = new Set(rows.flatMap((row) => [...codes(row[1]), ...codes(row[2])]));
    expect([...named].sort()).toEqual([...CASE_STATES].sort());
  });

  it('renders CASE_PERMISSION_RULES: every action, every alternative, every condition', () => {
    const rows = table('Who may do what', 'action');
    expect(rows.map((row) => codes(row[0])[0])).toEqual(Object.keys(CASE_PERMISSION_RULES));
    for (const [action, allowed] of rows) {
      const alternatives = (allowed ?? '').split('; or ').map((alternative) => codes(alternative));
      const rule = CASE_PERMISSION_RULES[codes(action)[0] as keyof typeof CASE_PERMISSION_RULES];
      expect(alternatives, `${action}`).toEqual(rule.map((all) => [...all]));
    }
  });

  it('explains every condition the rules ask, and no other', () => {
    const rows = table('Who may do what', 'condition');
    expect(rows.map((row) => codes(row[0])[0])).toEqual([...CASE_CONDITIONS]);
    for (const [condition, meaning] of rows) expect(meaning, condition).not.toBe('');
  });

  it('gives each category the severity of CASE_CATEGORY_SEVERITY', () => {
    const rows = table('Severity', 'category');
    expect(Object.fromEntries(rows.map(([c, s]) => [codes(c)[0], codes(s)[0]]))).toEqual(
      CASE_CATEGORY_SEVERITY,
    );
  });

  it('lists DEFAULT_CASE_RESPONSE_TIMES under "Response times" (the anchor config.md links)', () => {
    const rows = table('Response times', 'severity');
    const times = Object.fromEntries(
      rows.map(([severity, triage, resolve]) => [
        codes(severity)[0],
        { acknowledgeMinutes: minutes(triage), resolveMinutes: minutes(resolve) },
      ]),
    );
    expect(times).toEqual(DEFAULT_CASE_RESPONSE_TIMES);
  });
});
