import { z } from 'zod';
import { LocalTime } from '../campaign/shapes.schema.js';
import { Channel } from '../common/common.schema.js';

const dayOffsets = (what: string) =>
  z
    .array(z.int().min(0).max(366))
    .max(10)
    .refine((days) => new Set(days).size === days.length, {
      error: 'each offset once: list it once',
    })
    .default([])
    .describe(what);

/**
 * A form's nudges (issue 13): reminders `before` the due date to the expected organisations
 * that have not submitted, and `after` it a digest to each parent organisation naming its
 * children still missing (with a `report_overdue` alert). Offsets are days; each fires at
 * `time` on the wall clock of the organisation it goes to. Absent on a form: no nudges.
 *
 * @example { before: [7, 1], time: '10:00', channels: ['whatsapp', 'sms'], after: [1] }
 */
export const ReportNudges = z
  .strictObject({
    before: dayOffsets('Days before the due date a reminder goes (0: on the day), e.g. [7, 1]'),
    time: LocalTime.default('10:00').describe(
      'The wall-clock time they go, in each recipient organisation’s zone',
    ),
    channels: z.array(Channel).min(1).max(8).describe('The channels they go on, in order'),
    after: dayOffsets('Days after the due date the parent’s digest goes (0: on the day), e.g. [1]'),
  })
  .describe('Reminders before the due date and digests to parents after it');
export type ReportNudges = z.output<typeof ReportNudges>;
export type ReportNudgesInput = z.input<typeof ReportNudges>;

/** A nudge is a reminder before the due date or a digest after it. */
export const NUDGE_KINDS = ['before', 'after'] as const;
export type NudgeKind = (typeof NUDGE_KINDS)[number];
