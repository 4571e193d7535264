import { describe, expect, it } from 'vitest';
import { type ZaloPreview, zaloWarnings } from './zalo-preview-view.js';

const ALL_CARRIED: ZaloPreview = {
  template: 3,
  message: 1,
  noTemplate: 0,
  notVietnamese: 0,
  missingTemplates: [],
  languages: [
    {
      language: 'vi',
      contentLanguage: 'vi',
      template: 3,
      message: 1,
      noTemplate: 0,
      notVietnamese: 0,
    },
  ],
};

describe('zaloWarnings', () => {
  it('warns of nothing when Zalo carries every message', () => {
    expect(zaloWarnings(ALL_CARRIED)).toBeNull();
  });

  it('names the languages without a template, and counts phones outside Vietnam', () => {
    expect(zaloWarnings({ ...ALL_CARRIED, noTemplate: 2, missingTemplates: ['ru', 'en'] })).toEqual(
      { noTemplate: { recipients: 2, languages: ['ru', 'en'] }, notVietnamese: null },
    );
    expect(zaloWarnings({ ...ALL_CARRIED, notVietnamese: 1 })).toEqual({
      noTemplate: null,
      notVietnamese: 1,
    });
  });
});
