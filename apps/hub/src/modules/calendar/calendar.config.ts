import { z } from 'zod';
import { configFragment } from '../../platform/config.js';

const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000 } as const;

/** `90s`, `15m`, `2h` in milliseconds, or undefined for anything else. */
export function parseGrace(text: string): number | undefined {
  const m = /^(\d{1,6})(s|m|h)$/.exec(text.trim());
  if (!m) return undefined;
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/**
 * The calendar's grace: after downtime, an occurrence missed by less than this still fires,
 * once, when the hub comes back; an older one is recorded `missed`, never sent late.
 */
export const calendarConfig = configFragment(
  {
    SAFENET_CALENDAR_GRACE: z
      .string()
      .default('15m')
      .refine((text) => parseGrace(text) !== undefined, {
        message: 'write a duration such as 90s, 15m or 2h',
      }),
  },
  (values) => ({
    calendar: { graceMs: parseGrace(values.SAFENET_CALENDAR_GRACE) as number },
  }),
);
