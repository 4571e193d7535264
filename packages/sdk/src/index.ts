/**
 * @safenet/sdk — a typed client of the Safenet hub for Node and browsers.
 * Everything public is listed here by name; request and record types come from
 * @safenet/core, where the hub's zod schemas define them.
 */

/**
 * The roles and the scopes each carries — the hub's own mapping, from `@safenet/core/roles`
 * (plain data: no schemas come with it). `roleHasScope(role, scope)` is what the hub checks;
 * a page can use it to hide what a person cannot do.
 *
 * @example
 * import { roleHasScope } from '@safenet/sdk';
 * if (roleHasScope(me.role, 'send')) showSendButton();
 */
export { ROLE_SCOPES, roleHasScope, USER_ROLES } from '@safenet/core/roles';
export { SafenetClient, type SafenetClientOptions } from './client.js';
export {
  SafenetApiError,
  type SafenetApiErrorCode,
  type SafenetApiErrorInit,
} from './http/errors.js';
export type { ItemIterator, PageParams, PostOptions, RequestOptions } from './http/options.js';
export type { AlertListParams } from './resources/alerts.js';
export type { DeliveryListParams } from './resources/broadcasts.js';
export type {
  CalendarParams,
  CampaignListParams,
  PlanGridParams,
  PlanTaskParams,
  ProgrammeLoadOptions,
} from './resources/campaigns.js';
export type {
  ConsentFilterStatus,
  ConsentHistoryParams,
  ContactListParams,
} from './resources/contacts.js';
export type { OrganisationListParams } from './resources/organisations.js';
export type { OutboxListParams } from './resources/outbox.js';
export type { UserListParams } from './resources/users.js';
export type { WebhookMessageListParams } from './resources/webhook-endpoints.js';
export type { EventsOptions } from './stream/event-iterator.js';
export type { EventOf, SubscribeOptions, Subscription } from './stream/subscription.js';
export type { WebSocketConstructor, WebSocketLike } from './stream/websocket.js';
export type {
  Alert,
  AlertActor,
  AlertCode,
  AlertSeverity,
  AlertState,
  AlertSubjectType,
  Anchor,
  Announcement,
  AnnouncementInput,
  AnnouncementsInput,
  ApiKey,
  ApiKeyCreated,
  ApiKeyInput,
  Broadcast,
  BroadcastInput,
  BroadcastPreview,
  BroadcastProgress,
  BroadcastStatus,
  CalendarOccurrence,
  Campaign,
  CampaignAdoptInput,
  CampaignAnnouncement,
  CampaignAnnouncements,
  CampaignCalendarView,
  CampaignCopyInput,
  CampaignDocument,
  CampaignInput,
  CampaignLineage,
  CampaignOrganiser,
  CampaignPatch,
  CampaignReminders,
  CampaignRemindersInput,
  CampaignStatus,
  Channel,
  ChannelInfo,
  ChannelSession,
  ChannelSessionState,
  ConsentActor,
  ConsentEvent,
  Contact,
  ContactBulkInput,
  ContactBulkResult,
  ContactInput,
  ContactPatch,
  Deadline,
  Delivery,
  DeliveryDetail,
  DeliveryEvent,
  DeliveryStatus,
  EffectiveQuietHours,
  ErrorCode,
  FieldError,
  InheritedPlanItem,
  Invitation,
  InvitationAccept,
  InvitationCreated,
  InvitationInput,
  IsoDate,
  Key,
  Language,
  LineageCampaign,
  LineageDescendant,
  LocalizedText,
  LocalTime,
  OccurrenceState,
  Organisation,
  OrganisationDetail,
  OrganisationInput,
  OrganisationKind,
  OrganisationPatch,
  Organiser,
  OrgRef,
  OutboxMessage,
  Page,
  PasswordResetComplete,
  PasswordResetRequest,
  PeriodShift,
  Phase,
  Plan,
  PlanAssignment,
  PlanAssignmentPatch,
  PlanAssignmentState,
  PlanAssignmentStatus,
  PlanCounts,
  PlanGrid,
  PlanGridCell,
  PlanInput,
  PlanItem,
  PlanItemInput,
  PlanItemView,
  PlanResponsibleEntry,
  PlanResponsibleInput,
  PlanSection,
  PlanSectionInput,
  PlanSectionView,
  PlanTask,
  ProgrammeFile,
  ProgrammeLoadInput,
  ProgrammeLoadResult,
  QuietHours,
  QuietHoursSetting,
  Recommendation,
  RecommendationInput,
  RecommendationPatch,
  RecommendationStatus,
  Reminder,
  Responsible,
  Role,
  Schedule,
  Scope,
  Segment,
  SegmentCount,
  SegmentDryRunInput,
  SegmentInput,
  SegmentQueryInput,
  Session,
  SignInInput,
  StreamEvent,
  StreamEventType,
  Target,
  User,
  UserListQuery,
  UserMePatch,
  UserPatch,
  UserRole,
  WebhookAttempt,
  WebhookEndpoint,
  WebhookEndpointInput,
  WebhookEndpointPatch,
  WebhookEndpointWithSecret,
  WebhookEventType,
  WebhookMessage,
  WebhookMessageStatus,
  WebhookPayload,
  When,
} from './types.js';
export {
  verifyWebhook,
  type WebhookHeaders,
  WebhookVerificationError,
} from './webhooks/verify.js';
