import {
  type Document,
  isMap,
  isPair,
  isScalar,
  LineCounter,
  type Node,
  parseDocument,
  stringify,
} from 'yaml';
import { z } from 'zod';
import { Id, TimeZone } from '../common/common.schema.js';
import { formatPath, programmeProblems } from './programme.checks.js';
import {
  Announcement,
  IsoDate,
  Key,
  LocalizedText,
  Organiser,
  OrgRef,
  Phase,
  PlanSection,
  QuietHours,
  Reminder,
} from './shapes.schema.js';
import { Target } from './target.schema.js';

/**
 * An IANA zone name such as "Asia/Almaty". Offsets ("+06:00", "UTC+6") are refused: Almaty was
 * UTC+6 until 1 March 2024 and is UTC+5 since, and only the zone's name keeps both true.
 */
const ZoneName = z
  .string()
  .min(1)
  .superRefine((zone, ctx) => {
    if (/^(?:[+-]\d|(?:UTC|GMT)\s*[+-])/i.test(zone)) {
      ctx.addIssue({
        code: 'custom',
        message: `"${zone}" is an offset, not a time zone: name the zone, e.g. "Asia/Almaty", so offset changes are followed`,
        params: { code: 'time_zone_offset' },
      });
    } else if (!TimeZone.safeParse(zone).success) {
      ctx.addIssue({
        code: 'custom',
        message: `"${zone}" is not a known IANA time zone: use a name such as "Asia/Almaty" or "Asia/Ho_Chi_Minh"`,
        params: { code: 'unknown_time_zone' },
      });
    }
  })
  .describe('The campaign’s IANA time zone, e.g. "Asia/Almaty" (never an offset)');

/**
 * A whole campaign programme, as a ministry writes it in YAML or JSON: one campaign, loaded all
 * or nothing; loading it again updates by `key` instead of duplicating. The shape is strict and
 * the cross-field rules run on every file, so one parse reports every problem.
 *
 * @example
 * ProgrammeFile.parse({ version: 1, key: 'safe-internet-2017', owner: { path: [] },
 *   title: { ru: 'Безопасный интернет', en: 'Safe Internet' },
 *   startsOn: '2017-04-01', endsOn: '2017-04-30', timeZone: 'Asia/Almaty' });
 */
export const ProgrammeFile = z
  .strictObject({
    version: z
      .literal(1, { error: 'version must be 1 (the only format so far)' })
      .describe('The file format’s version: 1'),
    key: Key.describe('The campaign’s stable key: loading a file with the same key updates it'),
    owner: OrgRef.describe(
      'The organisation running the campaign; a path is read from the organisation loading the file',
    ),
    implements: z
      .union([
        z.strictObject({ campaignKey: Key.describe('Key of the parent plan’s campaign') }),
        z.strictObject({ campaignId: Id.describe('Id of the parent plan’s campaign') }),
      ])
      .optional()
      .describe('The parent plan this one implements (cascading plans)'),
    document: z
      .strictObject({
        number: z
          .string()
          .trim()
          .min(1)
          .max(100)
          .optional()
          .describe('The document’s number, e.g. "160/KH-UBND"'),
        date: IsoDate.optional().describe('The document’s date'),
        url: z.url().max(2000).optional().describe('Where the document is published'),
      })
      .optional()
      .describe('The programme document this file transcribes'),
    title: LocalizedText.describe('The campaign’s title per language'),
    goal: LocalizedText.optional().describe('The campaign’s goal per language'),
    startsOn: IsoDate.describe('First day of the campaign window'),
    endsOn: IsoDate.describe('Last day of the campaign window'),
    timeZone: ZoneName,
    phases: z.array(Phase).max(50).optional().describe('Phases in date order, not overlapping'),
    organisers: z.array(Organiser).max(100).optional().describe('Organising organisations'),
    partners: z
      .array(z.string().trim().min(1).max(300))
      .max(100)
      .optional()
      .describe('Partners outside the organisation tree, as free text'),
    targets: z.array(Target).max(100).optional().describe('Targets of the programme'),
    plan: z.array(PlanSection).max(100).optional().describe('The activity plan, by section'),
    announcements: z
      .array(Announcement)
      .max(200)
      .optional()
      .describe('Broadcasts on the campaign’s calendar'),
    reminders: z.array(Reminder).max(100).optional().describe('Deadline reminders'),
    quietHours: QuietHours.optional(),
  })
  .superRefine(
    (value, ctx) => {
      for (const problem of programmeProblems(value)) {
        ctx.addIssue({
          code: 'custom',
          path: problem.path,
          message: problem.message,
          params: { code: problem.code },
        });
      }
    },
    // Run even when the shape has issues: every problem in one answer.
    { when: () => true },
  )
  .describe('A Safenet campaign programme file (issue 12), version 1');
export type ProgrammeFile = z.infer<typeof ProgrammeFile>;

/** One problem of a programme file: where (path, and line:column in YAML), a code, what to fix. */
export interface ProgrammeProblem {
  /** Where in the file, e.g. `plan[0].items[3].deadline.to`; `""` is the file itself. */
  path: string;
  /** A stable code: zod's (`invalid_type`, `unrecognized_keys`, …) or the file's own. */
  code: string;
  message: string;
  /** 1-based line and column of the offending node, when the text gives them. */
  line?: number;
  column?: number;
}

/** A parsed programme file, or every problem found in it. */
export type ProgrammeParseResult =
  | { ok: true; file: ProgrammeFile }
  | { ok: false; problems: ProgrammeProblem[] };

/**
 * Parses a programme file's text (YAML or JSON) and validates all of it: syntax, shape and
 * cross-field rules. On failure every problem is returned, each with its path and, where the
 * text gives it, its line and column.
 *
 * @example
 * const result = parseProgrammeFile(readFileSync('safe-internet-2017.ru.yaml', 'utf8'), 'yaml');
 * if (!result.ok) for (const p of result.problems) console.log(`${p.line}:${p.column} ${p.path} ${p.message}`);
 */
export function parseProgrammeFile(text: string, format: 'yaml' | 'json'): ProgrammeParseResult {
  let value: unknown;
  if (format === 'json') {
    try {
      value = JSON.parse(text);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const offset = /position (\d+)/.exec(message);
      const at = offset ? lineAndColumn(text, Number(offset[1])) : null;
      return {
        ok: false,
        problems: [
          {
            path: '',
            code: 'json_syntax',
            message: `the file is not valid JSON: ${message}`,
            ...(at ?? {}),
          },
        ],
      };
    }
  }
  // JSON is YAML too: the YAML document locates problems in either format.
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (format === 'yaml') {
    if (doc.errors.length > 0) {
      return {
        ok: false,
        problems: doc.errors.map((error) => {
          const pos = lines.linePos(error.pos[0]);
          return {
            path: '',
            code: 'yaml_syntax',
            message: `the file is not valid YAML: ${error.message.split('\n')[0]}`,
            line: pos.line,
            column: pos.col,
          };
        }),
      };
    }
    value = doc.toJS({ maxAliasCount: 100 });
  }

  const parsed = ProgrammeFile.safeParse(value);
  if (parsed.success) return { ok: true, file: parsed.data };
  const located = doc.errors.length === 0 ? doc : null;
  const problems = parsed.error.issues.flatMap((issue) => problemsOf(issue, []));
  for (const problem of problems) {
    const at = located ? locate(located, lines, problem.segments) : null;
    if (at) Object.assign(problem.out, at);
  }
  return { ok: false, problems: sortByPosition(problems.map((p) => p.out)) };
}

/**
 * A programme file as YAML text, the way a ministry edits it: fields in the order the format
 * documents them, long lines folded at 100 characters. `parseProgrammeFile` reads it back to
 * the same file.
 *
 * @example
 * writeFileSync('campaign.yaml', formatProgrammeFile(file));
 */
export function formatProgrammeFile(file: ProgrammeFile): string {
  return stringify(file, { lineWidth: 100 });
}

/** The line and column (1-based) of a node of a programme file's text. */
export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Locates paths in a programme file's text (YAML or JSON: JSON is YAML): for a path such as
 * `['plan', 0, 'items', 3, 'responsible', 0, 'org']`, the line and column of the deepest
 * node of it that exists (a field's key rather than its value); null when the text does not
 * parse. What `parseProgrammeFile` locates its problems with, for problems found later (the
 * hub's: organisations a file names that do not exist).
 *
 * @example
 * const at = programmeLocator(text)(['owner']); // { line: 3, column: 1 }
 */
export function programmeLocator(
  text: string,
): (path: readonly PropertyKey[]) => TextPosition | null {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) return () => null;
  return (path) => locate(doc, lines, [...path]);
}

interface Located {
  out: ProgrammeProblem;
  segments: PropertyKey[];
}

/** zod issues → problems: one per unknown field, the closest branch of a failed union. */
function problemsOf(issue: z.core.$ZodIssue, prefix: PropertyKey[]): Located[] {
  const segments = [...prefix, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors.length > 0) {
    // Fields that fit no form at all: name the forms rather than one form's complaints.
    const forms = issue.errors.map(requiredFields);
    if (forms.every((fields) => fields !== null)) {
      const names = forms.map((fields) => `{ ${fields?.join(', ')} }`);
      return [
        {
          segments,
          out: {
            path: formatPath(segments),
            code: 'invalid_union',
            message: `"${String(segments.at(-1) ?? 'the file')}" fits none of its forms: write ${names.join(' or ')}`,
          },
        },
      ];
    }
    // Otherwise the branch with the fewest issues is the one the writer meant.
    const closest = issue.errors.reduce((best, branch) =>
      branch.length < best.length ? branch : best,
    );
    return closest.flatMap((inner) => problemsOf(inner, segments));
  }
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      segments: [...segments, key],
      out: {
        path: formatPath([...segments, key]),
        code: 'unrecognized_keys',
        message: `unknown field "${key}": remove it or check its spelling`,
      },
    }));
  }
  const params = 'params' in issue ? (issue.params as { code?: unknown } | undefined) : undefined;
  const code = typeof params?.code === 'string' ? params.code : issue.code;
  const missing = issue.code === 'invalid_type' && /received undefined$/.test(issue.message);
  const message = missing
    ? `"${String(segments.at(-1) ?? '')}" is missing: add it (${issue.expected})`
    : issue.message;
  return [{ segments, out: { path: formatPath(segments), code, message } }];
}

/**
 * When a union branch failed only because the object's fields are not its fields (unknown keys
 * and missing required ones at its top level), the fields it requires; otherwise null.
 */
function requiredFields(branch: z.core.$ZodIssue[]): string[] | null {
  const unknown = branch.some((i) => i.code === 'unrecognized_keys' && i.path.length === 0);
  if (!unknown) return null;
  const required = branch.flatMap((i) =>
    i.code === 'invalid_type' && i.path.length === 1 && /received undefined$/.test(i.message)
      ? [String(i.path[0])]
      : [],
  );
  return required.length > 0 ? required : null;
}

/** The line and column of the deepest node of `segments` that exists in the document. */
function locate(
  doc: Document,
  lines: LineCounter,
  segments: PropertyKey[],
): { line: number; column: number } | null {
  for (let depth = segments.length; depth >= 0; depth--) {
    const path = segments.slice(0, depth);
    const last = path.at(-1);
    // A field's key, where the field exists, points better than its value.
    const parent = depth > 0 ? doc.getIn(path.slice(0, -1), true) : undefined;
    if (isMap(parent) && typeof last === 'string') {
      const pair = parent.items.find(
        (item) => isPair(item) && isScalar(item.key) && item.key.value === last,
      );
      const key = pair?.key as Node | undefined;
      if (key?.range) return position(lines, key.range[0]);
    }
    const node = (depth === 0 ? doc.contents : doc.getIn(path, true)) as Node | null | undefined;
    if (node?.range) return position(lines, node.range[0]);
  }
  return null;
}

function lineAndColumn(text: string, offset: number) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

function position(lines: LineCounter, offset: number) {
  const pos = lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

function sortByPosition(problems: ProgrammeProblem[]): ProgrammeProblem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort(
      (a, b) =>
        (a.problem.line ?? Number.MAX_SAFE_INTEGER) - (b.problem.line ?? Number.MAX_SAFE_INTEGER) ||
        (a.problem.column ?? 0) - (b.problem.column ?? 0) ||
        a.index - b.index,
    )
    .map(({ problem }) => problem);
}
