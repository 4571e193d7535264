import { z } from 'zod';
import { Id, Timestamp } from '../common/common.schema.js';
import { AgeBand, Role } from '../contact/contact.schema.js';
import { LocalizedText } from '../locale/language.schema.js';

export const RECOMMENDATION_STATUSES = ['draft', 'published', 'archived'] as const;
export const RecommendationStatus = z.enum(RECOMMENDATION_STATUSES);
export type RecommendationStatus = z.infer<typeof RecommendationStatus>;

/** The fields of a recommendation, without defaults: shared by input and patch. */
const recommendationFields = {
  topic: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .regex(/^[a-z0-9-]+$/, 'use lower-case words joined by dashes, e.g. "parental-control"'),
  title: LocalizedText,
  body: LocalizedText,
  targetRoles: z.array(Role),
  targetAgeBands: z.array(AgeBand),
  status: RecommendationStatus,
};

/**
 * Guidance for parents or teachers, written per language (e.g. the memo "How to stay safe
 * on the Internet"). Bodies may use `{{variables}}` filled in at send time.
 *
 * @example
 * {
 *   orgId, topic: 'parental-control',
 *   title: { ru: 'Памятка для родителей', kk: 'Ата-аналарға арналған жадынама', vi: 'Cẩm nang cho cha mẹ', en: 'Memo for parents' },
 *   body: { ru: 'Установите родительский контроль…', en: 'Turn on parental controls…' },
 *   targetRoles: ['parent'], targetAgeBands: [{ min: 6, max: 10 }], status: 'published',
 * }
 */
export const RecommendationInput = z.strictObject({
  orgId: Id,
  topic: recommendationFields.topic,
  title: recommendationFields.title,
  body: recommendationFields.body,
  targetRoles: recommendationFields.targetRoles.default([]),
  targetAgeBands: recommendationFields.targetAgeBands.default([]),
  status: recommendationFields.status.default('draft'),
});
export type RecommendationInput = z.input<typeof RecommendationInput>;

/** A partial update: only the fields given change. */
export const RecommendationPatch = z.strictObject({
  topic: recommendationFields.topic.optional(),
  title: recommendationFields.title.optional(),
  body: recommendationFields.body.optional(),
  targetRoles: recommendationFields.targetRoles.optional(),
  targetAgeBands: recommendationFields.targetAgeBands.optional(),
  status: recommendationFields.status.optional(),
});
export type RecommendationPatch = z.input<typeof RecommendationPatch>;

export const Recommendation = z.object({
  id: Id,
  orgId: Id,
  topic: z.string(),
  title: z.record(z.string(), z.string()),
  body: z.record(z.string(), z.string()),
  targetRoles: z.array(Role),
  targetAgeBands: z.array(z.object({ min: z.int(), max: z.int() })),
  status: RecommendationStatus,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Recommendation = z.infer<typeof Recommendation>;
