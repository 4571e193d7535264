import { describe, expect, it } from 'vitest';
import { coverageTotals } from './coverage-view.js';

describe('coverageTotals', () => {
  it('counts who reads their own language, who falls back and who has no text', () => {
    expect(
      coverageTotals([
        { language: 'ru', recipients: 40, contentLanguage: 'ru', fallback: false },
        { language: 'kk', recipients: 55, contentLanguage: 'ru', fallback: true },
        { language: 'vi', recipients: 7, contentLanguage: null, fallback: false },
        { language: 'en', recipients: 3, contentLanguage: 'en', fallback: false },
      ]),
    ).toEqual({ native: 43, fallback: 55, none: 7 });
    expect(coverageTotals([])).toEqual({ native: 0, fallback: 0, none: 0 });
  });
});
