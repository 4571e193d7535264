import { z } from 'zod';
import { BroadcastProgress } from '../broadcast/broadcast.schema.js';
import { ChannelSession } from '../channel/channel.schema.js';
import { Id, Timestamp } from '../common/common.schema.js';
import { ContactImportProgress } from '../contact/contact-import.schema.js';
import {
  AlertEscalatedEvent,
  AlertEvent,
  CalendarOccurrenceEvent,
  CampaignUpdatedEvent,
  DeliveryUpdatedEvent,
  PlanAssignmentUpdatedEvent,
  ReportReturnedEvent,
  ReportSubmittedEvent,
  type StreamEventType,
} from '../event/event.schema.js';

/**
 * The events a webhook endpoint can ask for. Every stream event but `message`: that one is
 * the `websocket` channel's delivery of a message body to one contact's app, not news about
 * the organisation, and a copy per recipient has no business in another system.
 */
export const WEBHOOK_EVENT_TYPES = [
  'broadcast.progress',
  'delivery.updated',
  'alert',
  'alert.escalated',
  'channel.session',
  'campaign.updated',
  'plan.assignment.updated',
  'calendar.occurrence',
  'report.submitted',
  'report.returned',
  'contact_import.progress',
] as const satisfies readonly StreamEventType[];
export const WebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof WebhookEventType>;

/** The type of the event `POST /v1/webhook-endpoints/:id/test` sends; no filter holds it back. */
export const WEBHOOK_TEST_EVENT_TYPE = 'webhook.test';

/** A URL's problems, in words that say what to change; none when it will do. */
function urlProblem(raw: string): string | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return `"${raw}" is not an absolute URL: write it like https://example.org/safenet-events`;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return `the URL must start with https:// (or http://), not ${url.protocol}`;
  }
  if (url.username || url.password) {
    return 'put no user name or password in the URL: check the webhook-signature header instead';
  }
  if (url.hash) return 'a fragment (#…) is never sent: leave it out';
  return undefined;
}

/**
 * Where the hub POSTs events: an absolute `https://` (or `http://`) URL without credentials
 * or fragment, at most 2,000 characters. Anything else is refused with the field code
 * `webhook_url_invalid` (and the request's code too). Stored and answered normalised
 * (`new URL(url).href`).
 */
export const WebhookUrl = z
  .string()
  .trim()
  .max(2000)
  .transform((raw, ctx) => {
    const problem = urlProblem(raw);
    if (problem) {
      ctx.addIssue({ code: 'custom', message: problem, params: { code: 'webhook_url_invalid' } });
      return z.NEVER;
    }
    return new URL(raw).href;
  })
  .meta({
    type: 'string',
    format: 'uri',
    maxLength: 2000,
    description: 'An absolute https:// (or http://) URL, without credentials or fragment',
    examples: ['https://reports.example.kz/safenet-events'],
  });

const eventTypes = z
  .array(WebhookEventType)
  .min(1, 'list at least one event type, or send null for every type')
  .refine((list) => new Set(list).size === list.length, { message: 'list each type once' })
  .nullable()
  .meta({ uniqueItems: true })
  .describe('The event types to send; null: every type, including types added later');

const description = z.string().trim().max(500);

/**
 * A new webhook endpoint of an organisation: it receives the events of that organisation's
 * subtree. Enabled unless `enabled: false`.
 *
 * @example
 * { orgId: ministryId, url: 'https://reports.example.kz/safenet-events', description: 'Ministry dashboard', eventTypes: ['broadcast.progress', 'alert'] }
 */
export const WebhookEndpointInput = z.strictObject({
  orgId: Id,
  url: WebhookUrl,
  description: description.optional(),
  eventTypes: eventTypes.optional(),
  enabled: z.boolean().optional(),
});
export type WebhookEndpointInput = z.input<typeof WebhookEndpointInput>;

/**
 * Changes to an endpoint: the fields given. `description: null` clears it, `eventTypes: null`
 * sends every type. Messages already queued keep going out as they were.
 *
 * @example
 * { enabled: false }
 */
export const WebhookEndpointPatch = z.strictObject({
  url: WebhookUrl.optional(),
  description: description.nullable().optional(),
  eventTypes: eventTypes.optional(),
  enabled: z.boolean().optional(),
});
export type WebhookEndpointPatch = z.input<typeof WebhookEndpointPatch>;

/** A webhook endpoint, without its signing secret (shown only on creation and rotation). */
export const WebhookEndpoint = z.object({
  id: Id,
  orgId: Id,
  url: z.string(),
  description: z.string().nullable(),
  eventTypes: z.array(WebhookEventType).nullable(),
  enabled: z.boolean(),
  previousSecretExpiresAt: Timestamp.nullable().describe(
    'After a rotation: until then messages are signed with the previous secret too',
  ),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type WebhookEndpoint = z.infer<typeof WebhookEndpoint>;

/** An endpoint with its signing secret: the answer to creating it or rotating its secret. */
export const WebhookEndpointWithSecret = WebhookEndpoint.extend({
  secret: z
    .string()
    .describe('whsec_… — verify the webhook-signature header with it; shown this once'),
});
export type WebhookEndpointWithSecret = z.infer<typeof WebhookEndpointWithSecret>;

/**
 * Where one event stands for one endpoint: `pending` (not tried yet, or replayed), `failing`
 * (tried and retried on a schedule), `delivered` (a 2xx answer) or `dead` (every try failed).
 */
export const WEBHOOK_MESSAGE_STATUSES = ['pending', 'failing', 'delivered', 'dead'] as const;
export const WebhookMessageStatus = z.enum(WEBHOOK_MESSAGE_STATUSES);
export type WebhookMessageStatus = z.infer<typeof WebhookMessageStatus>;

/** What the hub POSTs, as the Standard Webhooks specification recommends. */
const WebhookBody = z.object({
  type: z.string(),
  timestamp: Timestamp,
  data: z.record(z.string(), z.unknown()),
});

/** One event queued for one endpoint, and where its delivery stands. */
export const WebhookMessage = z.object({
  id: Id,
  endpointId: Id,
  eventId: z.string().describe('The webhook-id header: the same on every try and replay'),
  eventType: z.string(),
  status: WebhookMessageStatus,
  attempts: z.int().describe('Tries since it was queued or last replayed'),
  nextAttemptAt: Timestamp.nullable().describe('When it is tried next; null once settled'),
  lastAttemptAt: Timestamp.nullable(),
  payload: WebhookBody,
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type WebhookMessage = z.infer<typeof WebhookMessage>;

/** One try of a message: when, what the endpoint answered, how long it took. */
export const WebhookAttempt = z.object({
  id: Id,
  messageId: Id,
  attemptedAt: Timestamp,
  statusCode: z.int().nullable().describe('The HTTP status; null when no answer came'),
  responseExcerpt: z
    .string()
    .nullable()
    .describe("The answer's first 1,024 characters; null when no answer came"),
  durationMs: z.int(),
  error: z.string().nullable().describe('Why no answer came (timeout, refused connection, …)'),
});
export type WebhookAttempt = z.infer<typeof WebhookAttempt>;

/** The query of an endpoint's message list: a status, and the page. */
export const WebhookMessageListQuery = z.strictObject({
  status: WebhookMessageStatus.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().min(1).max(200).optional(),
});
export type WebhookMessageListQuery = z.input<typeof WebhookMessageListQuery>;

/** The body of one event type: its type, when it happened, and its data with `orgId`. */
function payloadOf<Type extends string, Shape extends z.ZodRawShape>(
  type: Type,
  data: z.ZodObject<Shape>,
) {
  return z.object({
    type: z.literal(type),
    timestamp: Timestamp,
    data: data.extend({ orgId: Id.describe('The organisation the event happened in') }),
  });
}

/**
 * What a receiver gets: the JSON body of each POST, `{ type, timestamp, data }`, `data`
 * being the stream event's data with the `orgId` it happened in. A `channel.session` event
 * never carries the pairing code (`qr`, `qrDataUrl` are null): the phone is paired on the
 * hub, not from another system.
 *
 * @example
 * { type: 'broadcast.progress', timestamp: '2017-04-10T09:00:01.000Z', data: { orgId, broadcastId, status: 'completed', expanded: true, total: 200, counts: { delivered: 200 } } }
 */
export const WebhookPayload = z.discriminatedUnion('type', [
  payloadOf('broadcast.progress', BroadcastProgress),
  payloadOf('delivery.updated', DeliveryUpdatedEvent.shape.data),
  payloadOf('alert', AlertEvent.shape.data),
  payloadOf('alert.escalated', AlertEscalatedEvent.shape.data),
  payloadOf('channel.session', ChannelSession),
  payloadOf('campaign.updated', CampaignUpdatedEvent.shape.data),
  payloadOf('plan.assignment.updated', PlanAssignmentUpdatedEvent.shape.data),
  payloadOf('calendar.occurrence', CalendarOccurrenceEvent.shape.data),
  payloadOf('report.submitted', ReportSubmittedEvent.shape.data),
  payloadOf('report.returned', ReportReturnedEvent.shape.data),
  payloadOf('contact_import.progress', ContactImportProgress),
  payloadOf(WEBHOOK_TEST_EVENT_TYPE, z.object({ endpointId: Id, message: z.string() })),
]);
export type WebhookPayload = z.infer<typeof WebhookPayload>;
