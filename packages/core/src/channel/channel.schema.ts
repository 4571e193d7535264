import { z } from 'zod';
import { Channel, Id } from '../common/common.schema.js';

/** Where the pairing of a WhatsApp Web phone stands; only `ready` sends. */
export const CHANNEL_SESSION_STATES = [
  'starting',
  'qr',
  'ready',
  'disconnected',
  'failed',
] as const;
export const ChannelSessionState = z.enum(CHANNEL_SESSION_STATES);
export type ChannelSessionState = z.infer<typeof ChannelSessionState>;

/**
 * The session of a channel that runs on a paired device (WhatsApp Web). While it is not
 * `ready`, the channel is paused: its messages wait, nothing is dropped.
 *
 * @example
 * { channel: 'whatsapp', provider: 'whatsapp-web', state: 'qr', qr: '2@AbC…', qrDataUrl: 'data:image/png;base64,…', detail: null }
 */
export const ChannelSession = z.object({
  channel: Channel,
  provider: z.string(),
  state: ChannelSessionState,
  qr: z.string().nullable().describe('The pairing QR code as text, while the state is qr'),
  qrDataUrl: z
    .string()
    .nullable()
    .describe('The same QR code as a PNG data: URL, to show on a page and scan with the phone'),
  detail: z.string().nullable().describe('Why the session is disconnected or failed'),
});
export type ChannelSession = z.infer<typeof ChannelSession>;

/**
 * A channel adapter as an operator sees it: which provider sends, for whom, how fast, and
 * whether it is paused.
 *
 * @example
 * { channel: 'sms', provider: 'twilio', orgId: null, paused: null, reportsDelivery: true, pacing: { unitsPerSecond: 10 } }
 */
export const ChannelInfo = z.object({
  channel: Channel,
  provider: z.string(),
  orgId: Id.nullable().describe('It serves contacts of this organisation’s subtree; null: all'),
  paused: z.string().nullable().describe('Why it cannot send now; null when it can'),
  reportsDelivery: z.boolean(),
  pairs: z
    .boolean()
    .describe('A person pairs it with a phone first: see GET /v1/channels/{channel}/session'),
  pacing: z.object({
    perSecond: z.number().optional(),
    unitsPerSecond: z.number().optional(),
    minIntervalMs: z.number().optional(),
    jitterMs: z.number().optional(),
    perRecipientIntervalMs: z.number().optional(),
    dailyCap: z.number().optional(),
  }),
});
export type ChannelInfo = z.infer<typeof ChannelInfo>;
