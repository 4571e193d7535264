import { z } from 'zod';
import { Alert } from '../alert/alert.schema.js';
import { BroadcastProgress } from '../broadcast/broadcast.schema.js';
import { CampaignStatus } from '../campaign/campaign.schema.js';
import { PlanAssignmentState, PlanAssignmentStatus } from '../campaign/plan.schema.js';
import { ChannelSession } from '../channel/channel.schema.js';
import { Channel, Id, Timestamp } from '../common/common.schema.js';
import { ContactImportProgress } from '../contact/contact-import.schema.js';
import { DeliveryStatus } from '../delivery/delivery.schema.js';
import { LanguageCode } from '../locale/language.schema.js';
import { SubmissionState } from '../report/report-submission.schema.js';

/** A broadcast's counts changed. Sent at most a few times a second per broadcast. */
export const BroadcastProgressEvent = z.object({
  type: z.literal('broadcast.progress'),
  orgId: Id,
  at: Timestamp,
  data: BroadcastProgress,
});

/** One delivery changed status. */
export const DeliveryUpdatedEvent = z.object({
  type: z.literal('delivery.updated'),
  orgId: Id,
  at: Timestamp,
  data: z.object({
    deliveryId: Id,
    broadcastId: Id,
    contactId: Id,
    channel: Channel,
    status: DeliveryStatus,
    reason: z.string().nullable(),
  }),
});

/**
 * A campaign changed status: scheduled, cancelled or archived by a person (`by: 'request'`),
 * or turned active or completed by its calendar, in its own time zone (`by: 'calendar'`).
 */
export const CampaignUpdatedEvent = z.object({
  type: z.literal('campaign.updated'),
  orgId: Id,
  at: Timestamp,
  data: z.object({
    campaignId: Id,
    status: CampaignStatus,
    previousStatus: CampaignStatus,
    by: z.enum(['request', 'calendar']),
  }),
});

/**
 * A responsible organisation's status on a plan item changed (`PATCH
 * /v1/campaigns/:id/plan/items/:itemKey/assignments/:orgId`): a ministry's grid updates live.
 * Published to the organisation's line, so the organisation and every one above it see it.
 */
export const PlanAssignmentUpdatedEvent = z.object({
  type: z.literal('plan.assignment.updated'),
  orgId: Id,
  at: Timestamp,
  data: z.object({
    campaignId: Id,
    itemKey: z.string(),
    orgId: Id,
    status: PlanAssignmentState,
    recordedStatus: PlanAssignmentStatus,
    previousStatus: PlanAssignmentStatus,
    updatedBy: z.string(),
  }),
});

/**
 * An organisation's report for a period was written (`PUT
 * /v1/report-forms/:id/periods/:periodKey/submissions/:orgId`), saved as a draft or
 * submitted: a roll-up open above it updates live. Published to the organisation's line.
 */
export const ReportSubmittedEvent = z.object({
  type: z.literal('report.submitted'),
  orgId: Id,
  at: Timestamp,
  data: z.object({
    formId: Id,
    periodKey: z.string(),
    orgId: Id,
    state: SubmissionState,
    version: z.int().min(1),
  }),
});

/**
 * A level above returned an organisation's submission with a comment (`POST
 * …/submissions/:orgId/return`): the organisation may change it again, even after the lock,
 * until it submits again. Published to the organisation's line, so its people see what to fix.
 */
export const ReportReturnedEvent = z.object({
  type: z.literal('report.returned'),
  orgId: Id,
  at: Timestamp,
  data: z.object({
    formId: Id,
    periodKey: z.string(),
    orgId: Id,
    version: z.int().min(1),
    comment: z.string(),
    returnedBy: Id.describe('The organisation that returned it'),
  }),
});

/**
 * An announcement's occurrence came: `fired` (its broadcast was created) or `missed` (due
 * longer ago than the grace when the hub came to it: recorded, never sent late).
 */
export const CalendarOccurrenceEvent = z.object({
  type: z.literal('calendar.occurrence'),
  orgId: Id,
  at: Timestamp,
  data: z.object({
    campaignId: Id,
    announcementId: Id,
    announcementKey: z.string(),
    version: z.int(),
    key: z.string(),
    dueAt: Timestamp,
    state: z.enum(['fired', 'missed']),
    broadcastId: Id.nullable(),
  }),
});

/** An in-app message for a contact: what the `websocket` channel delivers. */
export const InAppMessageEvent = z.object({
  type: z.literal('message'),
  orgId: Id,
  at: Timestamp,
  data: z.object({
    deliveryId: Id,
    broadcastId: Id,
    contactId: Id,
    language: LanguageCode,
    title: z.string().nullable(),
    body: z.string(),
  }),
});

/**
 * Something needs a person's attention now (a channel went down, a plan item is overdue): an
 * alert was raised and stored (`GET /v1/alerts/:id`). Codes: docs/reference/alerts.md.
 */
export const AlertEvent = z.object({
  type: z.literal('alert'),
  orgId: Id,
  at: Timestamp,
  data: Alert.pick({ code: true, severity: true, subject: true, message: true }).extend({
    alertId: Id,
  }),
});

/**
 * An open alert's escalation took a step (issue 14): the on-call people of `notifiedOrgId`
 * were sent `broadcastId`. `GET /v1/alerts/:id/escalations` lists every step taken.
 */
export const AlertEscalatedEvent = z.object({
  type: z.literal('alert.escalated'),
  orgId: Id,
  at: Timestamp,
  data: z.object({
    alertId: Id,
    step: z.number().int(),
    run: z.number().int(),
    notifiedOrgId: Id,
    broadcastId: Id,
  }),
});

/** A paired channel's session changed: a QR code to scan, ready, disconnected, banned. */
export const ChannelSessionEvent = z.object({
  type: z.literal('channel.session'),
  orgId: Id,
  at: Timestamp,
  data: ChannelSession,
});

/**
 * A contact import moved on: after each batch of rows it reads, validates or writes, and when
 * it ends (`validated`, `completed`, `rejected`, `failed`).
 */
export const ContactImportProgressEvent = z.object({
  type: z.literal('contact_import.progress'),
  orgId: Id,
  at: Timestamp,
  data: ContactImportProgress,
});

/**
 * Everything the `/v1/stream` websocket sends to subscribers of an organisation.
 *
 * @example
 * { type: 'broadcast.progress', orgId, at: '2017-04-10T09:00:01Z', data: { broadcastId, status: 'sending', expanded: true, total: 200, counts: { sent: 120, queued: 80 } } }
 */
export const StreamEvent = z.discriminatedUnion('type', [
  BroadcastProgressEvent,
  DeliveryUpdatedEvent,
  InAppMessageEvent,
  AlertEvent,
  AlertEscalatedEvent,
  ChannelSessionEvent,
  CampaignUpdatedEvent,
  PlanAssignmentUpdatedEvent,
  CalendarOccurrenceEvent,
  ReportSubmittedEvent,
  ReportReturnedEvent,
  ContactImportProgressEvent,
]);
export type StreamEvent = z.infer<typeof StreamEvent>;
export type StreamEventType = StreamEvent['type'];

/** Every stream event type, in the union's order: what a subscriber's `types` filter accepts. */
export const STREAM_EVENT_TYPES = StreamEvent.options.map(
  (option) => option.shape.type.value,
) as readonly StreamEventType[] as readonly [StreamEventType, ...StreamEventType[]];
