/**
 * The request and record types of @safenet/core that SDK users handle, as type aliases.
 * Aliases rather than `export type { X } from '@safenet/core'`: core exports each schema and
 * its type under one name, and the bundled declaration file would re-export both, letting
 * `import { Contact } from '@safenet/sdk'` typecheck as a zod schema that is not there at run time.
 * types.test.ts fails when core adds a schema that is neither here nor left out on purpose.
 */
import type * as core from '@safenet/core';

export type Anchor = core.Anchor;
export type Announcement = core.Announcement;
export type ApiKey = core.ApiKey;
export type ApiKeyCreated = core.ApiKeyCreated;
export type ApiKeyInput = core.ApiKeyInput;
export type Broadcast = core.Broadcast;
export type BroadcastInput = core.BroadcastInput;
export type BroadcastPreview = core.BroadcastPreview;
export type BroadcastProgress = core.BroadcastProgress;
export type BroadcastStatus = core.BroadcastStatus;
export type Campaign = core.Campaign;
export type CampaignInput = core.CampaignInput;
export type Channel = core.Channel;
export type ChannelInfo = core.ChannelInfo;
export type ChannelSession = core.ChannelSession;
export type ChannelSessionState = core.ChannelSessionState;
export type ConsentActor = core.ConsentActor;
export type ConsentEvent = core.ConsentEvent;
export type Contact = core.Contact;
export type ContactBulkInput = core.ContactBulkInput;
export type ContactBulkResult = core.ContactBulkResult;
export type ContactInput = core.ContactInput;
export type ContactPatch = core.ContactPatch;
export type Deadline = core.Deadline;
export type Delivery = core.Delivery;
export type DeliveryDetail = core.DeliveryDetail;
export type DeliveryEvent = core.DeliveryEvent;
export type DeliveryStatus = core.DeliveryStatus;
export type ErrorCode = core.ErrorCode;
export type FieldError = core.FieldError;
export type Invitation = core.Invitation;
export type InvitationAccept = core.InvitationAccept;
export type InvitationCreated = core.InvitationCreated;
export type InvitationInput = core.InvitationInput;
export type IsoDate = core.IsoDate;
export type Key = core.Key;
export type Language = core.Language;
export type LocalTime = core.LocalTime;
export type LocalizedText = core.LocalizedText;
export type OrgRef = core.OrgRef;
export type Organisation = core.Organisation;
export type OrganisationInput = core.OrganisationInput;
export type OrganisationKind = core.OrganisationKind;
export type Organiser = core.Organiser;
export type OutboxMessage = core.OutboxMessage;
export type PasswordResetComplete = core.PasswordResetComplete;
export type PasswordResetRequest = core.PasswordResetRequest;
export type Phase = core.Phase;
export type PlanItem = core.PlanItem;
export type PlanSection = core.PlanSection;
export type ProgrammeFile = core.ProgrammeFile;
export type QuietHours = core.QuietHours;
export type Recommendation = core.Recommendation;
export type RecommendationInput = core.RecommendationInput;
export type RecommendationPatch = core.RecommendationPatch;
export type RecommendationStatus = core.RecommendationStatus;
export type Reminder = core.Reminder;
export type Responsible = core.Responsible;
export type Role = core.Role;
export type Schedule = core.Schedule;
export type Scope = core.Scope;
export type Segment = core.Segment;
export type SegmentCount = core.SegmentCount;
export type SegmentDryRunInput = core.SegmentDryRunInput;
export type SegmentInput = core.SegmentInput;
export type SegmentQueryInput = core.SegmentQueryInput;
export type Session = core.Session;
export type SignInInput = core.SignInInput;
export type StreamEvent = core.StreamEvent;
export type StreamEventType = core.StreamEventType;
export type Target = core.Target;
export type User = core.User;
export type UserListQuery = core.UserListQuery;
export type UserMePatch = core.UserMePatch;
export type UserPatch = core.UserPatch;
export type UserRole = core.UserRole;
export type WebhookAttempt = core.WebhookAttempt;
export type WebhookEndpoint = core.WebhookEndpoint;
export type WebhookEndpointInput = core.WebhookEndpointInput;
export type WebhookEndpointPatch = core.WebhookEndpointPatch;
export type WebhookEndpointWithSecret = core.WebhookEndpointWithSecret;
export type WebhookEventType = core.WebhookEventType;
export type WebhookMessage = core.WebhookMessage;
export type WebhookMessageStatus = core.WebhookMessageStatus;
export type WebhookPayload = core.WebhookPayload;
export type When = core.When;
/** A page of a list; `nextCursor` is null on the last page. */
export type Page<T> = core.Page<T>;
