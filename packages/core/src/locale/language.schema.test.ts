import { describe, expect, it } from 'vitest';
import { issues } from '../testing/zod-issues.js';
import { LANGUAGES, Language, LanguageCode, LocalizedText } from './language.schema.js';

describe('Language', () => {
  it('supports Russian, Kazakh, Vietnamese and English', () => {
    expect([...LANGUAGES].sort()).toEqual(['en', 'kk', 'ru', 'vi']);
  });

  it('normalises case and surrounding spaces', () => {
    expect(Language.parse('RU')).toBe('ru');
    expect(Language.parse(' kk ')).toBe('kk');
    expect(Language.parse('Vi')).toBe('vi');
  });

  it('refuses other languages with the field code unsupported_language', () => {
    for (const raw of ['de', 'ru-RU', 'kz', 'eng', '']) {
      expect(issues(Language.safeParse(raw)), raw).toEqual([['', 'unsupported_language']]);
    }
    expect(Language.safeParse('de').error?.issues[0]?.message).toContain('"de"');
  });

  it('LanguageCode (stored values) does not normalise', () => {
    expect(LanguageCode.parse('ru')).toBe('ru');
    expect(LanguageCode.safeParse('RU').success).toBe(false);
  });
});

describe('LocalizedText', () => {
  it('accepts text in one or more supported languages', () => {
    const text = { ru: 'Памятка для родителей', vi: 'Cẩm nang cho cha mẹ' };
    expect(LocalizedText.parse(text)).toEqual(text);
    expect(LocalizedText.parse({ kk: 'Қауіпсіз интернет' })).toEqual({ kk: 'Қауіпсіз интернет' });
  });

  it('refuses an empty object', () => {
    expect(issues(LocalizedText.safeParse({}))).toEqual([['', 'custom']]);
  });

  it('refuses unknown language keys, including upper-case ones', () => {
    for (const key of ['de', 'RU', 'ru-RU']) {
      const codes = issues(LocalizedText.safeParse({ [key]: 'x' })).map(([, code]) => code);
      expect(codes, key).toContain('unrecognized_keys');
    }
    const mixed = issues(LocalizedText.safeParse({ ru: 'Памятка', de: 'Merkblatt' }));
    expect(mixed).toEqual([['', 'unrecognized_keys']]);
  });

  it('refuses empty and overlong text', () => {
    expect(issues(LocalizedText.safeParse({ ru: '' }))).toEqual([['ru', 'too_small']]);
    expect(issues(LocalizedText.safeParse({ en: 'x'.repeat(10_001) }))).toEqual([
      ['en', 'too_big'],
    ]);
    expect(LocalizedText.safeParse({ en: 'x'.repeat(10_000) }).success).toBe(true);
  });
});
