import { describe, expect, it } from 'vitest';
import { DEFAULT_FALLBACKS, fallbackChain, pickLocalized } from './fallback.js';
import { LANGUAGES } from './language.schema.js';

describe('fallbackChain', () => {
  it('falls back kk → ru → en, ru → en, vi → en by default', () => {
    expect(fallbackChain('kk')).toEqual(['kk', 'ru', 'en']);
    expect(fallbackChain('ru')).toEqual(['ru', 'en']);
    expect(fallbackChain('vi')).toEqual(['vi', 'en']);
    expect(fallbackChain('en')).toEqual(['en']);
  });

  it('has a default chain for every supported language, ending in English', () => {
    for (const language of LANGUAGES) {
      const chain = fallbackChain(language);
      expect(chain[0]).toBe(language);
      expect(chain.at(-1)).toBe('en');
      expect(DEFAULT_FALLBACKS[language]).toBeDefined();
    }
  });

  it('uses a custom chain for the reader’s language', () => {
    expect(fallbackChain('vi', { vi: ['vi', 'ru'] })).toEqual(['vi', 'ru']);
    expect(fallbackChain('kk', { kk: ['kk', 'en', 'ru'] })).toEqual(['kk', 'en', 'ru']);
  });

  it('always tries the reader’s own language first, even when a custom chain omits it or puts it later', () => {
    expect(fallbackChain('kk', { kk: ['ru'] })).toEqual(['kk', 'ru']);
    expect(fallbackChain('vi', { vi: ['en', 'vi'] })).toEqual(['vi', 'en']);
  });

  it('uses the default chain when the custom chains do not cover the language', () => {
    expect(fallbackChain('kk', { vi: ['vi'] })).toEqual(['kk', 'ru', 'en']);
  });

  it('never repeats a language', () => {
    const chain = fallbackChain('kk', { kk: ['ru', 'ru', 'kk', 'en', 'ru', 'en'] });
    expect(chain).toEqual(['kk', 'ru', 'en']);
  });

  it('returns a fresh array each time, so callers cannot change the defaults', () => {
    const chain = fallbackChain('kk');
    chain.push('vi');
    expect(fallbackChain('kk')).toEqual(['kk', 'ru', 'en']);
  });
});

describe('pickLocalized', () => {
  const memo = {
    ru: 'Памятка для родителей',
    kk: 'Ата-аналарға арналған жадынама',
    en: 'Memo for parents',
  };

  it('picks the reader’s own language when the text has it', () => {
    expect(pickLocalized(memo, 'kk')).toEqual({ language: 'kk', text: memo.kk });
    expect(pickLocalized(memo, 'en')).toEqual({ language: 'en', text: memo.en });
  });

  it('falls back kk → ru before en', () => {
    expect(pickLocalized({ ru: memo.ru, en: memo.en }, 'kk')).toEqual({
      language: 'ru',
      text: memo.ru,
    });
    expect(pickLocalized({ en: memo.en }, 'kk')).toEqual({ language: 'en', text: memo.en });
  });

  it('falls back vi → en, never to Russian', () => {
    expect(pickLocalized(memo, 'vi')).toEqual({ language: 'en', text: memo.en });
    expect(pickLocalized({ ru: memo.ru }, 'vi')).toBeUndefined();
  });

  it('is undefined when no language of the chain is present', () => {
    expect(pickLocalized({ vi: 'Cẩm nang cho cha mẹ' }, 'kk')).toBeUndefined();
    expect(pickLocalized({ kk: memo.kk }, 'ru')).toBeUndefined();
    expect(pickLocalized({}, 'en')).toBeUndefined();
  });

  it('follows custom chains', () => {
    expect(pickLocalized({ ru: memo.ru }, 'vi', { vi: ['vi', 'ru'] })).toEqual({
      language: 'ru',
      text: memo.ru,
    });
    // kk readers who prefer English over Russian.
    expect(pickLocalized({ ru: memo.ru, en: memo.en }, 'kk', { kk: ['kk', 'en', 'ru'] })).toEqual({
      language: 'en',
      text: memo.en,
    });
    // A custom chain without English does not fall back to it.
    expect(pickLocalized({ en: memo.en }, 'kk', { kk: ['kk', 'ru'] })).toBeUndefined();
  });
});
