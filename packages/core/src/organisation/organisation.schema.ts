import { z } from 'zod';
import { Id, PageQuery, Timestamp, TimeZone } from '../common/common.schema.js';
import { Language, LanguageCode } from '../locale/language.schema.js';

/**
 * Kinds of organisation. Ministries, provinces, districts and schools form the tree of
 * public bodies; associations (parent associations, NGOs) hang under any of them.
 */
export const ORGANISATION_KINDS = [
  'ministry',
  'province',
  'district',
  'school',
  'association',
] as const;
export const OrganisationKind = z.enum(ORGANISATION_KINDS);
export type OrganisationKind = z.infer<typeof OrganisationKind>;

/**
 * The code or external id a ministry uses for an organisation (a school's code), unique within
 * its root's tree; a programme file may name the organisation by it (`{ code }`).
 */
export const OrganisationCode = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .describe('The code a ministry uses for it, e.g. a school’s code; unique within the root’s tree');

/**
 * An organisation: a tenant. Every record belongs to one; an API key of an organisation
 * sees its subtree only. `path` lists the ids from the root down to this organisation.
 */
export const Organisation = z.object({
  id: Id,
  parentId: Id.nullable(),
  kind: OrganisationKind,
  name: z.string(),
  path: z.array(Id).describe('Ids from the root organisation down to this one'),
  timeZone: z.string(),
  defaultLanguage: LanguageCode,
  code: OrganisationCode.nullable(),
  createdAt: Timestamp,
});
export type Organisation = z.infer<typeof Organisation>;

/**
 * Creating an organisation under one the API key can see.
 *
 * @example
 * { parentId: ministryId, kind: 'province', name: 'Đắk Lắk', timeZone: 'Asia/Ho_Chi_Minh', defaultLanguage: 'vi' }
 */
export const OrganisationInput = z.strictObject({
  parentId: Id,
  kind: OrganisationKind,
  name: z.string().trim().min(1).max(200),
  timeZone: TimeZone.optional(),
  defaultLanguage: Language.optional(),
  code: OrganisationCode.optional(),
});
export type OrganisationInput = z.input<typeof OrganisationInput>;

/** `GET /v1/organisations`: a page of the caller's subtree, filtered. */
export const OrganisationListQuery = PageQuery.extend({
  code: OrganisationCode.optional().describe('Only the organisation with this code'),
});
export type OrganisationListQuery = z.input<typeof OrganisationListQuery>;

/** Kind rules: a ministry is a root; schools sit under districts or provinces. */
const ALLOWED_PARENTS: Record<OrganisationKind, readonly OrganisationKind[]> = {
  ministry: [],
  province: ['ministry'],
  district: ['province'],
  school: ['district', 'province'],
  association: ['ministry', 'province', 'district', 'school'],
};

/** True when an organisation of `kind` may be created under a parent of `parentKind`. */
export function canNest(parentKind: OrganisationKind, kind: OrganisationKind): boolean {
  return ALLOWED_PARENTS[kind].includes(parentKind);
}

/** True when `org` is `ancestor` itself or lies in its subtree. */
export function isWithin(org: Pick<Organisation, 'path'>, ancestorId: string): boolean {
  return org.path.includes(ancestorId);
}
