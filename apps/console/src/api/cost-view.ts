import type {
  BroadcastCost,
  BroadcastProgress,
  Channel,
  CostEstimate,
  UnpricedDestination,
} from '@safenet/sdk';

/** One channel of an estimate: its amount and the destinations it had no price for. */
export interface EstimateRow {
  channel: Channel;
  /** The decimal string the hub computed, as it is. */
  amount: string;
  unpriced: UnpricedDestination[];
}

/** An estimate's channels in the broadcast's order (the hub lists every one of them). */
export function estimateRows(estimate: CostEstimate): EstimateRow[] {
  return (Object.entries(estimate.byChannel) as [Channel, string][]).map(([channel, amount]) => ({
    channel,
    amount,
    unpriced: estimate.unpriced.filter((u) => u.channel === channel),
  }));
}

/** What a provider reported for one channel of a sent broadcast. */
export type Reported =
  /** Amounts (Twilio), one per currency (none yet: empty), and the SMS still waiting for theirs. */
  | { kind: 'amounts'; amounts: BroadcastCost['actual']; awaiting: number }
  /** WhatsApp Cloud says whether each message is billable, never how much. */
  | { kind: 'billable'; billable: number; notBillable: number }
  /** Nothing: email, Telegram, in-app, WhatsApp Web. */
  | { kind: 'none' };

/** One channel of a sent broadcast: the estimate recorded when it was created, and what was reported. */
export interface CostRow {
  channel: Channel;
  estimate: EstimateRow | null;
  reported: Reported;
}

/**
 * The broadcast's channels with their estimate (null when none was recorded) beside what the
 * providers reported: SMS amounts (and how many still await one), WhatsApp's billable count.
 */
export function costRows(cost: BroadcastCost, channels: readonly Channel[]): CostRow[] {
  const estimates = cost.estimate ? estimateRows(cost.estimate) : [];
  return channels.map((channel) => {
    const amounts = cost.actual.filter((a) => a.channel === channel);
    const awaiting = channel === 'sms' ? cost.awaitingPrice : 0;
    // Twilio prices every SMS, some time after it is final: none yet is "nothing yet".
    const reported: Reported =
      channel === 'sms' || amounts.length > 0
        ? { kind: 'amounts', amounts, awaiting }
        : channel === 'whatsapp' && cost.whatsapp.billable + cost.whatsapp.notBillable > 0
          ? { kind: 'billable', ...cost.whatsapp }
          : { kind: 'none' };
    return {
      channel,
      estimate: estimates.find((e) => e.channel === channel) ?? null,
      reported,
    };
  });
}

/** The statuses after which a broadcast sends nothing more. */
const OVER: readonly BroadcastProgress['status'][] = ['completed', 'cancelled', 'rejected'];

/**
 * Whether providers have nothing more to report: the broadcast is over and no SMS is still on
 * its way to a final status (Twilio prices a message once it is final). A priced message's
 * look-up may still be running then: `awaitingPrice` says so.
 */
export function costSettled(progress: Pick<BroadcastProgress, 'status' | 'channels'>): boolean {
  const sms = progress.channels.sms ?? {};
  const onTheWay = (sms.queued ?? 0) + (sms.sending ?? 0) + (sms.sent ?? 0);
  return OVER.includes(progress.status) && onTheWay === 0;
}
