import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { issues } from '../testing/zod-issues.js';
import { CampaignCopyInput, shiftDate, shiftProgramme } from './programme.copy.js';
import {
  formatProgrammeFile,
  type ProgrammeFile,
  ProgrammeFile as ProgrammeFileSchema,
  parseProgrammeFile,
} from './programme.schema.js';

const DIR = new URL('../../../../examples/campaigns/', import.meta.url);
const examples = readdirSync(DIR)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => {
    const parsed = parseProgrammeFile(readFileSync(new URL(name, DIR), 'utf8'), 'yaml');
    if (!parsed.ok) throw new Error(`${name} does not parse`);
    return parsed.file;
  });

/** Every date a file holds, in the order shiftProgramme visits them. */
function datesOf(file: ProgrammeFile): string[] {
  return [
    file.startsOn,
    file.endsOn,
    ...(file.phases ?? []).flatMap((p) => [p.startsOn, p.endsOn]),
    ...(file.plan ?? []).flatMap((s) =>
      s.items.flatMap((i) =>
        i.deadline.kind === 'window'
          ? [i.deadline.from, i.deadline.to]
          : i.deadline.kind === 'date'
            ? [i.deadline.by]
            : [],
      ),
    ),
    ...(file.announcements ?? []).flatMap((a) =>
      a.schedule.when.kind === 'at' ? [a.schedule.when.date] : [],
    ),
  ];
}

describe('copying a programme into a new period', () => {
  it('moved by whole years every example stays valid; by days only a yearly deadline may leave', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...examples),
        fc.integer({ min: -5, max: 5 }).filter((n) => n !== 0),
        fc.integer({ min: -3000, max: 3000 }),
        (file, years, days) => {
          for (const shift of [{ years }, { days: days || 1 }]) {
            const copy = shiftProgramme(file, shift, 'copy');
            const checked = ProgrammeFileSchema.safeParse(copy);
            if ('years' in shift) expect(checked.success).toBe(true);
            // Moved by days, a yearly deadline ("31 May") may leave the window: the file says
            // so at the rule, and nothing else is wrong with it.
            if (!checked.success) {
              for (const [path, code] of issues(checked)) {
                expect(code).toBe('never_fires');
                expect(path).toMatch(/\.deadline\.rrule$/);
              }
            }
            expect(datesOf(copy)).toEqual(datesOf(file).map((d) => shiftDate(d, shift)));
            expect(copy.key).toBe('copy');
            expect(copy.document).toBeUndefined();
            // The structure is kept: the same sections, items, keys and responsible executors.
            const shape = (f: ProgrammeFile) =>
              (f.plan ?? []).map((s) => [s.key, s.items.map((i) => [i.key, i.responsible])]);
            expect(shape(copy)).toEqual(shape(file));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a shift by days is undone by the opposite shift', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...examples),
        fc.integer({ min: -3000, max: 3000 }),
        (file, days) => {
          const there = shiftProgramme(file, { days }, file.key);
          const back = shiftProgramme(there, { days: -days }, file.key);
          const { document: _d, ...original } = file;
          expect(back).toEqual(original);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('moves dates on the calendar: a year later is the same day, 29 February clamps', () => {
    expect(shiftDate('2017-04-10', { years: 1 })).toBe('2018-04-10');
    expect(shiftDate('2024-02-29', { years: 1 })).toBe('2025-02-28');
    expect(shiftDate('2022-12-03', { years: 1, days: -2 })).toBe('2023-12-01');
    expect(shiftDate('2023-01-31', { months: 1 })).toBe('2023-02-28');
  });

  it('the 2017 campaign a year on: window, phases and item windows in April 2018', () => {
    const file = examples.find((f) => f.key === 'safe-internet-2017');
    if (!file) throw new Error('the 2017 example is missing');
    const copy = shiftProgramme(file, { years: 1 }, 'safe-internet-2018');
    expect([copy.startsOn, copy.endsOn]).toEqual(['2018-04-01', '2018-04-30']);
    const item5 = copy.plan?.flatMap((s) => s.items).find((i) => i.key === '5');
    expect(item5?.deadline).toEqual({ kind: 'window', from: '2018-04-10', to: '2018-04-21' });
  });

  it('refuses a shift that moves nothing, with a code', () => {
    expect(issues(CampaignCopyInput.safeParse({ key: 'x', shift: {} }))).toEqual([
      ['shift', 'shift_empty'],
    ]);
  });
  it('an exported file written as YAML reads back to the same file', () => {
    for (const file of examples) {
      const copy = shiftProgramme(file, { years: 1 }, `${file.key}-next`);
      const read = parseProgrammeFile(formatProgrammeFile(copy), 'yaml');
      expect(read.ok && read.file).toEqual(copy);
    }
  });
});
