import { readFile, writeFile } from 'node:fs/promises';
/**
 * Keeps a guide's answers real: each answer block of a guide is preceded by a marker
 * `<!-- answer: step-name -->` and a test compares it with what the hub answered at that step.
 *
 * What a block may show:
 * - A `json` block is JSON plus the elision `…`: as an object member, the hub's object may have
 *   more members; as an array element, the hub's array may have more elements, and each element
 *   shown must be one of them, in any order (the hub lists some things in an order that is not
 *   fixed: messages sent in the same second). Without `…` an object has exactly the members
 *   shown and an array exactly the elements shown, in that order. A string containing `…` stands for any string
 *   that starts with what precedes the `…` and ends with what follows it (`"…"`: any string).
 * - Any other block is text: a line that is only `…` stands for one or more lines; every other
 *   line must be the hub's, in order.
 * - Values that differ from run to run are placeholders in the hub's answer before comparing
 *   (see {@link placeholders}): ids by name (`"<campaign id>"`), other ids `"<id>"`,
 *   timestamps the test's clock did not make `"<real time>"`.
 */

/** One answer block of a guide. */
export interface AnswerBlock {
  step: string;
  /** The fence's language: `json`, or anything else for text. */
  lang: string;
  text: string;
  /** The block's first line in the guide (1-based), for messages. */
  line: number;
}

const MARKER = /^<!-- answer: ([a-z0-9-]+) -->\s*$/;

/** Every block preceded by an answer marker, in the guide's order. */
export function answerBlocks(markdown: string): AnswerBlock[] {
  const lines = markdown.split('\n');
  const blocks: AnswerBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const step = MARKER.exec(lines[i] ?? '')?.[1];
    if (!step) continue;
    const fence = /^```(\w*)\s*$/.exec(lines[i + 1] ?? '');
    if (!fence)
      throw new Error(`line ${i + 1}: the answer marker "${step}" is not followed by a block`);
    const end = lines.findIndex((l, j) => j > i + 1 && l.startsWith('```'));
    if (end < 0) throw new Error(`line ${i + 2}: the block of "${step}" never ends`);
    blocks.push({
      step,
      lang: fence[1] ?? '',
      text: lines.slice(i + 2, end).join('\n'),
      line: i + 3,
    });
    i = end;
  }
  return blocks;
}

/** The elision as parsed: an array element, or an object member's key. */
const ELIDED = '\u0000…';

/** Parses a JSON block with `…` elisions (see the module's doc). */
export function parseAnswer(text: string): unknown {
  let out = '';
  const open: string[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
      continue;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') open.push(c);
    else if (c === '}' || c === ']') open.pop();
    // Written escaped: JSON takes no raw control character in a string.
    if (c === '…') out += open.at(-1) === '{' ? '"\\u0000…": null' : '"\\u0000…"';
    else out += c;
  }
  return JSON.parse(out);
}

/**
 * Where `shown` (a parsed block) differs from `actual`, or undefined when everything shown is
 * the hub's. `at` is the path so far, for the message.
 */
export function difference(shown: unknown, actual: unknown, at = '$'): string | undefined {
  const says = (what: unknown) => JSON.stringify(what)?.slice(0, 200);
  if (typeof shown === 'string' && shown.includes('…')) {
    if (typeof actual !== 'string')
      return `${at}: the guide shows a string, the hub answered ${says(actual)}`;
    return elidedText(shown.split('…'), actual)
      ? undefined
      : `${at}: the guide shows ${says(shown)}, the hub answered ${says(actual)}`;
  }
  if (Array.isArray(shown)) {
    if (!Array.isArray(actual))
      return `${at}: the guide shows an array, the hub answered ${says(actual)}`;
    const elided = shown.includes(ELIDED);
    const wanted = shown.filter((e) => e !== ELIDED);
    if (!elided && wanted.length !== actual.length) {
      return `${at}: the guide shows ${wanted.length} elements, the hub answered ${actual.length} (add "…" if the rest are left out)`;
    }
    const used = new Set<number>();
    for (const [index, element] of wanted.entries()) {
      if (!elided) {
        const problem = difference(element, actual[index], `${at}[${index}]`);
        if (problem) return problem;
        continue;
      }
      const found = actual.findIndex(
        (a, j) => !used.has(j) && difference(element, a) === undefined,
      );
      if (found < 0) {
        return `${at}: the hub's array has no element ${says(element)}${nearest(element, actual, at)}`;
      }
      used.add(found);
    }
    return undefined;
  }
  if (shown !== null && typeof shown === 'object') {
    if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) {
      return `${at}: the guide shows an object, the hub answered ${says(actual)}`;
    }
    const members = Object.entries(shown).filter(([key]) => key !== ELIDED);
    const real = actual as Record<string, unknown>;
    for (const [key, value] of members) {
      if (!(key in real))
        return `${at}.${key}: the guide shows it, the hub's answer has no such member`;
      const problem = difference(value, real[key], `${at}.${key}`);
      if (problem) return problem;
    }
    if (!(ELIDED in shown)) {
      const extra = Object.keys(real).filter((key) => !(key in shown));
      if (extra.length > 0)
        return `${at}: the hub also answered ${extra.join(', ')} (show them or add "…")`;
    }
    return undefined;
  }
  return Object.is(shown, actual)
    ? undefined
    : `${at}: the guide shows ${says(shown)}, the hub answered ${says(actual)}`;
}

/**
 * How the element of `actual` most like `element` differs from it — the one whose first
 * difference lies deepest — so a failure points at the value, not at a whole section.
 */
function nearest(element: unknown, actual: readonly unknown[], at: string): string {
  const problems = actual.flatMap((a, j) => difference(element, a, `${at}[${j}]`) ?? []);
  const depth = (problem: string) => problem.split(':')[0]?.split(/[.[]/).length ?? 0;
  const best = problems.toSorted((a, b) => depth(b) - depth(a))[0];
  return best ? ` (nearest: ${best})` : '';
}

/** Whether `actual` is `parts` joined by anything (`parts` from splitting at each `…`). */
function elidedText(parts: readonly string[], actual: string): boolean {
  const first = parts[0] ?? '';
  // Nothing elided: the whole text.
  if (parts.length === 1) return actual === first;
  const last = parts.at(-1) ?? '';
  if (!actual.startsWith(first) || !actual.endsWith(last)) return false;
  let from = first.length;
  for (const part of parts.slice(1, -1)) {
    const found = actual.indexOf(part, from);
    if (found < 0) return false;
    from = found + part.length;
  }
  return from <= actual.length - last.length;
}

/** Where a text block differs from the hub's text: its lines, `…` lines standing for any. */
export function textDifference(shown: string, actual: string): string | undefined {
  const chunks = shown.trimEnd().split(/^…$/m);
  return elidedText(chunks, actual.trimEnd())
    ? undefined
    : `the guide's text is not the hub's; the hub answered:\n${actual.slice(0, 1500)}`;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
const INSTANT = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g;

/**
 * The hub's answer with what changes from run to run replaced: each id of `names` by its
 * name (`"<campaign id>"`), any other id by `<id>`, and each timestamp at or after
 * `realTimeSince` (the database's and the seed's own clock, not the test's) by `<real time>`.
 * Ids inside strings (an alert's subject `campaign/item/org`) are replaced too.
 */
export function placeholders(
  answer: unknown,
  names: ReadonlyMap<string, string>,
  realTimeSince: number,
): unknown {
  const text = JSON.stringify(answer)
    .replace(UUID, (id) => names.get(id) ?? '<id>')
    .replace(INSTANT, (at) => (Date.parse(at) >= realTimeSince ? '<real time>' : at));
  return JSON.parse(text);
}

/** Timestamps from here on are the database's and the seed's own clock, not a guide's 2017. */
const REAL_TIME_SINCE = Date.parse('2020-01-01T00:00:00Z');

/** A block of a guide that does not show its step's answer. */
export interface GuideProblem {
  step: string;
  line: number;
  problem: string;
}

/**
 * Compares every answer block of the guide at `guide` with the hub's answer of its step
 * (`answers`, by step; ids named by `names`), after {@link placeholders}: answers the steps
 * the guide and the run do not share (`steps`) and each block that differs. With `writeTo`,
 * first writes the real answers there (what `WRITE_GUIDE_ANSWERS` asks for), to regenerate
 * the guide's blocks.
 */
export async function guideProblems(
  guide: URL,
  answers: Readonly<Record<string, unknown>>,
  names: ReadonlyMap<string, string>,
  writeTo?: string,
): Promise<{ steps: { shown: string[]; answered: string[] }; problems: GuideProblem[] }> {
  const real = Object.fromEntries(
    Object.entries(answers).map(([key, value]) => [
      key,
      placeholders(value, names, REAL_TIME_SINCE),
    ]),
  );
  if (writeTo) await writeFile(writeTo, JSON.stringify(real, null, 2));
  const shown = answerBlocks(await readFile(guide, 'utf8'));
  const problems: GuideProblem[] = [];
  for (const block of shown) {
    const actual = real[block.step];
    let problem: string | undefined;
    try {
      problem =
        block.lang === 'json'
          ? difference(parseAnswer(block.text), actual)
          : textDifference(block.text, String(actual));
    } catch (error) {
      problem = `the block is not JSON with "…": ${(error as Error).message}`;
    }
    if (problem !== undefined) problems.push({ step: block.step, line: block.line, problem });
  }
  return {
    steps: { shown: shown.map((b) => b.step).toSorted(), answered: Object.keys(real).toSorted() },
    problems,
  };
}
