import { CASE_CATEGORIES, CASE_PLATFORMS, LANGUAGES } from '@safenet/core';
import { describe, expect, it } from 'vitest';
import { INTAKE_WORDS, languageOfCode } from './intake.words.js';

describe('the intake words', () => {
  it.each(LANGUAGES)('has every text in %s', (language) => {
    const w = INTAKE_WORDS[language];
    for (const [key, value] of Object.entries(w)) {
      if (typeof value === 'string') expect(value.trim(), key).not.toBe('');
    }
    for (const c of CASE_CATEGORIES) expect(w.categories[c]).toBeTruthy();
    for (const p of CASE_PLATFORMS) expect(w.platforms[p]).toBeTruthy();
    expect(w.sent('R-2026-000001')).toContain('/status R-2026-000001');
    // Inline buttons carry at most 64 bytes of data; labels stay readable on a phone.
    for (const label of Object.values(w.categories)) expect(label.length).toBeLessThan(64);
  });

  it('names no hotline but the published ones, and 111 to Vietnamese reporters', () => {
    expect(INTAKE_WORDS.vi.welcome).toContain('111');
    for (const language of LANGUAGES) {
      const numbers = INTAKE_WORDS[language].welcome.match(/\d+(\.\d+)*/g) ?? [];
      for (const n of numbers) expect(['111', '02623.951.567']).toContain(n);
    }
  });

  it('reads Telegram’s language codes', () => {
    expect(languageOfCode('kk')).toBe('kk');
    expect(languageOfCode('ru-RU')).toBe('ru');
    expect(languageOfCode('de')).toBeUndefined();
    expect(languageOfCode(undefined)).toBeUndefined();
  });
});
