/**
 * @safenet/core — the domain of Safenet: zod schemas and pure logic, no I/O.
 * Everything public is listed here by name.
 */

export {
  ALERT_CODES,
  ALERT_SEVERITIES,
  ALERT_STATES,
  ALERT_SUBJECT_TYPES,
  Alert,
  AlertActor,
  AlertCode,
  AlertListQuery,
  AlertSeverity,
  AlertState,
  AlertSubjectType,
} from './alert/alert.schema.js';
export {
  AlertEscalation,
  DEFAULT_ESCALATION_POLICIES,
  EffectiveEscalationPolicy,
  ESCALATION_CHANNELS,
  EscalationChannel,
  EscalationPolicies,
  type EscalationPoliciesInput,
  EscalationPoliciesView,
  EscalationPolicy,
  type EscalationPosition,
  EscalationStep,
  escalationTarget,
  nextEscalation,
  ON_CALL_ROLE,
} from './alert/escalation.schema.js';
export { alertTitle, type EscalatedAlert, escalationAlertText } from './alert/escalation.texts.js';
export {
  APPROVAL_ACTIONS,
  APPROVAL_SUBJECTS,
  ApprovalAction,
  ApprovalEvent,
  ApprovalEventQuery,
  ApprovalSubject,
  Person,
  RejectionInput,
} from './approval/approval.schema.js';
export {
  ATTACHMENT_CONTENT_TYPES,
  ATTACHMENT_MODES,
  ATTACHMENT_TYPES,
  ATTACHMENTS_PER_VERSION,
  Attachment,
  AttachmentContentType,
  AttachmentFilename,
  AttachmentMode,
  AttachmentUploadQuery,
  attachmentKind,
  attachmentLinks,
  attachmentMode,
  DEFAULT_ATTACHMENT_MAX_BYTES,
  EMAIL_ATTACHMENTS_MAX_BYTES,
  isAttachmentContentType,
} from './attachment/attachment.schema.js';
export { ApiKey, ApiKeyCreated, ApiKeyInput, SCOPES, Scope } from './auth/api-key.schema.js';
export {
  Invitation,
  InvitationAccept,
  InvitationCreated,
  InvitationInput,
  PasswordResetComplete,
  PasswordResetRequest,
} from './auth/invitation.schema.js';
export { ROLE_SCOPES, roleHasScope, scopesOf, USER_ROLES, UserRole } from './auth/roles.js';
export { Session, SignInInput } from './auth/session.schema.js';
export {
  Email,
  NewPassword,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PasswordInput,
  PersonName,
  User,
  UserListQuery,
  UserMePatch,
  UserPatch,
} from './auth/user.schema.js';
export {
  BROADCAST_STATUSES,
  Broadcast,
  BroadcastContentInput,
  BroadcastInput,
  BroadcastProgress,
  BroadcastStatus,
} from './broadcast/broadcast.schema.js';
export { BroadcastUpdateInput } from './broadcast/broadcast-update.schema.js';
export {
  BroadcastPreview,
  BroadcastPreviewAttachments,
  BroadcastPreviewChannelFiles,
  BroadcastPreviewLanguage,
  BroadcastPreviewSms,
  BroadcastPreviewZalo,
  BroadcastPreviewZaloLanguage,
} from './broadcast/preview.schema.js';
export {
  SendApprovalInput,
  SendApprovalSetting,
  SendApprovalTerms,
} from './broadcast/send-approval.schema.js';
export {
  type AnnouncementContext,
  AnnouncementInput,
  AnnouncementsInput,
  announcementProblems,
  CalendarOccurrence,
  CalendarQuery,
  CampaignAnnouncement,
  CampaignAnnouncements,
  CampaignCalendarView,
  OCCURRENCE_STATES,
  OccurrenceState,
} from './campaign/announcement.schema.js';
export {
  addDays,
  anchorDates,
  type CampaignCalendar,
  endOfDay,
  type InstantRange,
  localDateOf,
  localReading,
  minutesOfDay,
  type Occurrence,
  occurrenceKey,
  occurrences,
  type PlanDeadlines,
  scheduleZones,
  startOfDay,
  zonedInstant,
} from './campaign/calendar.js';
export {
  CAMPAIGN_STATUSES,
  Campaign,
  CampaignDocument,
  CampaignInput,
  type CampaignListFilters,
  CampaignListQuery,
  CampaignOrganiser,
  CampaignPatch,
  CampaignStatus,
  campaignProblems,
} from './campaign/campaign.schema.js';
export {
  dueDates,
  isOverdue,
  nextDue,
  overdueFor,
  type ReminderOccurrence,
  reminderInstants,
} from './campaign/deadlines.js';
export {
  type DueItem,
  escalationText,
  type ItemMention,
  longDate,
  NAMES_SHOWN,
  reminderText,
  textIn,
} from './campaign/follow-up.texts.js';
export {
  CAMPAIGN_EDIT_CODES,
  CAMPAIGN_MOVES,
  type CampaignEditCode,
  type CampaignState,
  calendarStatus,
  canMove,
  editProblems,
  moveProblems,
} from './campaign/lifecycle.js';
export {
  CampaignAdoptInput,
  CampaignLineage,
  LineageCampaign,
  LineageDescendant,
} from './campaign/lineage.schema.js';
export {
  COMPLETION_FORMS,
  InheritedPlanItem,
  PLAN_ASSIGNMENT_STATES,
  PLAN_ASSIGNMENT_STATUSES,
  Plan,
  PlanAssignment,
  PlanAssignmentPatch,
  PlanAssignmentState,
  PlanAssignmentStatus,
  PlanCounts,
  PlanGrid,
  PlanGridCell,
  PlanGridQuery,
  PlanInput,
  PlanItemInput,
  PlanItemView,
  type PlanResponsible,
  PlanResponsibleEntry,
  PlanResponsibleInput,
  PlanSectionInput,
  PlanSectionView,
} from './campaign/plan.schema.js';
export { PlanTask, PlanTaskQuery } from './campaign/plan-tasks.schema.js';
export {
  type CheckProblem,
  formatPath,
  PROGRAMME_CHECK_CODES,
  type ProgrammeCheckCode,
  programmeProblems,
} from './campaign/programme.checks.js';
export {
  CampaignCopyInput,
  PeriodShift,
  shiftDate,
  shiftProgramme,
} from './campaign/programme.copy.js';
export { programmeFileJsonSchema } from './campaign/programme.json-schema.js';
export {
  formatProgrammeFile,
  ProgrammeFile,
  type ProgrammeParseResult,
  type ProgrammeProblem,
  parseProgrammeFile,
  programmeLocator,
  type TextPosition,
} from './campaign/programme.schema.js';
export {
  PROGRAMME_LOAD_OUTCOMES,
  PROGRAMME_TEXT_MAX,
  ProgrammeLoadInput,
  ProgrammeLoadQuery,
  ProgrammeLoadResult,
} from './campaign/programme-load.schema.js';
export {
  DEFAULT_QUIET_HOURS,
  effectiveQuietHours,
  isQuiet,
  nextAllowed,
} from './campaign/quiet-hours.js';
export {
  type DateWindow,
  firesInside,
  RecurrenceError,
  type RecurrenceProblem,
  recurrenceDates,
  recurrenceProblem,
} from './campaign/recurrence.js';
export {
  CampaignReminders,
  CampaignRemindersInput,
  FOLLOW_UP_ROLES,
} from './campaign/reminders.schema.js';
export {
  type ReportMention,
  reportDigestText,
  reportReminderText,
  reportRequestText,
  reportReturnText,
} from './campaign/report-nudge.texts.js';
export {
  Anchor,
  Announcement,
  Deadline,
  IsoDate,
  Key,
  LocalTime,
  Organiser,
  OrgRef,
  Phase,
  PlanItem,
  PlanSection,
  QuietHours,
  Reminder,
  Responsible,
  Schedule,
  When,
} from './campaign/shapes.schema.js';
export { Target, TargetCondition, TargetFormula } from './campaign/target.schema.js';
export {
  CASE_CATEGORIES,
  CASE_PLATFORMS,
  CASE_REPORT_LIMITS,
  CASE_SEVERITIES,
  CASE_SOURCES,
  CaseCategory,
  CasePlatform,
  type CaseReport,
  CaseReporterContact,
  CaseReportInput,
  CaseReportReceipt,
  CaseSeverity,
  CaseSource,
} from './case/case.schema.js';
export {
  CaseActionName,
  CaseAssignInput,
  CaseAuditEntry,
  CaseAuditTrail,
  CaseDetail,
  CaseLinkRecord,
  CaseListQuery,
  CaseReferral,
  CaseReferralAnswer,
  CaseReferralInput,
  CaseReportRecord,
  CaseReportStatus,
  CaseReportSubmit,
  CaseResponseTimes,
  CaseResponseTimesInForce,
  CaseRoutingInput,
  CaseRoutingRule,
  CaseRoutingView,
  CaseState,
  CaseSummary,
  CaseTransitionInput,
  CaseTransitionName,
  REFERRAL_TARGETS,
} from './case/case-api.schema.js';
export {
  type CanonicalLink,
  type CanonicalLinkError,
  canonicaliseLink,
  TRACKING_PARAMETERS,
} from './case/case-link.js';
export {
  allowedCaseActions,
  CASE_ACTIONS,
  CASE_CATEGORY_SEVERITY,
  CASE_CONDITIONS,
  CASE_PERMISSION_RULES,
  CASE_SEVERITY_RISES_AT,
  CASE_STATES,
  CASE_TRANSITION_NAMES,
  CASE_TRANSITIONS,
  type CaseAction,
  type CaseCondition,
  type CaseFacts,
  type CaseResponseTime,
  type CaseRouteRule,
  type CaseTransition,
  caseActionAllowed,
  caseSeverityFor,
  DEFAULT_CASE_RESPONSE_TIMES,
  higherSeverity,
  nextCaseState,
  OPEN_CASE_STATES,
  REPORTER_STATUSES,
  type ReporterStatus,
  reporterStatusOf,
  routeCase,
} from './case/case-workflow.js';
export {
  CHANNEL_SESSION_STATES,
  ChannelInfo,
  ChannelSession,
  ChannelSessionState,
} from './channel/channel.schema.js';
export {
  CHANNELS,
  Channel,
  E164_PATTERN,
  Id,
  Page,
  PageQuery,
  PHONE_INPUT_PATTERN,
  PhoneNumber,
  StoredPhoneNumber,
  Timestamp,
  TimeZone,
} from './common/common.schema.js';
export {
  CONSENT_ACTOR_KINDS,
  ConsentActor,
  ConsentEvent,
  ConsentHistoryQuery,
} from './consent/consent-event.schema.js';
export { helpReply } from './consent/help-reply.js';
export { type ConsentKeyword, parseConsentKeyword } from './consent/keywords.js';
export {
  Addresses,
  AddressesInput,
  AgeBand,
  CHANNEL_ADDRESS,
  Consent,
  Consents,
  Contact,
  ContactBulkInput,
  ContactBulkResult,
  ContactInput,
  type ContactInputParsed,
  ContactPatch,
  isReachable,
  ROLES,
  Role,
  ZaloAddress,
} from './contact/contact.schema.js';
export {
  ContactExportQuery,
  ContactImport,
  ContactImportCommit,
  ContactImportListQuery,
  ContactImportProgress,
  ContactImportQuery,
  IMPORT_CONSENT_CHANNELS,
  IMPORT_ENCODINGS,
  IMPORT_FIELDS,
  IMPORT_FORMATS,
  IMPORT_KEYS,
  IMPORT_MODES,
  IMPORT_ROW_CODES,
  IMPORT_STATUSES,
  ImportColumn,
  ImportConsent,
  ImportCounts,
  ImportEncoding,
  ImportErrorsQuery,
  ImportField,
  ImportFormat,
  ImportKey,
  ImportMapping,
  ImportMode,
  ImportRowCode,
  ImportRowError,
  ImportStatus,
  LEGAL_BASES,
  LegalBasis,
} from './contact/contact-import.schema.js';
export {
  CONSENT_FILTER_STATUSES,
  type ConsentCondition,
  ConsentFilter,
  type ConsentFilterStatus,
  type ContactListFilters,
  ContactListQuery,
  type ContactSearchTerms,
  contactSearchTerms,
  SEARCH_PHONE_COUNTRIES,
} from './contact/contact-search.js';
export {
  type CellResult,
  guessImportColumn,
  importRowMessage,
  parseAgeBandsCell,
  parseConsentCell,
  parseLanguageCell,
  parseRoleCell,
} from './contact/import-vocabulary.js';
export { TelegramLink, TelegramStartToken } from './contact/telegram-link.schema.js';
export {
  DEFERRAL_REASONS,
  DELIVERY_REASONS,
  DELIVERY_STATUSES,
  type DeferralReason,
  Delivery,
  DeliveryDetail,
  DeliveryEvent,
  DeliveryListQuery,
  type DeliveryReason,
  DeliveryStatus,
  isDeliveryReason,
} from './delivery/delivery.schema.js';
export { FALLBACK_REASONS, nextChannel, triggersFallback } from './delivery/fallback.js';
export {
  type FirstChoice,
  firstChoice,
  UNREACHABLE_REASONS,
  type UnreachableReason,
  unreachableReason,
} from './delivery/reachability.js';
export { applyStatus, canTransition, isTerminal, statusesBefore } from './delivery/transitions.js';
export {
  WEBHOOK_EVENT_TYPES,
  WEBHOOK_MESSAGE_STATUSES,
  WEBHOOK_TEST_EVENT_TYPE,
  WebhookAttempt,
  WebhookEndpoint,
  WebhookEndpointInput,
  WebhookEndpointPatch,
  WebhookEndpointWithSecret,
  WebhookEventType,
  WebhookMessage,
  WebhookMessageListQuery,
  WebhookMessageStatus,
  WebhookPayload,
  WebhookUrl,
} from './endpoint/endpoint.schema.js';
export {
  ERROR_CODE_LIST,
  ERROR_CODES,
  type ErrorCode,
  type FieldError,
  isErrorCode,
  SafenetError,
  type SafenetErrorOptions,
  toSafenetError,
} from './errors.js';
export {
  AlertEscalatedEvent,
  AlertEvent,
  BroadcastProgressEvent,
  CalendarOccurrenceEvent,
  CampaignUpdatedEvent,
  ChannelSessionEvent,
  ContactImportProgressEvent,
  DeliveryUpdatedEvent,
  InAppMessageEvent,
  PlanAssignmentUpdatedEvent,
  ReportReturnedEvent,
  ReportSubmittedEvent,
  STREAM_EVENT_TYPES,
  StreamEvent,
  type StreamEventType,
} from './event/event.schema.js';
export {
  HOTLINE_NUMBER_PATTERN,
  HOTLINE_PURPOSES,
  Hotline,
  HotlineE164,
  HotlineInput,
  HotlineListQuery,
  HotlineNumber,
  HotlinePatch,
  HotlinePurpose,
  Signposting,
  SignpostingInput,
} from './hotline/hotline.schema.js';
export {
  lineDepth,
  type Signpost,
  type SignpostLine,
  signpostingFor,
} from './hotline/signposting.js';
export {
  appendFooter,
  appendSmsOptOut,
  renderSignposting,
  SIGNPOSTING_LABELS,
  SIGNPOSTING_VARIABLE,
  SMS_OPT_OUT_LABELS,
  smsOptOutLine,
} from './hotline/signposting.texts.js';
export { DEFAULT_FALLBACKS, fallbackChain, pickLocalized } from './locale/fallback.js';
export {
  LANGUAGES,
  Language,
  LanguageCode,
  LocalizedText,
} from './locale/language.schema.js';
export {
  canNest,
  isWithin,
  ORGANISATION_KINDS,
  Organisation,
  OrganisationCode,
  OrganisationInput,
  OrganisationKind,
  OrganisationListQuery,
} from './organisation/organisation.schema.js';
export {
  EffectiveQuietHours,
  OrganisationDetail,
  OrganisationPatch,
  QUIET_HOURS_SOURCES,
  QuietHoursSetting,
} from './organisation/quiet-hours.schema.js';
export { OutboxMessage } from './outbox/outbox.schema.js';
export {
  type CostInput,
  checkPriceTable,
  countryOfNumber,
  estimateCost,
  type SmsGroup,
  sumMoney,
  type WhatsAppGroup,
} from './price/estimate.js';
export {
  BroadcastCost,
  CostEstimate,
  DeliveryPrice,
  FLAT_PRICED_CHANNELS,
  type FlatPricedChannel,
  Money,
  Price,
  PriceCountry,
  PricesByCountry,
  PricesInForce,
  PricesInput,
  PriceTable,
  type PriceTableInput,
  UnpricedDestination,
  WHATSAPP_CATEGORIES,
  WhatsAppCategory,
} from './price/price.schema.js';
export { Erasure } from './privacy/erasure.schema.js';
export {
  CoverageQuery,
  LanguageCoverage,
  RECOMMENDATION_STATUSES,
  RECOMMENDATION_TOPICS,
  Recommendation,
  RecommendationCoverage,
  RecommendationInput,
  RecommendationPatch,
  RecommendationQuery,
  RecommendationStatus,
  RecommendationTopic,
  RecommendationVersion,
  VersionReview,
} from './recommendation/recommendation.schema.js';
export { narrowToTargets } from './recommendation/targeting.js';
export {
  ReportAssignment,
  ReportContact,
  ReportException,
  ReportExceptionInput,
  ReportExportQuery,
  ReportFormListQuery,
  ReportMissing,
  ReportMissingQuery,
  ReportPeriods,
  ReportPeriodsQuery,
  ReportRollUp,
  ReportRollUpQuery,
} from './report/report-api.schema.js';
export {
  REPORT_AUDIT_ACTIONS,
  ReportApproval,
  ReportApprovals,
  ReportAuditAction,
  ReportAuditEntry,
  ReportAuditQuery,
  ReportReturnInput,
} from './report/report-approval.schema.js';
export {
  exportSheetNames,
  type MissingRow,
  missingTable,
  rollUpTable,
  toCsv,
} from './report/report-export.js';
export {
  ChoiceField,
  ChoiceOption,
  CountField,
  DateField,
  GroupField,
  LongTextField,
  NumberField,
  RECURRENCES,
  REPORT_FIELD_TYPES,
  Recurrence,
  ReportAssignee,
  ReportAssignmentInput,
  ReportField,
  type ReportFieldInput,
  type ReportFieldType,
  ReportForm,
  ReportFormFile,
  ReportFormInput,
  ReportFormPatch,
  ReportPeriod,
  ReportSchedule,
  type ReportScheduleInput,
  ScalarField,
  TextField,
  YesNoField,
} from './report/report-form.schema.js';
export {
  CreatedReportLink,
  ReportLink,
  ReportLinkInput,
  ReportLinkListQuery,
  ReportLinkSendInput,
  SentReportLink,
} from './report/report-link.schema.js';
export { type NudgeInstant, nudgeInstants } from './report/report-nudges.js';
export {
  NUDGE_KINDS,
  type NudgeKind,
  ReportNudges,
  type ReportNudgesInput,
} from './report/report-nudges.schema.js';
export {
  periodInstants,
  reportPeriod,
  reportPeriodOn,
  reportPeriods,
} from './report/report-periods.js';
export {
  type RollUpInput,
  type RollUpOrg,
  type RollUpSubmission,
  rollUpReports,
} from './report/report-rollup.js';
export {
  Completeness,
  FieldTotal,
  OwnReportStatus,
  RollUpApproval,
  RollUpNode,
} from './report/report-rollup.schema.js';
export {
  ReportActor,
  ReportSubmission,
  ReportSubmissionInput,
  ReportSubmissionVersion,
  ReportValues,
  SUBMISSION_STATES,
  SubmissionState,
} from './report/report-submission.schema.js';
export {
  formulaProblem,
  measureTargets,
  type TargetSource,
  targetNotMeasured,
  type Unmeasurable,
} from './report/report-targets.js';
export {
  CampaignTargets,
  CampaignTargetsQuery,
  TargetCompleteness,
  TargetMeasure,
  UNMEASURABLE_CODES,
  UnmeasurableCode,
} from './report/report-targets.schema.js';
export {
  answeredKeys,
  breakingFieldChanges,
  changedFields,
  reportValuesSchema,
} from './report/report-values.js';
export { matchesSegment } from './segment/matcher.js';
export {
  Segment,
  SegmentCount,
  SegmentDryRunInput,
  SegmentInput,
  SegmentPatch,
  SegmentQuery,
  SegmentQueryInput,
} from './segment/segment.schema.js';
export {
  countSmsSegments,
  SMS_ENCODINGS,
  type SmsEncoding,
  type SmsSegments,
} from './sms/encoding.js';
export { smsText } from './sms/sms-text.js';
export {
  TELEGRAM_CHAT_STATUSES,
  TELEGRAM_CHAT_TYPES,
  TelegramChat,
  TelegramChatLink,
  TelegramChatLinkInput,
  TelegramChatListQuery,
  TelegramChatUpdate,
} from './telegram/telegram-chat.schema.js';
export {
  TELEGRAM_POST_STATUSES,
  TELEGRAM_POST_TARGET_STATUSES,
  TelegramPost,
  TelegramPostInput,
  TelegramPostListQuery,
  TelegramPostTarget,
} from './telegram/telegram-post.schema.js';
export { renderTemplate, templateVariables } from './template/render.js';
export { escapeMarkup } from './text/escape-markup.js';
