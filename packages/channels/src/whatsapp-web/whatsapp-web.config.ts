import { z } from 'zod';

/**
 * How fast the hub may send through a phone paired with WhatsApp Web. The defaults are slow
 * on purpose: whatsapp-web.js is unofficial, and WhatsApp bans numbers that send many
 * similar messages quickly, especially to people who have not saved the number. A parent
 * association's phone is hard to replace, so this channel is for small groups of parents
 * who know the sender: one message every 4–7 seconds (a fixed gap plus random jitter, so the
 * rhythm does not look automated) and at most 200 a day. Raise them at your own risk; the
 * floor of one second between messages is not configurable.
 *
 * @example
 * WhatsAppWebPacing.parse({ dailyCap: 80, perRecipientIntervalMs: 3_600_000 });
 */
export const WhatsAppWebPacing = z.object({
  /** Minimum milliseconds between two messages from the phone. */
  minIntervalMs: z
    .int()
    .min(1000, 'must be at least 1000 ms: faster sending gets WhatsApp numbers banned')
    .default(4000),
  /** Random extra delay, up to this many milliseconds, added to each gap. */
  jitterMs: z.int().min(0).default(3000),
  /** Most messages a day from the phone. */
  dailyCap: z.int().min(1).default(200),
  /** Minimum milliseconds between two messages to the same parent, when set. */
  perRecipientIntervalMs: z.int().min(0).optional(),
});

/** The pacing as written, before defaults. */
export type WhatsAppWebPacingInput = z.input<typeof WhatsAppWebPacing>;
/** The pacing after parsing, defaults applied. */
export type WhatsAppWebPacing = z.output<typeof WhatsAppWebPacing>;
