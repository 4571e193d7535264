import { createHmac, timingSafeEqual } from 'node:crypto';
import { SafenetError } from '@safenet/core';
import { z } from 'zod';
import type { InboundMessage, InboundRequest, StatusUpdate, WebhookEvents } from '../channel.js';
import { verdictFor } from './cloud.errors.js';

const SIGNATURE_HEADER = 'x-hub-signature-256';

/**
 * Checks `X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the raw body under the app
 * secret, in constant time. Throws `webhook_signature_invalid` when it is missing or does
 * not match.
 */
export function verifyCloudSignature(request: InboundRequest, appSecret: string): void {
  const raw = headerOf(request, SIGNATURE_HEADER);
  const match = raw === undefined ? null : /^sha256=([0-9a-f]{64})$/i.exec(raw.trim());
  if (!match?.[1]) {
    throw new SafenetError(
      'webhook_signature_invalid',
      'The WhatsApp webhook has no X-Hub-Signature-256 of the form sha256=<64 hex digits>: only Meta can call this URL',
    );
  }
  const given = Buffer.from(match[1].toLowerCase(), 'hex');
  const expected = createHmac('sha256', appSecret).update(request.rawBody).digest();
  if (!timingSafeEqual(given, expected)) {
    throw new SafenetError(
      'webhook_signature_invalid',
      'The WhatsApp webhook signature does not match: check SAFENET_WHATSAPP_CLOUD_APP_SECRET (the secret of the Meta app the webhook is subscribed in)',
    );
  }
}

function headerOf(request: InboundRequest, name: string): string | undefined {
  for (const [key, value] of Object.entries(request.headers)) {
    if (key.toLowerCase() === name) return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}

/** Unix seconds as Meta sends them: a string of digits. */
const Seconds = z.union([z.string(), z.number()]).transform((raw, ctx) => {
  const seconds = Number(raw);
  if (!Number.isFinite(seconds)) {
    ctx.addIssue({ code: 'custom', message: 'must be Unix seconds' });
    return z.NEVER;
  }
  return new Date(seconds * 1000);
});

const CloudStatus = z.object({
  id: z.string().min(1),
  status: z.string(),
  timestamp: Seconds,
  recipient_id: z.string().optional(),
  errors: z.array(z.object({ code: z.number(), title: z.string().optional() })).optional(),
  pricing: z
    .object({
      billable: z.boolean().optional(),
      pricing_model: z.string(),
      category: z.string(),
      type: z.string().optional(),
    })
    .optional(),
});

const CloudInbound = z.object({
  from: z.string().regex(/^\d{7,15}$/),
  id: z.string().min(1),
  timestamp: Seconds,
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
});

/**
 * The notification Meta posts for a WhatsApp Business Account. Only what Safenet reads is
 * checked; unknown fields and other `field`s (template status, account updates) pass.
 */
const CloudNotification = z.object({
  object: z.literal('whatsapp_business_account'),
  entry: z.array(
    z.object({
      changes: z.array(
        z.object({
          field: z.string(),
          value: z
            .object({
              statuses: z.array(CloudStatus).optional(),
              messages: z.array(CloudInbound).optional(),
            })
            .optional(),
        }),
      ),
    }),
  ),
});

const STATUSES: ReadonlySet<string> = new Set(['sent', 'delivered', 'read', 'failed']);

/**
 * Parses a signed Cloud API notification into status updates and inbound text messages. Pure:
 * the same body always gives the same events, so replayed or reordered webhooks are safe to
 * parse again (ordering and de-duplication are the hub's: each message keeps its `id`, the
 * wamid, and its `timestamp`). `newestEventAt` is the newest timestamp of every status and
 * message in the body, skipped ones included — all signed — so the hub can refuse a stale
 * replay. Statuses Safenet does not track (`deleted`, `warning`) and non-text messages
 * (media, reactions) are skipped.
 */
export function parseCloudWebhook(request: InboundRequest, appSecret: string): WebhookEvents {
  verifyCloudSignature(request, appSecret);
  let json: unknown;
  try {
    json = JSON.parse(request.rawBody.toString('utf8'));
  } catch (cause) {
    throw new SafenetError('malformed_json', 'The WhatsApp webhook body is not JSON', { cause });
  }
  const parsed = CloudNotification.safeParse(json);
  if (!parsed.success) {
    throw new SafenetError('validation_failed', 'The WhatsApp webhook has an unexpected shape', {
      cause: parsed.error,
    });
  }

  const events: WebhookEvents = { statuses: [], inbound: [] };
  let newest: Date | undefined;
  const seen = (at: Date) => {
    if (!newest || at > newest) newest = at;
  };
  for (const entry of parsed.data.entry) {
    for (const change of entry.changes) {
      if (change.field !== 'messages' || !change.value) continue;
      for (const status of change.value.statuses ?? []) {
        seen(status.timestamp);
        const update = toStatusUpdate(status);
        if (update) events.statuses.push(update);
      }
      for (const message of change.value.messages ?? []) {
        seen(message.timestamp);
        if (message.type !== 'text' || !message.text) continue;
        events.inbound.push(toInbound(message, message.text.body));
      }
    }
  }
  return newest ? { ...events, newestEventAt: newest } : events;
}

function toStatusUpdate(status: z.output<typeof CloudStatus>): StatusUpdate | undefined {
  if (!STATUSES.has(status.status)) return undefined;
  const base = {
    providerMessageId: status.id,
    status: status.status as StatusUpdate['status'],
    at: status.timestamp,
    ...(status.pricing
      ? {
          pricing: {
            billable: status.pricing.billable ?? null,
            pricingModel: status.pricing.pricing_model,
            category: status.pricing.category,
            type: status.pricing.type ?? null,
          },
        }
      : {}),
  };
  if (status.status !== 'failed') return base;
  const code = status.errors?.[0]?.code;
  const verdict = verdictFor(code, undefined, status.errors?.[0]?.title);
  return {
    ...base,
    ...(code === undefined ? {} : { errorCode: String(code) }),
    reason: verdict.retryable ? 'provider_unavailable' : verdict.reason,
  };
}

function toInbound(message: z.output<typeof CloudInbound>, body: string): InboundMessage {
  return { from: `+${message.from}`, body, providerMessageId: message.id, at: message.timestamp };
}
