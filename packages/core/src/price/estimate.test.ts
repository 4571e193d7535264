import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { SafenetError } from '../errors.js';
import { checkPriceTable, countryOfNumber, estimateCost, sumMoney } from './estimate.js';
import { PriceTable } from './price.schema.js';

const table = PriceTable.parse({
  currency: 'USD',
  sms: { KZ: '0.0725', VN: '0.06' },
  whatsapp: { marketing: { KZ: '0.036', '*': '0.05' }, utility: { KZ: '0.004' } },
});

describe('countryOfNumber', () => {
  it('tells Kazakhstan from Russia under +7, and Vietnam', () => {
    expect(countryOfNumber('+77012345678')).toBe('KZ');
    expect(countryOfNumber('+79161234567')).toBe('RU');
    expect(countryOfNumber('+84912345678')).toBe('VN');
    expect(countryOfNumber('+999')).toBeNull();
  });
});

describe('estimateCost', () => {
  it('prices SMS as recipients × segments × the price of their country, exactly', () => {
    const cost = estimateCost(table, {
      channels: ['sms'],
      sms: [{ country: 'KZ', recipients: 1000, segments: 2 }],
      whatsapp: [],
      messages: {},
    });
    expect(cost).toEqual({
      currency: 'USD',
      byChannel: { sms: '145' },
      total: '145',
      unpriced: [],
    });
  });

  it('adds 0.1 ten times as 1, not 0.9999999999999999', () => {
    const cheap = PriceTable.parse({ currency: 'USD', sms: { '*': '0.1' } });
    const cost = estimateCost(cheap, {
      channels: ['sms'],
      sms: Array.from({ length: 10 }, () => ({ country: 'VN', recipients: 1, segments: 1 })),
      whatsapp: [],
      messages: {},
    });
    expect(cost.total).toBe('1');
  });

  it('prices WhatsApp per message by the table’s category and country, falling back to *', () => {
    const cost = estimateCost(table, {
      channels: ['whatsapp', 'email'],
      sms: [],
      whatsapp: [
        { country: 'KZ', recipients: 10 },
        { country: 'VN', recipients: 2 },
      ],
      messages: { email: 50 },
    });
    expect(cost.byChannel).toEqual({ whatsapp: '0.46', email: '0' });
    const utility = estimateCost(
      { ...table, whatsappCategory: 'utility' },
      {
        channels: ['whatsapp'],
        sms: [],
        whatsapp: [{ country: 'KZ', recipients: 10 }],
        messages: {},
      },
    );
    expect(utility.total).toBe('0.04');
  });

  it('lists destinations without a price instead of guessing, and counts them nowhere', () => {
    const cost = estimateCost(table, {
      channels: ['sms', 'whatsapp'],
      sms: [
        { country: 'KZ', recipients: 1, segments: 1 },
        { country: 'RU', recipients: 3, segments: 2 },
        { country: null, recipients: 1, segments: 1 },
      ],
      whatsapp: [],
      messages: {},
    });
    expect(cost.total).toBe('0.0725');
    expect(cost.byChannel).toEqual({ sms: '0.0725', whatsapp: '0' });
    expect(cost.unpriced).toEqual([
      { channel: 'sms', country: null, recipients: 1 },
      { channel: 'sms', country: 'RU', recipients: 3 },
    ]);
  });

  it('prices flat channels only when given', () => {
    const priced = PriceTable.parse({ currency: 'EUR', email: '0.0001' });
    const cost = estimateCost(priced, {
      channels: ['email', 'websocket'],
      sms: [],
      whatsapp: [],
      messages: { email: 30, websocket: 10 },
    });
    expect(cost.byChannel).toEqual({ email: '0.003', websocket: '0' });
  });

  it('agrees with exact integer arithmetic in millionths for any groups (property)', () => {
    const group = fc.record({
      country: fc.constantFrom('KZ', 'VN', 'RU', null),
      recipients: fc.integer({ min: 0, max: 100_000 }),
      segments: fc.integer({ min: 1, max: 10 }),
    });
    const micros = { KZ: 72_500n, VN: 60_000n } as Record<string, bigint>;
    fc.assert(
      fc.property(fc.array(group, { maxLength: 20 }), (groups) => {
        const cost = estimateCost(table, {
          channels: ['sms'],
          sms: groups,
          whatsapp: [],
          messages: {},
        });
        let expected = 0n;
        let unpriced = 0;
        for (const g of groups) {
          const price = g.country === null ? undefined : micros[g.country];
          if (price === undefined) unpriced += g.recipients;
          else expected += price * BigInt(g.recipients) * BigInt(g.segments);
        }
        expect(new Decimal(cost.total).times(1_000_000).toFixed()).toBe(expected.toString());
        expect(cost.unpriced.reduce((n, u) => n + u.recipients, 0)).toBe(unpriced);
      }),
    );
  });
});

describe('checkPriceTable and the schema', () => {
  it('refuses a table that prices nothing with price_table_empty', () => {
    const empty = PriceTable.parse({ currency: 'USD', sms: {}, whatsapp: { marketing: {} } });
    expect(() => checkPriceTable(empty)).toThrowError(
      expect.objectContaining({ code: 'price_table_empty', status: 400 }) as SafenetError,
    );
    expect(checkPriceTable(table)).toBe(table);
  });

  it('refuses floats, unknown countries and lower-case currencies', () => {
    expect(PriceTable.safeParse({ currency: 'USD', sms: { KZ: 0.07 } }).success).toBe(false);
    expect(PriceTable.safeParse({ currency: 'USD', sms: { XX: '0.07' } }).success).toBe(false);
    expect(PriceTable.safeParse({ currency: 'usd', sms: { KZ: '0.07' } }).success).toBe(false);
    expect(PriceTable.safeParse({ currency: 'USD', sms: { kz: '0.07' } }).success).toBe(false);
  });
});

describe('sumMoney', () => {
  it('sums Twilio’s negative charges into a positive amount exactly', () => {
    expect(sumMoney(['-0.07250', '-0.14500', '-0.1'], true)).toBe('0.3175');
  });
});
