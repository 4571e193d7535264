import type { RecommendationVersion, Scope, UserRole } from '@safenet/sdk';
import { roleHasScope } from '@safenet/sdk';
import { diffWordsWithSpace } from 'diff';
import { LANGUAGES } from './domain.js';

/** A version's moves a person may ask for, by its status (the hub decides the rest). */
export type LibraryMove = 'submit' | 'approve' | 'reject' | 'archive';

const MOVES: Record<RecommendationVersion['status'], readonly [LibraryMove, Scope][]> = {
  draft: [
    ['submit', 'write'],
    ['archive', 'write'],
  ],
  in_review: [
    ['approve', 'approve'],
    ['reject', 'approve'],
    ['archive', 'write'],
  ],
  published: [['archive', 'write']],
  archived: [],
};

/**
 * The moves offered on a version: those its status allows and the person's role carries the
 * scope for. Approve and reject are offered to a reviewer who wrote the version too: the hub
 * refuses them (`approval_self`) and the page says why; `isAuthor` lets the page say it first.
 */
export function versionMoves(
  version: Pick<RecommendationVersion, 'status'>,
  role: UserRole,
): LibraryMove[] {
  return MOVES[version.status]
    .filter(([, scope]) => roleHasScope(role, scope))
    .map(([move]) => move);
}

/** Whether the signed-in person is one of the version's authors (four eyes: they may not decide). */
export const isAuthor = (version: Pick<RecommendationVersion, 'authors'>, userId: string) =>
  version.authors.includes(`user:${userId}`);

/** One run of a word diff: text both have, or only the older, or only the newer. */
export interface DiffPart {
  text: string;
  change: 'same' | 'removed' | 'added';
}

/** Word by word (spaces kept), what changed from `before` to `after`. */
export function wordDiff(before: string, after: string): DiffPart[] {
  return diffWordsWithSpace(before, after).map((part) => ({
    text: part.value,
    change: part.added ? 'added' : part.removed ? 'removed' : 'same',
  }));
}

/** A language's title and body compared between two versions. */
export interface LanguageDiff {
  language: string;
  title: DiffPart[];
  body: DiffPart[];
  changed: boolean;
}

/**
 * Two versions compared per language (the console's languages first, then any other), for
 * each language either version is written in.
 */
export function versionDiff(
  older: Pick<RecommendationVersion, 'title' | 'body'>,
  newer: Pick<RecommendationVersion, 'title' | 'body'>,
): LanguageDiff[] {
  const written = new Set(
    [older, newer].flatMap((v) => [...Object.keys(v.title), ...Object.keys(v.body)]),
  );
  const order = [
    ...LANGUAGES.filter((l) => written.has(l)),
    ...[...written].filter((l) => !(LANGUAGES as readonly string[]).includes(l)).sort(),
  ];
  return order.map((language) => {
    const title = wordDiff(older.title[language] ?? '', newer.title[language] ?? '');
    const body = wordDiff(older.body[language] ?? '', newer.body[language] ?? '');
    return {
      language,
      title,
      body,
      changed: [...title, ...body].some((part) => part.change !== 'same'),
    };
  });
}

/** The side of a diff one version shows: the older without the added runs, the newer without the removed. */
export const diffSide = (parts: DiffPart[], side: 'older' | 'newer'): DiffPart[] =>
  parts.filter((part) => part.change !== (side === 'older' ? 'added' : 'removed'));
