import fc from 'fast-check';

/**
 * Test support for the campaign property tests (not exported from the package): zones with
 * offset changes and dates around them, so the properties meet gaps and repeated hours often
 * instead of once in a thousand random days.
 */

/**
 * Zones whose offsets changed: Almaty (UTC+6 → +5 on 1 March 2024, a repeated hour),
 * Moscow (DST until 2011, +4 in 2011–2014), New York (DST), Lord Howe (30-minute DST),
 * Apia (skipped 30 December 2011 whole), Havana and Santiago (changes at midnight), and
 * zones without changes (Ho Chi Minh City, Kathmandu at +5:45, UTC).
 */
export const ZONES = [
  'Asia/Almaty',
  'Asia/Ho_Chi_Minh',
  'Europe/Moscow',
  'America/New_York',
  'Australia/Lord_Howe',
  'Pacific/Apia',
  'America/Havana',
  'America/Santiago',
  'Asia/Kathmandu',
  'UTC',
] as const;

/** Days of a clock change, each with its zone. */
const CHANGES: ReadonlyArray<readonly [(typeof ZONES)[number], string]> = [
  ['Asia/Almaty', '2024-02-29'], // 00:00 +6 → 23:00 +5 on the 29th: a repeated hour
  ['Asia/Almaty', '2024-03-01'],
  ['Europe/Moscow', '2010-03-28'], // spring forward 02:00 → 03:00
  ['Europe/Moscow', '2010-10-31'], // fall back 03:00 → 02:00
  ['Europe/Moscow', '2011-03-27'], // to +4 for good
  ['Europe/Moscow', '2014-10-26'], // back to +3
  ['America/New_York', '2021-03-14'],
  ['America/New_York', '2021-11-07'],
  ['Australia/Lord_Howe', '2021-04-04'], // 30 minutes
  ['Australia/Lord_Howe', '2021-10-03'],
  ['Pacific/Apia', '2011-12-29'], // the 30th never happened
  ['Pacific/Apia', '2011-12-30'],
  ['Pacific/Apia', '2011-12-31'],
  ['America/Havana', '2022-03-13'], // at 00:00
  ['America/Havana', '2022-11-06'],
  ['America/Santiago', '2022-09-11'], // at 24:00
  ['America/Santiago', '2023-04-01'],
];
const CHANGE_DAYS = CHANGES.map(([, day]) => day);

const pad = (n: number) => String(n).padStart(2, '0');

/** A date from 2008 to 2026. */
export const anyDate = fc
  .date({
    min: new Date('2008-01-01T00:00:00Z'),
    max: new Date('2026-12-31T00:00:00Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString().slice(0, 10));

/** A date, often one with a clock change in some zone. */
export const date = fc.oneof(anyDate, fc.constantFrom(...CHANGE_DAYS));

/** Any minute of the day, `HH:mm`. */
export const time = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 }))
  .map(([h, m]) => `${pad(h)}:${pad(m)}`);

/** One of {@link ZONES}. */
export const zone = fc.constantFrom(...ZONES);

const anyInstant = fc.date({
  min: new Date('2008-01-01T00:00:00Z'),
  max: new Date('2026-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const near = (day: string, minutes: number) =>
  new Date(new Date(`${day}T00:00:00Z`).getTime() + minutes * 60_000);

/** An instant from 2008 to 2026, often within two days of a clock change. */
export const instant = fc.oneof(
  anyInstant,
  fc
    .tuple(fc.constantFrom(...CHANGE_DAYS), fc.integer({ min: -36 * 60, max: 60 * 60 }))
    .map(([day, minutes]) => near(day, minutes)),
);

/** A zone and an instant, often the night before, of or after a clock change in that zone. */
export const zoneAndInstant = fc.oneof(
  fc.tuple(zone, anyInstant),
  fc
    .tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -36 * 60, max: 36 * 60 }))
    .map(([[z, day], minutes]) => [z, near(day, minutes)] as const),
);

/** A zone and a date, often a day with a clock change in that zone. */
export const zoneAndDate = fc.oneof(fc.tuple(zone, anyDate), fc.constantFrom(...CHANGES));
