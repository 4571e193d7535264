import type {
  Language,
  RecommendationInput,
  RecommendationTopic,
  RecommendationVersion,
  Role,
} from '@safenet/sdk';
import { LANGUAGES } from './domain.js';

/** What the recommendation form holds: texts per language (empty: not written), targets, tags as typed. */
export interface RecommendationDraft {
  topic: RecommendationTopic | null;
  tags: string;
  title: Partial<Record<Language, string>>;
  body: Partial<Record<Language, string>>;
  targetRoles: Role[];
  /** Bands as `6-10`. */
  targetAgeBands: string[];
}

export const EMPTY_DRAFT: RecommendationDraft = {
  topic: null,
  tags: '',
  title: {},
  body: {},
  targetRoles: [],
  targetAgeBands: [],
};

/** A version's fields as the form's draft, to edit. */
export function draftOf(
  v: Pick<
    RecommendationVersion,
    'topic' | 'tags' | 'title' | 'body' | 'targetRoles' | 'targetAgeBands'
  >,
): RecommendationDraft {
  return {
    topic: v.topic,
    tags: v.tags.join(' '),
    title: { ...v.title },
    body: { ...v.body },
    targetRoles: [...v.targetRoles],
    targetAgeBands: v.targetAgeBands.map((b) => `${b.min}-${b.max}`),
  };
}

/** The languages' texts that are written (trimmed; blank ones left out). */
function written(texts: Partial<Record<Language, string>>): Partial<Record<Language, string>> {
  const out: Partial<Record<Language, string>> = {};
  for (const l of LANGUAGES) {
    const text = texts[l]?.trim();
    if (text) out[l] = text;
  }
  return out;
}

/**
 * The draft as the hub's fields: tags split on spaces or commas, bands as bounds. The topic is
 * sent as chosen (none: the hub names the field). The hub checks the rest.
 */
export function contentOf(draft: RecommendationDraft): Omit<RecommendationInput, 'orgId'> {
  return {
    topic: (draft.topic ?? '') as RecommendationTopic,
    tags: draft.tags
      .split(/[\s,]+/)
      .map((tag) => tag.trim())
      .filter(Boolean),
    title: written(draft.title),
    body: written(draft.body),
    targetRoles: draft.targetRoles,
    targetAgeBands: draft.targetAgeBands.map((band) => {
      const [min, max] = band.split('-').map(Number);
      return { min: min as number, max: max as number };
    }),
  };
}
