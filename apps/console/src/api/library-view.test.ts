import { describe, expect, it } from 'vitest';
import { diffSide, isAuthor, versionDiff, versionMoves, wordDiff } from './library-view.js';
import { contentOf, draftOf, EMPTY_DRAFT } from './recommendation-draft.js';

describe('versionMoves', () => {
  it('offers approve and reject on a version in review to roles with the approve scope only', () => {
    expect(versionMoves({ status: 'in_review' }, 'reviewer')).toEqual(['approve', 'reject']);
    expect(versionMoves({ status: 'in_review' }, 'admin')).toEqual([
      'approve',
      'reject',
      'archive',
    ]);
    expect(versionMoves({ status: 'in_review' }, 'editor')).toEqual(['archive']);
  });

  it('offers submit on a draft to writers, nothing on an archived version, nothing to viewers', () => {
    expect(versionMoves({ status: 'draft' }, 'editor')).toEqual(['submit', 'archive']);
    expect(versionMoves({ status: 'published' }, 'editor')).toEqual(['archive']);
    expect(versionMoves({ status: 'archived' }, 'admin')).toEqual([]);
    expect(versionMoves({ status: 'draft' }, 'viewer')).toEqual([]);
  });

  it('knows the signed-in person among the authors', () => {
    expect(isAuthor({ authors: ['user:a', 'key:b'] }, 'a')).toBe(true);
    expect(isAuthor({ authors: ['key:a'] }, 'a')).toBe(false);
  });
});

describe('versionDiff', () => {
  it('marks the changed words of each language, spaces kept', () => {
    const parts = wordDiff('Call the hotline 111 today', 'Call the hotline 111 tonight');
    expect(parts.filter((p) => p.change === 'removed').map((p) => p.text)).toEqual(['today']);
    expect(parts.filter((p) => p.change === 'added').map((p) => p.text)).toEqual(['tonight']);
    expect(
      diffSide(parts, 'older')
        .map((p) => p.text)
        .join(''),
    ).toBe('Call the hotline 111 today');
    expect(
      diffSide(parts, 'newer')
        .map((p) => p.text)
        .join(''),
    ).toBe('Call the hotline 111 tonight');
  });

  it('compares every language either version has, in the console’s order', () => {
    const diff = versionDiff(
      { title: { ru: 'Памятка', en: 'Memo' }, body: { ru: 'Текст', en: 'Text' } },
      { title: { en: 'Memo', vi: 'Cẩm nang' }, body: { en: 'Text', vi: 'Nội dung' } },
    );
    expect(diff.map((d) => [d.language, d.changed])).toEqual([
      ['ru', true],
      ['vi', true],
      ['en', false],
    ]);
    expect(diff[0]?.body).toEqual([{ text: 'Текст', change: 'removed' }]);
  });
});

describe('the recommendation form', () => {
  it('sends the written languages, split tags and bands as bounds', () => {
    expect(
      contentOf({
        ...EMPTY_DRAFT,
        topic: 'privacy',
        tags: 'memo-2017, bảo-vệ  ',
        title: { en: ' Memo ', ru: '   ' },
        body: { en: 'Text' },
        targetRoles: ['parent'],
        targetAgeBands: ['6-10'],
      }),
    ).toEqual({
      topic: 'privacy',
      tags: ['memo-2017', 'bảo-vệ'],
      title: { en: 'Memo' },
      body: { en: 'Text' },
      targetRoles: ['parent'],
      targetAgeBands: [{ min: 6, max: 10 }],
    });
  });

  it('round-trips a version', () => {
    const version = {
      topic: 'netiquette' as const,
      tags: ['memo-2017'],
      title: { en: 'Memo' },
      body: { en: 'Text' },
      targetRoles: ['teacher' as const],
      targetAgeBands: [{ min: 11, max: 14 }],
    };
    expect(contentOf(draftOf(version))).toEqual(version);
  });
});
