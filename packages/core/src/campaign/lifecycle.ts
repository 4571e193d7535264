import type { FieldError } from '../errors.js';
import { type CampaignCalendar, endOfDay, localDateOf, startOfDay } from './calendar.js';
import type { CampaignStatus, IsoDate, Phase } from './model.js';

/**
 * A campaign's lifecycle. A ministry drafts a campaign, schedules it, and from then on the
 * calendar runs it: it is `active` from its first day's 00:00 and `completed` once its last day
 * has ended, both in the campaign's own time zone (Asia/Almaty for "Safe Internet" 2017), with
 * no one pressing a button. A completed campaign is archived by hand; draft, scheduled and
 * active ones can be cancelled. Archived and cancelled campaigns are history and never change.
 */

/** What each status may move to, one step at a time. */
export const CAMPAIGN_MOVES: Readonly<Record<CampaignStatus, readonly CampaignStatus[]>> = {
  draft: ['scheduled', 'cancelled'],
  scheduled: ['active', 'cancelled'],
  active: ['completed', 'cancelled'],
  completed: ['archived'],
  archived: [],
  cancelled: [],
};

/** The moves the calendar makes by itself; nobody asks for them. */
const CALENDAR_MOVES: ReadonlyArray<readonly [CampaignStatus, CampaignStatus]> = [
  ['scheduled', 'active'],
  ['active', 'completed'],
];

/**
 * The stable codes of the problems {@link moveProblems} and {@link editProblems} report, each
 * with what it means. The hub answers them as field errors of a 409/422 problem.
 */
export const CAMPAIGN_EDIT_CODES = {
  campaign_status_forbidden: 'The lifecycle does not allow this status change',
  campaign_status_by_calendar:
    'A campaign turns active and completed by itself, on its dates in its time zone',
  campaign_already_ended: 'The campaign’s last day has passed: it cannot be scheduled',
  campaign_read_only: 'An archived or cancelled campaign does not change',
  campaign_completed: 'A completed campaign can only be archived',
  campaign_start_in_past: 'The start would move to a day that has already passed',
  campaign_started: 'The campaign has begun: its start no longer moves',
  campaign_end_in_past: 'The end of a running campaign would move to a day that has passed',
  campaign_zone_locked: 'The time zone of a running campaign does not change',
  phase_started: 'A phase that has begun keeps its start and is not removed',
  phase_start_in_past: 'A phase of a running campaign would start on a day that has passed',
  phase_end_in_past: 'A phase of a running campaign would end on a day that has passed',
  deadline_in_past:
    'An item of a running campaign would be due on a day that has passed: overdue at once',
} as const;
export type CampaignEditCode = keyof typeof CAMPAIGN_EDIT_CODES;

/** What the lifecycle reads of a campaign: its status, window, zone and phases. */
export interface CampaignState extends CampaignCalendar {
  status: CampaignStatus;
}

/** True when a campaign may move from `from` to `to` in one step. Staying put is no move. */
export function canMove(from: CampaignStatus, to: CampaignStatus): boolean {
  return CAMPAIGN_MOVES[from].includes(to);
}

/**
 * The status the calendar gives a campaign at `now`: a scheduled or active campaign is
 * `completed` once its last day has ended and a scheduled one `active` from its first day's
 * 00:00, both in its own time zone (a campaign whose whole window passed unseen goes from
 * scheduled to completed at once). Every other status is its own.
 */
export function calendarStatus(
  campaign: Pick<CampaignState, 'status' | 'startsOn' | 'endsOn' | 'timeZone'>,
  now: Date,
): CampaignStatus {
  const { status, startsOn, endsOn, timeZone } = campaign;
  if (status !== 'scheduled' && status !== 'active') return status;
  if (now >= endOfDay(endsOn, timeZone)) return 'completed';
  if (status === 'scheduled' && now >= startOfDay(startsOn, timeZone)) return 'active';
  return status;
}

function problem(path: string, code: CampaignEditCode, message: string): FieldError {
  return { path, code, message };
}

/**
 * Why a person may not move `campaign` to `to` at `now` (empty when they may). The campaign's
 * status is first brought up to date with the calendar; moving to where it already is, is fine.
 */
export function moveProblems(campaign: CampaignState, to: CampaignStatus, now: Date): FieldError[] {
  const from = calendarStatus(campaign, now);
  if (from === to) return [];
  if (CALENDAR_MOVES.some(([a, b]) => a === from && b === to)) {
    const when = to === 'active' ? `on ${campaign.startsOn}` : `once ${campaign.endsOn} has ended`;
    return [
      problem(
        'status',
        'campaign_status_by_calendar',
        `the campaign becomes ${to} by itself ${when} (${campaign.timeZone}); change its dates instead`,
      ),
    ];
  }
  if (!canMove(from, to)) {
    const allowed = CAMPAIGN_MOVES[from];
    const hint = allowed.length ? `it can move to ${allowed.join(' or ')}` : 'it does not change';
    return [
      problem(
        'status',
        'campaign_status_forbidden',
        `a ${from} campaign cannot become ${to}: ${hint}`,
      ),
    ];
  }
  if (to === 'scheduled' && now >= endOfDay(campaign.endsOn, campaign.timeZone)) {
    return [
      problem(
        'endsOn',
        'campaign_already_ended',
        `the campaign ended on ${campaign.endsOn}; move its dates before scheduling it`,
      ),
    ];
  }
  return [];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * What a status forbids of an edit from `before` to `after` at `now`, as field errors with
 * stable codes ({@link CAMPAIGN_EDIT_CODES}); empty when the edit may go ahead. The status is
 * the calendar's at `now` ({@link calendarStatus}), so a scheduled campaign whose first day has
 * come is treated as active. By status:
 * - draft: anything (the file's own rules still apply);
 * - scheduled: the start may not move to a day that has passed;
 * - active: the start and the time zone stay; the end may not move before today; a phase that
 *   has begun keeps its start and stays; no phase may start or end on a day that has passed;
 *   no changed or new plan item may be due on a day that has passed (a recurring deadline's
 *   rule only counts forward, so it is left to the file's own rules);
 * - completed: nothing but the move to archived;
 * - archived, cancelled: nothing.
 * A status change in the edit is judged by {@link moveProblems}.
 */
export function editProblems<T extends CampaignState>(
  before: T,
  after: T,
  now: Date,
): FieldError[] {
  const status = calendarStatus(before, now);
  const problems: FieldError[] = [];
  if (after.status !== before.status) problems.push(...moveProblems(before, after.status, now));
  const changed = Object.keys({ ...before, ...after }).filter(
    (field) =>
      field !== 'status' &&
      !same((before as Record<string, unknown>)[field], (after as Record<string, unknown>)[field]),
  );
  if (status === 'archived' || status === 'cancelled' || status === 'completed') {
    const [code, why]: [CampaignEditCode, string] =
      status === 'completed'
        ? ['campaign_completed', 'a completed campaign can only be archived']
        : ['campaign_read_only', `a ${status} campaign does not change`];
    for (const field of changed) problems.push(problem(field, code, `${field}: ${why}`));
    return problems;
  }
  if (status === 'scheduled') {
    const today = localDateOf(now, after.timeZone);
    if (changed.includes('startsOn') && after.startsOn < today) {
      problems.push(startInPast('startsOn', after.startsOn, today));
    }
  }
  if (status === 'active') problems.push(...activeEditProblems(before, after, now));
  return problems;
}

function startInPast(path: string, date: IsoDate, today: IsoDate): FieldError {
  return problem(
    path,
    'campaign_start_in_past',
    `the start ${date} is before today (${today}): announcements of the days between would never go out`,
  );
}

function activeEditProblems(before: CampaignState, after: CampaignState, now: Date): FieldError[] {
  const problems: FieldError[] = [];
  const today = localDateOf(now, before.timeZone);
  if (after.timeZone !== before.timeZone) {
    problems.push(
      problem(
        'timeZone',
        'campaign_zone_locked',
        `the campaign is running in ${before.timeZone}; its zone no longer changes`,
      ),
    );
  }
  if (after.startsOn !== before.startsOn) {
    problems.push(
      after.startsOn < today
        ? startInPast('startsOn', after.startsOn, today)
        : problem(
            'startsOn',
            'campaign_started',
            `the campaign began on ${before.startsOn}; its start no longer moves`,
          ),
    );
  }
  if (after.endsOn !== before.endsOn && after.endsOn < today) {
    problems.push(
      problem(
        'endsOn',
        'campaign_end_in_past',
        `the end ${after.endsOn} is before today (${today}); to end the campaign now, end it today`,
      ),
    );
  }
  problems.push(...phaseProblems(before.phases ?? [], after.phases ?? [], today));
  problems.push(...deadlineProblems(before, after, today));
  return problems;
}

/** Changed or new items of a running campaign may not be due on a day that has passed. */
function deadlineProblems(
  before: CampaignState,
  after: CampaignState,
  today: IsoDate,
): FieldError[] {
  const problems: FieldError[] = [];
  const old = new Map(
    (before.plan ?? []).flatMap((section) =>
      section.items.map((item) => [item.key, item] as const),
    ),
  );
  for (const [s, section] of (after.plan ?? []).entries()) {
    for (const [i, item] of section.items.entries()) {
      const { deadline } = item;
      if (same(old.get(item.key)?.deadline, deadline)) continue;
      const due =
        deadline.kind === 'window' ? deadline.to : deadline.kind === 'date' ? deadline.by : null;
      if (due === null || due >= today) continue;
      problems.push(
        problem(
          `plan.${s}.items.${i}.deadline`,
          'deadline_in_past',
          `item "${item.key}" would be due on ${due}, before today (${today}): every responsible organisation would be overdue at once`,
        ),
      );
    }
  }
  return problems;
}

function phaseProblems(before: Phase[], after: Phase[], today: IsoDate): FieldError[] {
  const problems: FieldError[] = [];
  const afterByKey = new Map(after.map((phase, index) => [phase.key, { phase, index }]));
  for (const [index, old] of before.entries()) {
    if (old.startsOn > today || afterByKey.has(old.key)) continue;
    problems.push(
      problem(
        `phases.${index}`,
        'phase_started',
        `phase "${old.key}" began on ${old.startsOn}; it stays`,
      ),
    );
  }
  const beforeByKey = new Map(before.map((phase) => [phase.key, phase]));
  for (const [index, phase] of after.entries()) {
    const old = beforeByKey.get(phase.key);
    if (old && same(old, phase)) continue;
    if (old && old.startsOn <= today && phase.startsOn !== old.startsOn) {
      problems.push(
        problem(
          `phases.${index}.startsOn`,
          'phase_started',
          `phase "${phase.key}" began on ${old.startsOn}; its start no longer moves`,
        ),
      );
    } else if (phase.startsOn < today && phase.startsOn !== old?.startsOn) {
      problems.push(
        problem(
          `phases.${index}.startsOn`,
          'phase_start_in_past',
          `phase "${phase.key}" would start on ${phase.startsOn}, before today (${today})`,
        ),
      );
    }
    if (phase.endsOn < today && phase.endsOn !== old?.endsOn) {
      problems.push(
        problem(
          `phases.${index}.endsOn`,
          'phase_end_in_past',
          `phase "${phase.key}" would end on ${phase.endsOn}, before today (${today})`,
        ),
      );
    }
  }
  return problems;
}
