import type { Language } from '../locale/language.schema.js';
import { HOTLINE_PURPOSES, type Hotline, type HotlinePurpose } from './hotline.schema.js';

/** What the footer rule reads of a line. */
export type SignpostLine = Pick<
  Hotline,
  'id' | 'orgId' | 'number' | 'purposes' | 'languages' | 'serves'
> & {
  hours: string | null;
};

/** A line chosen for a recipient, and the purpose it was chosen for (its footer label). */
export interface Signpost<L extends SignpostLine = SignpostLine> {
  purpose: HotlinePurpose;
  line: L;
}

/**
 * How near a line is to a recipient: the depth in their organisation path (root first) of
 * the deepest organisation it serves, -1 when it serves none of them.
 */
export function lineDepth(line: Pick<SignpostLine, 'serves'>, orgPath: readonly string[]): number {
  let depth = -1;
  orgPath.forEach((orgId, i) => {
    if (line.serves.includes(orgId)) depth = i;
  });
  return depth;
}

/**
 * The lines to signpost to a recipient whose organisation path (root first) is
 * `recipientOrgPath`: one per purpose, in the order of `purposes`. For each purpose, among the
 * lines serving the recipient's organisation or one above it: a line that answers in the
 * recipient's language before one that does not, then the nearest (their province's line
 * before the national one), then the one kept nearest them (a province's own entry before
 * the ministry's entry for the same province), then the lower id. A line chosen for several purposes appears
 * once, for the first. No line serves the recipient: an empty list.
 *
 * @example
 * signpostingFor([national111, dakLak], dakLakSchoolPath, 'vi', ['child_protection'])
 * // [{ purpose: 'child_protection', line: dakLak }]
 */
export function signpostingFor<L extends SignpostLine>(
  lines: readonly L[],
  recipientOrgPath: readonly string[],
  language: Language,
  purposes: readonly HotlinePurpose[] = HOTLINE_PURPOSES,
): Signpost<L>[] {
  const ranked = lines
    .map((line) => ({
      line,
      depth: lineDepth(line, recipientOrgPath),
      keeper: recipientOrgPath.indexOf(line.orgId),
      speaks: line.languages.includes(language),
    }))
    .filter((r) => r.depth >= 0)
    .sort(
      (a, b) =>
        Number(b.speaks) - Number(a.speaks) ||
        b.depth - a.depth ||
        b.keeper - a.keeper ||
        (a.line.id < b.line.id ? -1 : a.line.id > b.line.id ? 1 : 0),
    );
  const chosen: Signpost<L>[] = [];
  const seen = new Set<string>();
  for (const purpose of new Set(purposes)) {
    const best = ranked.find((r) => r.line.purposes.includes(purpose));
    if (!best || seen.has(best.line.id)) continue;
    seen.add(best.line.id);
    chosen.push({ purpose, line: best.line });
  }
  return chosen;
}
