import { DateTime } from 'luxon';
import { z } from 'zod';
import type { ProgrammeFile } from './programme.schema.js';
import { type Deadline, Key, LocalizedText, type When } from './shapes.schema.js';

/**
 * How far a copy moves a programme's dates: whole years, months and days, applied to each date
 * on the calendar (a school year copied `{ years: 1 }` keeps its weekdays' months and days; 29
 * February lands on 28 February in a year without it).
 *
 * @example { years: 1 }
 */
export const PeriodShift = z
  .strictObject({
    years: z.int().min(-50).max(50).optional().describe('Whole years to move every date by'),
    months: z.int().min(-600).max(600).optional().describe('Whole months to move every date by'),
    days: z.int().min(-20_000).max(20_000).optional().describe('Days to move every date by'),
  })
  .refine((s) => (s.years ?? 0) !== 0 || (s.months ?? 0) !== 0 || (s.days ?? 0) !== 0, {
    error: 'the shift moves nothing: give years, months or days, e.g. { "years": 1 }',
    params: { code: 'shift_empty' },
  })
  .describe('How far the copy’s dates move from the original’s');
export type PeriodShift = z.infer<typeof PeriodShift>;

/**
 * `POST /v1/campaigns/:id/copy`: a recurring programme (a school year, a five-year plan's next
 * year) copied into a new period — the same phases, plan, announcements and reminders with every
 * date moved by `shift`, as a new draft campaign of the same owner under `key`.
 *
 * @example { key: 'nguyen-binh-khiem-2023-2024', shift: { years: 1 } }
 */
export const CampaignCopyInput = z
  .strictObject({
    key: Key.describe('The new campaign’s key (the owner’s campaigns have unique keys)'),
    shift: PeriodShift,
    title: LocalizedText.optional().describe('The copy’s title; default: the original’s'),
  })
  .describe('A campaign copied into a new period');
export type CampaignCopyInput = z.input<typeof CampaignCopyInput>;

/** `date` moved by `shift` on the calendar. */
export function shiftDate(date: string, shift: PeriodShift): string {
  const moved = DateTime.fromISO(date, { zone: 'utc' }).plus({
    years: shift.years ?? 0,
    months: shift.months ?? 0,
    days: shift.days ?? 0,
  });
  return moved.toFormat('yyyy-MM-dd');
}

function shiftDeadline(deadline: Deadline, shift: PeriodShift): Deadline {
  switch (deadline.kind) {
    case 'window':
      return {
        ...deadline,
        from: shiftDate(deadline.from, shift),
        to: shiftDate(deadline.to, shift),
      };
    case 'date':
      return { ...deadline, by: shiftDate(deadline.by, shift) };
    case 'ongoing':
    case 'recurring':
      // A recurrence is bounded by the window, which moves: its dates follow.
      return deadline;
  }
}

function shiftWhen(when: When, shift: PeriodShift): When {
  return when.kind === 'at' ? { ...when, date: shiftDate(when.date, shift) } : when;
}

/**
 * A programme file for a new period: every date of the window, phases, deadlines and
 * announcements at a fixed date moved by `shift`; relative and recurring rules kept (they count
 * from the moved window). The document the original transcribes is not the copy's: it is left
 * out, as is the original's key. Pure: the hub loads the result like any file.
 *
 * @example
 * shiftProgramme(file, { years: 1 }, 'nguyen-binh-khiem-2023-2024').startsOn; // '2023-12-03'
 */
export function shiftProgramme(
  file: ProgrammeFile,
  shift: PeriodShift,
  key: string,
): ProgrammeFile {
  const { document: _document, ...rest } = file;
  return {
    ...rest,
    key,
    startsOn: shiftDate(file.startsOn, shift),
    endsOn: shiftDate(file.endsOn, shift),
    ...(file.phases
      ? {
          phases: file.phases.map((phase) => ({
            ...phase,
            startsOn: shiftDate(phase.startsOn, shift),
            endsOn: shiftDate(phase.endsOn, shift),
          })),
        }
      : {}),
    ...(file.plan
      ? {
          plan: file.plan.map((section) => ({
            ...section,
            items: section.items.map((item) => ({
              ...item,
              deadline: shiftDeadline(item.deadline, shift),
            })),
          })),
        }
      : {}),
    ...(file.announcements
      ? {
          announcements: file.announcements.map((a) => ({
            ...a,
            schedule: { ...a.schedule, when: shiftWhen(a.schedule.when, shift) },
          })),
        }
      : {}),
  };
}
