import type {
  CampaignStatus,
  DeliveryStatus,
  HotlinePurpose,
  OrganisationKind,
  RecommendationStatus,
  RecommendationTopic,
} from '@safenet/sdk';

/*
 * The hub's enumerations the console offers in its forms. They are core's; the console does
 * not import @safenet/core at run time, which would bring zod and libphonenumber into the
 * bundle. Those in `@safenet/core/vocabulary` come through the SDK as plain data; for the
 * others `satisfies` keeps the console's copy in step.
 */

/** Channels, contact roles and languages: the SDK's lists (core's, as plain data). */
export { CHANNELS, LANGUAGES, ROLES as CONTACT_ROLES } from '@safenet/sdk';

export const DELIVERY_STATUSES = [
  'queued',
  'sending',
  'sent',
  'delivered',
  'read',
  'failed',
  'suppressed',
  'captured',
  'cancelled',
] as const satisfies readonly DeliveryStatus[];

export const ORGANISATION_KINDS = [
  'ministry',
  'province',
  'district',
  'school',
  'association',
] as const satisfies readonly OrganisationKind[];

/** Which kinds may sit under which (core's `canNest`). */
export const CHILD_KINDS: Record<OrganisationKind, readonly OrganisationKind[]> = {
  ministry: ['province', 'association'],
  province: ['district', 'school', 'association'],
  district: ['school', 'association'],
  school: ['association'],
  association: [],
};

/** A campaign's statuses, in lifecycle order (core's `CAMPAIGN_STATUSES`). */
export const CAMPAIGN_STATUSES = [
  'draft',
  'scheduled',
  'active',
  'completed',
  'archived',
  'cancelled',
] as const satisfies readonly CampaignStatus[];

/** The lifecycle moves a person asks for (the hub's routes), each with the statuses it starts from. */
export const CAMPAIGN_ACTIONS = {
  schedule: ['draft'],
  cancel: ['draft', 'scheduled', 'active'],
  archive: ['completed'],
} as const satisfies Record<'schedule' | 'cancel' | 'archive', readonly CampaignStatus[]>;
export type CampaignAction = keyof typeof CAMPAIGN_ACTIONS;

/** The statuses in which a campaign still takes changes (core's `editProblems`). */
export const CAMPAIGN_EDITABLE: readonly CampaignStatus[] = ['draft', 'scheduled', 'active'];

/** The library's topics (core's `RECOMMENDATION_TOPICS`), in the reference's order. */
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
] as const satisfies readonly RecommendationTopic[];

/** A recommendation version's statuses, in lifecycle order (core's `RECOMMENDATION_STATUSES`). */
export const RECOMMENDATION_STATUSES = [
  'draft',
  'in_review',
  'published',
  'archived',
] as const satisfies readonly RecommendationStatus[];

/** What a help line is for (core's `HOTLINE_PURPOSES`), in the reference's order. */
export const HOTLINE_PURPOSES = [
  'child_protection',
  'psychological_help',
  'parental_controls',
  'anonymous_consultation',
] as const satisfies readonly HotlinePurpose[];
