import type { LanguageCoverage } from '@safenet/sdk';

/** How a segment's readers of a version fall: in their own language, another, or none. */
export interface CoverageTotals {
  native: number;
  fallback: number;
  none: number;
}

/** Sums a coverage's readers: native (their own language), fallback (another), none (no text). */
export function coverageTotals(readers: readonly LanguageCoverage[]): CoverageTotals {
  const totals: CoverageTotals = { native: 0, fallback: 0, none: 0 };
  for (const r of readers) {
    const how = r.contentLanguage === null ? 'none' : r.fallback ? 'fallback' : 'native';
    totals[how] += r.recipients;
  }
  return totals;
}
