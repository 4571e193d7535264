import type {
  Language,
  RecommendationListParams,
  RecommendationStatus,
  RecommendationTopic,
  Role,
} from '@safenet/sdk';
import {
  CONTACT_ROLES,
  LANGUAGES,
  RECOMMENDATION_STATUSES,
  RECOMMENDATION_TOPICS,
} from '../api/domain.js';

/** The library's URL search: each filter optional; `age` is a children's band, `6-10`. */
export interface LibrarySearch {
  topic?: RecommendationTopic;
  role?: Role;
  age?: string;
  language?: Language;
  status?: RecommendationStatus;
  q?: string;
}

/** The age bands the library's filter offers (any other valid band in a link is kept). */
export const AGE_BANDS = ['0-5', '6-10', '11-14', '15-17'] as const;

const oneOf = <T extends string>(list: readonly T[], value: unknown): T | undefined =>
  typeof value === 'string' && (list as readonly string[]).includes(value)
    ? (value as T)
    : undefined;

/** `6-10` as its bounds, or null when it is no band of children's ages (0–17, min ≤ max). */
export function parseAgeBand(value: unknown): { min: number; max: number } | null {
  const match = typeof value === 'string' ? /^(\d{1,2})-(\d{1,2})$/.exec(value) : null;
  if (!match) return null;
  const min = Number(match[1]);
  const max = Number(match[2]);
  return min <= max && max <= 17 ? { min, max } : null;
}

/** Reads the URL's search, dropping what the page does not offer (a link edited by hand). */
export function librarySearch(search: Record<string, unknown>): LibrarySearch {
  const topic = oneOf(RECOMMENDATION_TOPICS, search.topic);
  const role = oneOf(CONTACT_ROLES, search.role);
  const language = oneOf(LANGUAGES, search.language);
  const status = oneOf(RECOMMENDATION_STATUSES, search.status);
  const age = parseAgeBand(search.age) ? (search.age as string) : undefined;
  const q = typeof search.q === 'string' ? search.q.trim().slice(0, 100) : '';
  return {
    ...(topic ? { topic } : {}),
    ...(role ? { role } : {}),
    ...(age ? { age } : {}),
    ...(language ? { language } : {}),
    ...(status ? { status } : {}),
    ...(q ? { q } : {}),
  };
}

/** The SDK's list parameters for a library search. */
export function libraryParams(search: LibrarySearch): RecommendationListParams {
  const band = parseAgeBand(search.age);
  return {
    ...(search.topic ? { topic: search.topic } : {}),
    ...(search.role ? { role: search.role } : {}),
    ...(band ? { ageMin: band.min, ageMax: band.max } : {}),
    ...(search.language ? { language: search.language } : {}),
    ...(search.status ? { status: search.status } : {}),
    ...(search.q ? { q: search.q } : {}),
  };
}
