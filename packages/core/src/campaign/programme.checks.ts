import { recurrenceProblem } from './recurrence.js';

/**
 * The rules of validity that span fields of a programme file: dates inside the window, phases
 * in order, keys unique, anchors that name what exists, RRULEs that fire. They read the raw
 * value defensively, so they run even when parts of the file have the wrong shape, and a file
 * with many mistakes gets them all reported at once. The shape itself is zod's job.
 */

/** One cross-field problem: where, a stable code, and what to fix. */
export interface CheckProblem {
  path: (string | number)[];
  code: ProgrammeCheckCode;
  message: string;
}

/** The codes these checks report; `docs/reference/campaign-file.md` lists them. */
export const PROGRAMME_CHECK_CODES = [
  'dates_inverted',
  'outside_window',
  'phases_out_of_order',
  'phases_overlap',
  'duplicate_key',
  'unknown_phase',
  'unknown_item',
  'no_due_date',
  'invalid_rrule',
  'never_fires',
  'no_goal',
  'goal_misplaced',
] as const;
export type ProgrammeCheckCode = (typeof PROGRAMME_CHECK_CODES)[number];

type Path = (string | number)[];
type Rec = Record<string, unknown>;

const isRec = (value: unknown): value is Rec =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** A real calendar date in YYYY-MM-DD form, or undefined (the shape check reports it). */
function day(value: unknown): string | undefined {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const parsed = new Date(`${value}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== value
    ? undefined
    : value;
}

interface Window {
  from: string;
  to: string;
}

/** Every cross-field problem of a programme file (raw, possibly ill-shaped). */
export function programmeProblems(raw: unknown): CheckProblem[] {
  const problems: CheckProblem[] = [];
  if (!isRec(raw)) return problems;
  const add = (path: Path, code: ProgrammeCheckCode, message: string) =>
    problems.push({ path, code, message });

  const startsOn = day(raw.startsOn);
  const endsOn = day(raw.endsOn);
  if (startsOn && endsOn && startsOn > endsOn) {
    add(
      ['endsOn'],
      'dates_inverted',
      `endsOn ${endsOn} is before startsOn ${startsOn}: the campaign must end on or after its first day`,
    );
  }
  const window: Window | null =
    startsOn && endsOn && startsOn <= endsOn ? { from: startsOn, to: endsOn } : null;
  const inside = (path: Path, date: string | undefined, what: string) => {
    if (window && date && (date < window.from || date > window.to)) {
      add(
        path,
        'outside_window',
        `${what} ${date} is outside the campaign window ${window.from} – ${window.to}: move it inside or widen startsOn/endsOn`,
      );
    }
  };
  const uniqueKeys = (items: unknown[], at: (index: number) => Path, what: string) => {
    const seen = new Map<string, Path>();
    items.forEach((item, index) => {
      const key = isRec(item) ? str(item.key) : undefined;
      if (key === undefined) return;
      const first = seen.get(key);
      if (first) {
        add(
          [...at(index), 'key'],
          'duplicate_key',
          `the ${what} key "${key}" is already used at ${formatPath(first)}: give each ${what} its own key`,
        );
      } else seen.set(key, [...at(index), 'key']);
    });
  };

  // Phases: inside the window, each in order after the one before, none overlapping.
  const phases = list(raw.phases);
  uniqueKeys(phases, (i) => ['phases', i], 'phase');
  const phaseKeys = new Set(phases.flatMap((p) => (isRec(p) && str(p.key) ? [p.key] : [])));
  let previous: { key: unknown; from: string; to: string } | null = null;
  phases.forEach((phase, i) => {
    if (!isRec(phase)) return;
    const from = day(phase.startsOn);
    const to = day(phase.endsOn);
    inside(['phases', i, 'startsOn'], from, 'the phase starts on');
    inside(['phases', i, 'endsOn'], to, 'the phase ends on');
    if (!from || !to) return;
    if (from > to) {
      add(
        ['phases', i, 'endsOn'],
        'dates_inverted',
        `the phase ends on ${to}, before it starts on ${from}`,
      );
      return;
    }
    if (previous && from < previous.from) {
      add(
        ['phases', i, 'startsOn'],
        'phases_out_of_order',
        `phase "${String(phase.key)}" starts before the phase listed above it ("${String(previous.key)}"): list phases in date order`,
      );
    } else if (previous && from <= previous.to) {
      add(
        ['phases', i, 'startsOn'],
        'phases_overlap',
        `phase "${String(phase.key)}" starts on ${from}, while "${String(previous.key)}" runs until ${previous.to}: phases must not overlap`,
      );
    }
    previous = { key: phase.key, from, to };
  });

  uniqueKeys(list(raw.targets), (i) => ['targets', i], 'target');
  list(raw.targets).forEach((target, t) => {
    if (isRec(target)) targetGoalProblems(target, ['targets', t], add);
  });

  // The plan: section keys unique, item keys unique across the whole plan, deadlines inside.
  const sections = list(raw.plan);
  uniqueKeys(sections, (i) => ['plan', i], 'section');
  const items: { path: Path; item: Rec }[] = [];
  sections.forEach((section, s) => {
    if (!isRec(section)) return;
    list(section.items).forEach((item, i) => {
      if (isRec(item)) items.push({ path: ['plan', s, 'items', i], item });
    });
  });
  const itemPaths = items.map((entry) => entry.path);
  uniqueKeys(
    items.map((entry) => entry.item),
    (i) => itemPaths[i] ?? [],
    'plan item',
  );
  const itemsByKey = new Map<string, Rec>();
  for (const { path, item } of items) {
    const key = str(item.key);
    if (key !== undefined && !itemsByKey.has(key)) itemsByKey.set(key, item);
    if (item.phase !== undefined && typeof item.phase === 'string' && !phaseKeys.has(item.phase)) {
      add([...path, 'phase'], 'unknown_phase', unknownPhase(item.phase, phaseKeys));
    }
    const deadline = item.deadline;
    if (!isRec(deadline)) continue;
    const at = [...path, 'deadline'];
    if (deadline.kind === 'window') {
      const from = day(deadline.from);
      const to = day(deadline.to);
      if (from && to && from > to) {
        add(
          [...at, 'to'],
          'dates_inverted',
          `the window ends on ${to}, before it opens on ${from}`,
        );
      }
      inside([...at, 'from'], from, 'the deadline window opens on');
      inside([...at, 'to'], to, 'the deadline window closes on');
    } else if (deadline.kind === 'date') {
      inside([...at, 'by'], day(deadline.by), 'the deadline');
    } else if (deadline.kind === 'recurring') {
      checkRrule([...at, 'rrule'], deadline.rrule);
    }
  }

  function checkRrule(path: Path, value: unknown) {
    if (typeof value !== 'string') return;
    // Without a valid window only whether it parses can be told: any year will do for that.
    const problem = recurrenceProblem(value, window ?? { from: '2000-01-01', to: '2000-12-31' });
    if (!problem) return;
    if (problem.code !== 'rrule_never_fires') {
      add(path, 'invalid_rrule', `${problem.message}; e.g. "FREQ=MONTHLY;BYMONTHDAY=25"`);
    } else if (window) {
      add(
        path,
        'never_fires',
        `"${value}" never fires inside the campaign window ${window.from} – ${window.to}: change the rule or the window`,
      );
    }
  }

  // Announcements: anchors name existing phases and items that have a due date.
  const announcements = list(raw.announcements);
  uniqueKeys(announcements, (i) => ['announcements', i], 'announcement');
  announcements.forEach((announcement, i) => {
    if (!isRec(announcement) || !isRec(announcement.schedule)) return;
    const when = announcement.schedule.when;
    if (!isRec(when)) return;
    const at: Path = ['announcements', i, 'schedule', 'when'];
    if (when.kind === 'recurring') checkRrule([...at, 'rrule'], when.rrule);
    if (when.kind !== 'relative' || !isRec(when.anchor)) return;
    const anchor = when.anchor;
    if (
      (anchor.to === 'phase.start' || anchor.to === 'phase.end') &&
      typeof anchor.phase === 'string'
    ) {
      if (!phaseKeys.has(anchor.phase)) {
        add([...at, 'anchor', 'phase'], 'unknown_phase', unknownPhase(anchor.phase, phaseKeys));
      }
    }
    if (anchor.to === 'item.deadline' && typeof anchor.item === 'string') {
      const item = itemsByKey.get(anchor.item);
      if (!item) add([...at, 'anchor', 'item'], 'unknown_item', unknownItem(anchor.item));
      else if (isRec(item.deadline) && item.deadline.kind === 'ongoing') {
        add(
          [...at, 'anchor', 'item'],
          'no_due_date',
          `plan item "${anchor.item}" is ongoing and has no due date to count from: anchor to a phase or the campaign instead`,
        );
      }
    }
  });

  // Reminders: the items they name exist.
  const reminders = list(raw.reminders);
  uniqueKeys(reminders, (i) => ['reminders', i], 'reminder');
  reminders.forEach((reminder, r) => {
    if (!isRec(reminder)) return;
    list(reminder.items).forEach((key, k) => {
      if (typeof key === 'string' && !itemsByKey.has(key)) {
        add(['reminders', r, 'items', k], 'unknown_item', unknownItem(key));
      }
    });
  });

  return problems;
}

/**
 * A measured target's goal must be of its formula's kind: a percentage (`measure.percent`) for
 * a share or ratio, a number (`goal`) for a total. The form and its fields are checked when the
 * target is measured, as the form may be written after the campaign.
 */
function targetGoalProblems(
  target: Rec,
  path: Path,
  add: (path: Path, code: ProgrammeCheckCode, message: string) => void,
): void {
  const formula = target.formula;
  const kind = isRec(formula) ? str(formula.kind) : undefined;
  const percent = isRec(target.measure) ? target.measure.percent : undefined;
  if (kind === 'share' || kind === 'ratio') {
    if (percent === undefined)
      add(
        [...path, 'measure'],
        'no_goal',
        `a ${kind} target needs its goal as a percentage: add measure: { percent: 100 }`,
      );
    if (target.goal !== undefined)
      add(
        [...path, 'goal'],
        'goal_misplaced',
        `a ${kind} target's goal is measure.percent, not "goal": remove "goal"`,
      );
  } else if (kind === 'total') {
    if (target.goal === undefined)
      add(
        [...path, 'goal'],
        'no_goal',
        'a total target needs the number to reach: add goal: <number>',
      );
    if (target.measure !== undefined)
      add(
        [...path, 'measure'],
        'goal_misplaced',
        'a total target\'s goal is "goal", a number, not measure.percent: remove "measure"',
      );
  } else if (formula === undefined && target.goal !== undefined) {
    add(
      [...path, 'goal'],
      'goal_misplaced',
      '"goal" is the number a total formula reaches: add formula: { kind: total, … } or remove it',
    );
  }
}

function unknownPhase(key: string, known: Set<unknown>): string {
  const names = [...known].map((k) => `"${String(k)}"`).join(', ');
  return known.size === 0
    ? `no phase "${key}": the file has no phases; add one under "phases" or remove this reference`
    : `no phase "${key}": use one of ${names}`;
}

function unknownItem(key: string): string {
  return `no plan item with key "${key}": use the key of an item in "plan"`;
}

/** `['plan', 0, 'items', 3, 'deadline', 'to']` → `plan[0].items[3].deadline.to`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}
