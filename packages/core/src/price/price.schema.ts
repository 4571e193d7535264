import { getCountries } from 'libphonenumber-js/max';
import { z } from 'zod';
import { Channel } from '../common/common.schema.js';

/**
 * An amount of money as a decimal string — never a float: `0.0725` stays `0.0725` however
 * many recipients it is multiplied by (computed with decimal.js, see `estimateCost`).
 */
export const Money = z
  .string()
  .regex(/^-?\d{1,12}(\.\d{1,10})?$/, 'a decimal number as a string, e.g. "0.0725"')
  .describe('An amount as a decimal string (exact; never a float), in the table’s currency');
export type Money = z.infer<typeof Money>;

/** A price: a non-negative decimal string. */
export const Price = z
  .string()
  .regex(/^\d{1,12}(\.\d{1,10})?$/, 'a non-negative decimal number as a string, e.g. "0.0725"')
  .describe('A non-negative decimal string, e.g. "0.0725"');

const KNOWN_COUNTRIES: ReadonlySet<string> = new Set(getCountries());

/** A destination country (ISO 3166-1 alpha-2, as libphonenumber knows them), or `*`: any other. */
export const PriceCountry = z
  .string()
  .refine((key) => key === '*' || KNOWN_COUNTRIES.has(key), {
    message: 'an ISO 3166-1 alpha-2 country code in capitals (KZ, VN) or "*" for any other',
  })
  .describe('ISO 3166-1 alpha-2 country code, or `*` for every country not listed');

/** Prices by destination country. */
export const PricesByCountry = z.record(PriceCountry, Price);
export type PricesByCountry = z.infer<typeof PricesByCountry>;

/** WhatsApp's conversation categories, as Meta prices template messages. */
export const WHATSAPP_CATEGORIES = ['marketing', 'utility', 'authentication', 'service'] as const;
export const WhatsAppCategory = z.enum(WHATSAPP_CATEGORIES);
export type WhatsAppCategory = z.infer<typeof WhatsAppCategory>;

/** Channels with one price per message whatever the destination; free unless given. */
export const FLAT_PRICED_CHANNELS = ['email', 'telegram', 'websocket', 'zalo'] as const;
export type FlatPricedChannel = (typeof FLAT_PRICED_CHANNELS)[number];

/**
 * What sending costs: per SMS segment by destination country, per WhatsApp template message
 * by category and country, and a flat price per message for email, Telegram, in-app and Zalo
 * (free unless given). A destination with no price and no `*` is listed as unpriced in an
 * estimate, never guessed. A table that prices nothing is refused (`price_table_empty`).
 *
 * @example
 * {
 *   currency: 'USD',
 *   sms: { KZ: '0.0725', VN: '0.0600', '*': '0.0900' },
 *   whatsapp: { marketing: { KZ: '0.0360', VN: '0.0114' }, utility: { '*': '0.0040' } },
 *   whatsappCategory: 'marketing',
 * }
 */
export const PriceTable = z.strictObject({
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'an ISO 4217 currency code in capitals, e.g. USD, KZT, VND')
    .describe('ISO 4217 currency of every price in the table'),
  sms: PricesByCountry.optional().describe(
    'Price of one SMS segment by destination country (the country of the E.164 number)',
  ),
  whatsapp: z
    .partialRecord(WhatsAppCategory, PricesByCountry)
    .optional()
    .describe('Price of one WhatsApp template message, by category, then destination country'),
  whatsappCategory: WhatsAppCategory.default('marketing').describe(
    'The category Meta approved the broadcast templates under, which estimates price WhatsApp messages at (default `marketing`)',
  ),
  email: Price.optional().describe('Price of one email; free when absent'),
  telegram: Price.optional().describe('Price of one Telegram message; free when absent'),
  websocket: Price.optional().describe('Price of one in-app message; free when absent'),
  zalo: Price.optional().describe(
    'Price of one Zalo message (ZNS bills each template message, in VND); free when absent',
  ),
});
export type PriceTable = z.output<typeof PriceTable>;
export type PriceTableInput = z.input<typeof PriceTable>;

/** `GET /v1/organisations/:id/prices`: the table in force for an organisation, and its origin. */
export const PricesInForce = z.object({
  orgId: z.uuid(),
  table: PriceTable.nullable().describe(
    'The table in force; null when neither an organisation on the way up nor the hub’s `SAFENET_PRICES` sets one (estimates are then null)',
  ),
  definedBy: z
    .uuid()
    .nullable()
    .describe(
      'The organisation whose table is in force; null for the hub’s default (`SAFENET_PRICES`) or none',
    ),
});
export type PricesInForce = z.infer<typeof PricesInForce>;

/** `PUT /v1/organisations/:id/prices`: a table for the organisation and beneath, or null to inherit. */
export const PricesInput = z.strictObject({
  table: PriceTable.nullable().describe('The table; null removes the organisation’s own'),
});
export type PricesInput = z.input<typeof PricesInput>;

/** A destination an estimate has no price for: listed, not guessed. */
export const UnpricedDestination = z.object({
  channel: Channel,
  country: z
    .string()
    .nullable()
    .describe('ISO 3166-1 alpha-2; null when the number’s country is unknown'),
  recipients: z.number().int().nonnegative(),
});
export type UnpricedDestination = z.infer<typeof UnpricedDestination>;

/**
 * An estimate of what a broadcast costs. Unpriced destinations count nothing in `byChannel`
 * or `total`: the total is then a lower bound.
 */
export const CostEstimate = z.object({
  currency: z.string().describe('ISO 4217, the price table’s'),
  byChannel: z
    .partialRecord(Channel, Money)
    .describe('Per channel of the broadcast: SMS Σ recipients × segments × price of their country'),
  total: Money.describe('Σ of `byChannel`'),
  unpriced: z
    .array(UnpricedDestination)
    .describe('Destinations without a price, not counted in the total'),
});
export type CostEstimate = z.infer<typeof CostEstimate>;

/** What a provider reported a delivery cost (Twilio) or how it is billed (WhatsApp Cloud). */
export const DeliveryPrice = z.object({
  price: Money.nullable().describe(
    'Twilio: the message’s `price`, negative as Twilio reports a charge (e.g. "-0.07250"); null when the provider reports no amount (WhatsApp Cloud)',
  ),
  unit: z.string().nullable().describe('Twilio’s `price_unit` (ISO 4217), e.g. "USD"'),
  pricing: z
    .object({
      billable: z.boolean().nullable().describe('Meta’s `billable`; null when it left it out'),
      pricingModel: z.string().describe('e.g. `PMP` (per message), `CBP` (per conversation)'),
      category: z.string().describe('e.g. `marketing`, `utility`, `service`'),
      type: z
        .string()
        .nullable()
        .describe('e.g. `regular` (charged), `free_customer_service`, `free_entry_point`'),
    })
    .nullable()
    .describe('WhatsApp Cloud’s `pricing` object from the status webhook: no amount in it'),
});
export type DeliveryPrice = z.infer<typeof DeliveryPrice>;

/** `GET /v1/broadcasts/:id/cost`: the recorded estimate beside what providers reported. */
export const BroadcastCost = z.object({
  broadcastId: z.uuid(),
  estimate: CostEstimate.nullable().describe('Recorded when the broadcast was created'),
  actual: z
    .array(
      z.object({
        channel: Channel,
        unit: z.string().nullable(),
        amount: Money.describe('Σ of reported prices as a positive charge'),
        priced: z.number().int().nonnegative().describe('Deliveries with a reported price'),
      }),
    )
    .describe('Σ of provider-reported prices, per channel and currency'),
  whatsapp: z
    .object({
      billable: z.number().int().nonnegative(),
      notBillable: z.number().int().nonnegative(),
    })
    .describe('WhatsApp messages by what the Cloud API said of their billing'),
  awaitingPrice: z
    .number()
    .int()
    .nonnegative()
    .describe('SMS deliveries whose final price Twilio has not reported yet'),
});
export type BroadcastCost = z.infer<typeof BroadcastCost>;
