import { Decimal } from 'decimal.js';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { Channel } from '../common/common.schema.js';
import { SafenetError } from '../errors.js';
import {
  type CostEstimate,
  FLAT_PRICED_CHANNELS,
  type FlatPricedChannel,
  type PricesByCountry,
  type PriceTable,
  type UnpricedDestination,
} from './price.schema.js';

/** The country of an E.164 number (ISO 3166-1 alpha-2), or null when libphonenumber knows none. */
export function countryOfNumber(e164: string): string | null {
  return parsePhoneNumberFromString(e164)?.country ?? null;
}

/** SMS recipients of one country whose message has `segments` parts. */
export interface SmsGroup {
  country: string | null;
  recipients: number;
  segments: number;
}

/** WhatsApp recipients of one country: one template message each. */
export interface WhatsAppGroup {
  country: string | null;
  recipients: number;
}

/** What a broadcast would send, as an estimate counts it. */
export interface CostInput {
  /** The broadcast's channels: each gets a `byChannel` entry, "0" when nothing is sent on it. */
  channels: readonly Channel[];
  sms: readonly SmsGroup[];
  whatsapp: readonly WhatsAppGroup[];
  /** Messages per flat-priced channel (email, Telegram, in-app). */
  messages: Partial<Record<FlatPricedChannel, number>>;
}

/**
 * Refuses a table that prices nothing (`price_table_empty`): no SMS or WhatsApp price and no
 * flat price. Such a table would estimate every broadcast at 0 — it is almost certainly a
 * mistake, and "no table" (estimates are null) is said by removing it instead.
 */
export function checkPriceTable(table: PriceTable): PriceTable {
  const sms = Object.keys(table.sms ?? {}).length;
  const whatsapp = Object.values(table.whatsapp ?? {}).reduce(
    (n, byCountry) => n + Object.keys(byCountry ?? {}).length,
    0,
  );
  const flat = FLAT_PRICED_CHANNELS.filter((c) => table[c] !== undefined).length;
  if (sms + whatsapp + flat === 0) {
    throw new SafenetError(
      'price_table_empty',
      'The price table prices nothing: give at least one price (sms per country, whatsapp per category and country, or email/telegram/websocket), or send {"table": null} to inherit the table above',
    );
  }
  return table;
}

function priceIn(prices: PricesByCountry | undefined, country: string | null): Decimal | null {
  if (!prices) return null;
  const price = (country === null ? undefined : prices[country]) ?? prices['*'];
  return price === undefined ? null : new Decimal(price);
}

/**
 * What a broadcast would cost under `table`, exactly (decimal arithmetic, never floats): SMS
 * Σ recipients × segments × the price of a segment to their country; WhatsApp one template
 * message per recipient at the table's category and their country; flat-priced channels per
 * message (free unless priced). Destinations without a price (no country entry and no `*`)
 * are listed in `unpriced` and count nothing. Pure.
 */
export function estimateCost(table: PriceTable, input: CostInput): CostEstimate {
  const byChannel = new Map<Channel, Decimal>(input.channels.map((c) => [c, new Decimal(0)]));
  const unpriced = new Map<string, UnpricedDestination>();
  const add = (channel: Channel, amount: Decimal) =>
    byChannel.set(channel, (byChannel.get(channel) ?? new Decimal(0)).plus(amount));
  const miss = (channel: Channel, country: string | null, recipients: number) => {
    const key = `${channel}\u0000${country ?? ''}`;
    const entry = unpriced.get(key) ?? { channel, country, recipients: 0 };
    entry.recipients += recipients;
    unpriced.set(key, entry);
  };
  for (const group of input.sms) {
    if (group.recipients === 0) continue;
    const price = priceIn(table.sms, group.country);
    if (price === null) miss('sms', group.country, group.recipients);
    else add('sms', price.times(group.recipients).times(group.segments));
  }
  const whatsappPrices = table.whatsapp?.[table.whatsappCategory];
  for (const group of input.whatsapp) {
    if (group.recipients === 0) continue;
    const price = priceIn(whatsappPrices, group.country);
    if (price === null) miss('whatsapp', group.country, group.recipients);
    else add('whatsapp', price.times(group.recipients));
  }
  for (const channel of FLAT_PRICED_CHANNELS) {
    const count = input.messages[channel] ?? 0;
    const price = table[channel];
    if (count > 0 && price !== undefined) add(channel, new Decimal(price).times(count));
  }
  const total = [...byChannel.values()].reduce((sum, x) => sum.plus(x), new Decimal(0));
  return {
    currency: table.currency,
    byChannel: Object.fromEntries([...byChannel].map(([c, x]) => [c, x.toFixed()])),
    total: total.toFixed(),
    unpriced: [...unpriced.values()].sort(
      (a, b) =>
        a.channel.localeCompare(b.channel) || (a.country ?? '').localeCompare(b.country ?? ''),
    ),
  };
}

/** Σ of amounts as decimal strings, exactly; `negate` turns Twilio's negative charges positive. */
export function sumMoney(amounts: readonly string[], negate = false): string {
  const sum = amounts.reduce((s, x) => s.plus(new Decimal(x)), new Decimal(0));
  return (negate ? sum.negated() : sum).toFixed();
}
