import { z } from 'zod';
import { Attachment } from '../attachment/attachment.schema.js';
import { Id, PageQuery, Timestamp } from '../common/common.schema.js';
import { AgeBand, Role } from '../contact/contact.schema.js';
import { LanguageCode, LocalizedText } from '../locale/language.schema.js';

/**
 * The topics of the library, a documented vocabulary (free words go in `tags`):
 * `online-safety` (safe use in general: "How to stay safe on the Internet", "Safe Internet"),
 * `cyberbullying`, `parental-control` (software and settings), `screen-time`, `privacy`,
 * `grooming`, `harmful-content` (aggressive, violent, self-harm content), `netiquette`,
 * `help-for-affected-children` (where a child who was harmed gets help).
 */
export const RECOMMENDATION_TOPICS = [
  'online-safety',
  'cyberbullying',
  'parental-control',
  'screen-time',
  'privacy',
  'grooming',
  'harmful-content',
  'netiquette',
  'help-for-affected-children',
] as const;
export const RecommendationTopic = z.enum(RECOMMENDATION_TOPICS);
export type RecommendationTopic = z.infer<typeof RecommendationTopic>;

/**
 * A version's lifecycle: written as a `draft`, sent `in_review`, `published` when another
 * person approves it (only a published version is sent), `archived` when withdrawn or replaced
 * by a newer published version. A rejection sends it back to `draft` with a comment.
 */
export const RECOMMENDATION_STATUSES = ['draft', 'in_review', 'published', 'archived'] as const;
export const RecommendationStatus = z.enum(RECOMMENDATION_STATUSES);
export type RecommendationStatus = z.infer<typeof RecommendationStatus>;

const Tag = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(
    /^[\p{Ll}\p{Lo}\p{N}]+(?:-[\p{Ll}\p{Lo}\p{N}]+)*$/u,
    'use lower-case words joined by dashes',
  );

/** What a version says and whom it is for: shared by input and patch. */
const contentFields = {
  topic: RecommendationTopic,
  tags: z
    .array(Tag)
    .max(20)
    .refine((list) => new Set(list).size === list.length, { message: 'list each tag once' }),
  title: LocalizedText,
  body: LocalizedText,
  targetRoles: z.array(Role).describe('Only contacts of these roles get it; empty: every role'),
  targetAgeBands: z
    .array(AgeBand)
    .describe(
      'Only parents with a child in one of these age bands get it; empty: every parent. Other roles are not narrowed by age',
    ),
};

/**
 * Guidance for parents or teachers, written per language (e.g. the memo "How to stay safe
 * on the Internet"). Bodies may use `{{variables}}` filled in at send time. Creating one
 * writes its version 1 as a draft: it is sent only once another person approved it.
 *
 * @example
 * {
 *   orgId, topic: 'parental-control', tags: ['memo-2017'],
 *   title: { ru: 'Памятка для родителей', kk: 'Ата-аналарға арналған жадынама', vi: 'Cẩm nang cho cha mẹ', en: 'Memo for parents' },
 *   body: { ru: 'Установите родительский контроль…', en: 'Turn on parental controls…' },
 *   targetRoles: ['parent'], targetAgeBands: [{ min: 6, max: 10 }],
 * }
 */
export const RecommendationInput = z.strictObject({
  orgId: Id,
  topic: contentFields.topic,
  tags: contentFields.tags.default([]),
  title: contentFields.title,
  body: contentFields.body,
  targetRoles: contentFields.targetRoles.default([]),
  targetAgeBands: contentFields.targetAgeBands.default([]),
});
export type RecommendationInput = z.input<typeof RecommendationInput>;

/**
 * A change of the text or targets: only the fields given change. It goes into the open
 * draft — a new draft copied from the published version when there is none; the published
 * version keeps being sent until the new one is approved. A version in review goes back to
 * draft when edited.
 */
export const RecommendationPatch = z.strictObject({
  topic: contentFields.topic.optional(),
  tags: contentFields.tags.optional(),
  title: contentFields.title.optional(),
  body: contentFields.body.optional(),
  targetRoles: contentFields.targetRoles.optional(),
  targetAgeBands: contentFields.targetAgeBands.optional(),
});
export type RecommendationPatch = z.input<typeof RecommendationPatch>;

const Texts = z.record(z.string(), z.string());
const Band = z.object({ min: z.int(), max: z.int() });

/** A review's outcome: who decided, when, and a rejection's comment. */
export const VersionReview = z.object({
  decision: z.enum(['approved', 'rejected']),
  by: z.string().describe('The reviewer: `user:<id>` or `key:<id>`'),
  at: Timestamp,
  comment: z.string().nullable(),
});
export type VersionReview = z.infer<typeof VersionReview>;

/** One version of a recommendation: its text, targets, files, authors and review. */
export const RecommendationVersion = z.object({
  id: Id,
  recommendationId: Id,
  orgId: Id,
  number: z.int().min(1),
  status: RecommendationStatus,
  topic: RecommendationTopic,
  tags: z.array(z.string()),
  title: Texts,
  body: Texts,
  targetRoles: z.array(Role),
  targetAgeBands: z.array(Band),
  languages: z.array(LanguageCode).describe('The languages its body is written in'),
  attachments: z
    .array(Attachment)
    .describe(
      'The files it carries, in order (memos, booklets, posters), sent with it on every channel as media, attachments or links; only a draft’s files change',
    ),
  authors: z
    .array(z.string())
    .describe('The people who wrote it (created or edited), none of whom may approve it'),
  submittedAt: Timestamp.nullable(),
  review: VersionReview.nullable().describe('The last review, or null before any'),
  publishedAt: Timestamp.nullable(),
  archivedAt: Timestamp.nullable(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type RecommendationVersion = z.infer<typeof RecommendationVersion>;

/**
 * A recommendation of the library, as its readers see it: the fields of its published
 * version, or of its newest when none is published; `publishedVersion` and `openVersion`
 * say which versions exist.
 */
export const Recommendation = z.object({
  id: Id,
  orgId: Id,
  version: z.int().min(1).describe('The number of the version shown'),
  status: RecommendationStatus.describe('The shown version’s status'),
  topic: RecommendationTopic,
  tags: z.array(z.string()),
  title: Texts,
  body: Texts,
  targetRoles: z.array(Role),
  targetAgeBands: z.array(Band),
  languages: z.array(LanguageCode),
  publishedVersion: z.int().nullable().describe('The version sent now, or null'),
  openVersion: z
    .object({ number: z.int(), status: z.enum(['draft', 'in_review']) })
    .nullable()
    .describe('The version being written or reviewed, or null'),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type Recommendation = z.infer<typeof Recommendation>;

/**
 * Searching the library. Every filter given must hold. `status`: `published` — has a
 * published version; `draft` / `in_review` — has an open version in that state; `archived` —
 * nothing published or open.
 */
export const RecommendationQuery = PageQuery.extend({
  topic: RecommendationTopic.optional(),
  tag: z.string().max(40).optional(),
  role: Role.optional().describe('For this role: targets it, or targets every role'),
  ageMin: z.coerce.number().int().min(0).max(17).optional(),
  ageMax: z.coerce
    .number()
    .int()
    .min(0)
    .max(17)
    .optional()
    .describe('With `ageMin`: targets an overlapping age band, or every age'),
  language: LanguageCode.optional().describe('Written in this language'),
  status: RecommendationStatus.optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Words of the title, any language'),
});
export type RecommendationQuery = z.input<typeof RecommendationQuery>;

/** What a segment's readers of one language get from a recommendation. */
export const LanguageCoverage = z.object({
  language: LanguageCode.describe('The contacts’ language'),
  recipients: z.int().min(0),
  contentLanguage: LanguageCode.nullable().describe(
    'The language they read after fallback (e.g. kk → ru); null when none of their chain is written',
  ),
  fallback: z.boolean().describe('True when they read another language than their own'),
});
export type LanguageCoverage = z.infer<typeof LanguageCoverage>;

/** `GET /v1/recommendations/:id/coverage`: a version's languages against a segment. */
export const RecommendationCoverage = z.object({
  recommendationId: Id,
  version: z.int(),
  languages: z.array(LanguageCode).describe('The languages the version is written in'),
  segmentId: Id,
  readers: z.array(LanguageCoverage).describe('One entry per language of the segment’s contacts'),
});
export type RecommendationCoverage = z.infer<typeof RecommendationCoverage>;

export const CoverageQuery = z.strictObject({
  segmentId: Id,
  version: z.coerce.number().int().min(1).optional().describe('Default: the version shown'),
});
export type CoverageQuery = z.input<typeof CoverageQuery>;
