import { z } from 'zod';

/** Twilio's production REST API; the local test server replaces it through `apiBaseUrl`. */
export const TWILIO_API_BASE_URL = 'https://api.twilio.com';

const E164 = /^\+[1-9]\d{6,14}$/;
/**
 * Twilio's alphanumeric sender id: up to 11 letters, digits and spaces, with at least one
 * letter (an all-digit sender would be read as a short code).
 */
const ALPHANUMERIC_SENDER = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;

/**
 * Configuration of the Twilio SMS adapter. Give exactly one sender: `from` (a Twilio number
 * in E.164 or an alphanumeric sender id) or `messagingServiceSid` (a Messaging Service
 * that picks the sender per country). Alphanumeric senders are one-way in Kazakhstan and
 * Vietnam: recipients cannot reply STOP, so opt-out must also work by link.
 *
 * @example
 * TwilioSmsConfig.parse({
 *   accountSid: 'AC0123456789abcdef0123456789abcdef',
 *   authToken: process.env.TWILIO_AUTH_TOKEN,
 *   messagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
 *   statusCallbackUrl: 'https://hub.example.org/webhooks/sms/twilio',
 * });
 */
export const TwilioSmsConfig = z
  .object({
    accountSid: z
      .string()
      .regex(/^AC[0-9a-fA-F]{32}$/, 'must be a Twilio Account SID: "AC" and 32 hex digits'),
    /** Signs API requests (HTTP Basic) and verifies webhook signatures. */
    authToken: z.string().min(1, 'must not be empty'),
    from: z
      .string()
      .refine((from) => E164.test(from) || ALPHANUMERIC_SENDER.test(from), {
        message:
          'must be a phone number in E.164 form (e.g. +15005550006) or an alphanumeric sender id of at most 11 letters, digits and spaces',
      })
      .optional(),
    messagingServiceSid: z
      .string()
      .regex(
        /^MG[0-9a-fA-F]{32}$/,
        'must be a Twilio Messaging Service SID: "MG" and 32 hex digits',
      )
      .optional(),
    /**
     * The hub's public webhook URL, exactly as Twilio will call it: signatures cover it, so
     * behind a proxy it must be the outside URL, not the one the hub listens on.
     */
    statusCallbackUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** Where the REST API is; only a local test server changes it. */
    apiBaseUrl: z.url({ protocol: /^https?$/ }).default(TWILIO_API_BASE_URL),
    /**
     * SMS segments per second the hub may send through this account (Twilio queues beyond).
     * Twilio's senders manage 1 (a long code) to a few hundred (a short code with bought
     * throughput) segments/s; 10,000 leaves room for any account and still refuses a slip of
     * the keyboard (an extra zero or two) that would let pacing hand out every slot at once.
     */
    segmentsPerSecond: z.number().positive().max(10_000).default(10),
    /**
     * Keep-alive connections to the API. Sized to the sends the caller keeps in flight (the
     * hub: two batches of `SAFENET_SEND_BATCH`, 100 by default), so no send waits for a socket
     * and none opens one of its own; sends beyond it queue for the next free connection.
     */
    maxConnections: z.int().min(1).max(1000).default(100),
  })
  .refine((config) => (config.from === undefined) !== (config.messagingServiceSid === undefined), {
    message: 'give exactly one of from and messagingServiceSid',
    path: ['from'],
  });

/** The Twilio SMS configuration as written, before defaults. */
export type TwilioSmsConfigInput = z.input<typeof TwilioSmsConfig>;
/** The Twilio SMS configuration after parsing, defaults applied. */
export type TwilioSmsConfig = z.output<typeof TwilioSmsConfig>;
