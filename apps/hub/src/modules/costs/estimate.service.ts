import {
  type BroadcastPreview,
  type Channel,
  type CostEstimate,
  countryOfNumber,
  estimateCost,
  FLAT_PRICED_CHANNELS,
  type FlatPricedChannel,
  type PriceTable,
  type SegmentQuery,
  type SmsGroup,
  type WhatsAppGroup,
} from '@safenet/core';
import type { ExecutorHandle } from '../../platform/database/schema.js';
import { type AddressCount, audienceAddresses } from '../contacts/index.js';

/** What a broadcast's estimate is computed from: its audience and its preview's counts. */
export interface EstimateInput {
  orgId: string;
  query: SegmentQuery;
  channels: readonly Channel[];
  /** The preview's per-language SMS segments and per-channel recipient counts. */
  preview: Pick<BroadcastPreview, 'byChannel' | 'languages' | 'sms'>;
}

/** Groups addresses by the country of their number (libphonenumber), keyed by `extra`. */
function byCountry<T extends { country: string | null; recipients: number }>(
  rows: readonly AddressCount[],
  make: (row: AddressCount, country: string | null) => T | undefined,
  key: (group: T) => string,
): T[] {
  const groups = new Map<string, T>();
  for (const row of rows) {
    const group = make(row, countryOfNumber(row.address));
    if (!group) continue;
    const k = key(group);
    const existing = groups.get(k);
    if (existing) existing.recipients += group.recipients;
    else groups.set(k, group);
  }
  return [...groups.values()];
}

/**
 * A broadcast's cost under `table`: SMS per recipient's country and language (the segments
 * of their language's text), WhatsApp per recipient's country, flat-priced channels per
 * recipient. Recipients without content in any language are suppressed at send time and
 * cost nothing.
 */
export async function estimateBroadcast(
  db: ExecutorHandle,
  table: PriceTable,
  input: EstimateInput,
): Promise<CostEstimate> {
  const { orgId, query, channels, preview } = input;
  const segmentsOf = new Map(preview.sms.languages.map((l) => [l.language, l.segments]));
  const hasContent = new Set(
    preview.languages.filter((l) => l.contentLanguage !== null).map((l) => l.language),
  );
  const sms = channels.includes('sms')
    ? byCountry<SmsGroup>(
        await audienceAddresses(db, orgId, query, channels, 'sms'),
        (row, country) => {
          const segments = segmentsOf.get(row.language);
          return segments === undefined
            ? undefined
            : { country, recipients: row.recipients, segments };
        },
        (g) => `${g.country}\u0000${g.segments}`,
      )
    : [];
  const whatsapp = channels.includes('whatsapp')
    ? byCountry<WhatsAppGroup>(
        await audienceAddresses(db, orgId, query, channels, 'whatsapp'),
        (row, country) =>
          hasContent.has(row.language) ? { country, recipients: row.recipients } : undefined,
        (g) => `${g.country}`,
      )
    : [];
  const messages: Partial<Record<FlatPricedChannel, number>> = {};
  for (const channel of FLAT_PRICED_CHANNELS) {
    messages[channel] = preview.byChannel[channel] ?? 0;
  }
  return estimateCost(table, { channels, sms, whatsapp, messages });
}
