import type { BroadcastCost, CostEstimate } from '@safenet/sdk';
import { describe, expect, it } from 'vitest';
import { costRows, costSettled, estimateRows } from './cost-view.js';

const ESTIMATE: CostEstimate = {
  currency: 'USD',
  byChannel: { sms: '0.435', whatsapp: '0.024', email: '0' },
  total: '0.459',
  unpriced: [
    { channel: 'sms', country: 'RU', recipients: 1 },
    { channel: 'sms', country: null, recipients: 2 },
  ],
};

describe('estimateRows', () => {
  it('lists each channel with its own unpriced destinations, amounts as the hub wrote them', () => {
    expect(estimateRows(ESTIMATE)).toEqual([
      { channel: 'sms', amount: '0.435', unpriced: ESTIMATE.unpriced },
      { channel: 'whatsapp', amount: '0.024', unpriced: [] },
      { channel: 'email', amount: '0', unpriced: [] },
    ]);
  });
});

describe('costRows', () => {
  const cost: BroadcastCost = {
    broadcastId: '0190f0a0-0000-7000-8000-0000000000bb',
    estimate: ESTIMATE,
    actual: [{ channel: 'sms', unit: 'USD', amount: '0.43500', priced: 3 }],
    whatsapp: { billable: 3, notBillable: 1 },
    awaitingPrice: 0,
  };

  it('puts what each provider reported beside the channel’s estimate', () => {
    expect(costRows(cost, ['sms', 'whatsapp', 'email'])).toEqual([
      {
        channel: 'sms',
        estimate: { channel: 'sms', amount: '0.435', unpriced: ESTIMATE.unpriced },
        reported: { kind: 'amounts', amounts: cost.actual, awaiting: 0 },
      },
      {
        channel: 'whatsapp',
        estimate: { channel: 'whatsapp', amount: '0.024', unpriced: [] },
        reported: { kind: 'billable', billable: 3, notBillable: 1 },
      },
      {
        channel: 'email',
        estimate: { channel: 'email', amount: '0', unpriced: [] },
        reported: { kind: 'none' },
      },
    ]);
  });

  it('says SMS await their price before any is reported, and keeps channels without an estimate', () => {
    const waiting = { ...cost, estimate: null, actual: [], awaitingPrice: 2 };
    expect(costRows(waiting, ['sms'])).toEqual([
      { channel: 'sms', estimate: null, reported: { kind: 'amounts', amounts: [], awaiting: 2 } },
    ]);
    const nothing = { ...waiting, awaitingPrice: 0, whatsapp: { billable: 0, notBillable: 0 } };
    expect(costRows(nothing, ['sms', 'whatsapp']).map((r) => r.reported)).toEqual([
      { kind: 'amounts', amounts: [], awaiting: 0 },
      { kind: 'none' },
    ]);
  });
});

describe('costSettled', () => {
  it('waits for the broadcast to end and every SMS to reach a final status', () => {
    expect(costSettled({ status: 'sending', channels: {} })).toBe(false);
    expect(costSettled({ status: 'completed', channels: { sms: { sent: 1, delivered: 3 } } })).toBe(
      false,
    );
    expect(
      costSettled({ status: 'completed', channels: { sms: { delivered: 3, failed: 1 } } }),
    ).toBe(true);
    // An email stays `sent` (no receipts): it has no price to wait for.
    expect(costSettled({ status: 'completed', channels: { email: { sent: 4 } } })).toBe(true);
    expect(costSettled({ status: 'cancelled', channels: { sms: { cancelled: 2 } } })).toBe(true);
  });
});
