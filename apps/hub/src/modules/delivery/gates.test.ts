import type { ChannelAdapter } from '@safenet/channels';
import { describe, expect, it } from 'vitest';
import type { DispatchDeps } from './delivery.deps.js';
import {
  DELIVERY_GATES,
  type DeliveryGate,
  runGates,
  type Send,
  type SendGate,
  type Verdict,
} from './gates.js';

interface Item {
  id: string;
  slot?: number;
}

type Gate = DeliveryGate<Item, { seen: string[] }, string>;

/** A channel gate that records what it saw and decides by the item's id. */
const byId =
  (name: string, decide: (id: string) => Verdict<Item>) =>
  (deps: { seen: string[] }, group: readonly Item[], channel?: string): Verdict<Item>[] => {
    deps.seen.push(`${name}:${channel ?? '*'}:${group.map((item) => item.id).join(',')}`);
    return group.map((item) => decide(item.id));
  };

const go: Verdict<Item> = { kind: 'send' };

describe('runGates', () => {
  it('stops an item at the first gate that does not let it go, and maps each verdict', async () => {
    const gates: Gate[] = [
      {
        per: 'channel',
        check: byId('first', (id) =>
          id === 'late'
            ? { kind: 'later', afterMs: 5_000, unavailableSince: 42 }
            : id === 'ended'
              ? { kind: 'settle', settlement: { status: 'failed', reason: 'channel_paused' } }
              : go,
        ),
      },
      {
        per: 'channel',
        check: byId('second', (id) =>
          id === 'gone' ? { kind: 'drop' } : { kind: 'send', set: { slot: 7 } },
        ),
      },
    ];
    const deps = { seen: [] as string[] };
    const items = ['late', 'ended', 'gone', 'ok'].map((id) => ({ id }));
    const run = await runGates(gates, deps, new Map([['sms', items]]));

    expect(deps.seen).toEqual(['first:sms:late,ended,gone,ok', 'second:sms:gone,ok']);
    expect(run.passed).toEqual([{ id: 'ok', slot: 7 }]);
    expect(run.stopped).toEqual([
      { item: { id: 'late' }, verdict: { kind: 'later', afterMs: 5_000, unavailableSince: 42 } },
      {
        item: { id: 'ended' },
        verdict: { kind: 'settle', settlement: { status: 'failed', reason: 'channel_paused' } },
      },
    ]);
  });

  it('takes channel gates channel by channel, then a batch gate once over what is left', async () => {
    const gates: Gate[] = [
      { per: 'channel', check: byId('paused', (id) => (id === 'a1' ? { kind: 'drop' } : go)) },
      { per: 'channel', check: byId('paced', () => go) },
      { per: 'batch', check: byId('claim', (id) => (id === 'b1' ? { kind: 'drop' } : go)) },
    ];
    const deps = { seen: [] as string[] };
    const run = await runGates(
      gates,
      deps,
      new Map([
        ['sms', [{ id: 'a1' }]],
        ['email', [{ id: 'b1' }, { id: 'b2' }]],
      ]),
    );
    // The sms group is empty after the first gate: the second never sees it.
    expect(deps.seen).toEqual([
      'paused:sms:a1',
      'paused:email:b1,b2',
      'paced:email:b1,b2',
      'claim:*:b1,b2',
    ]);
    expect(run.passed).toEqual([{ id: 'b2' }]);
    expect(run.stopped).toEqual([]);
  });

  it('refuses a gate that does not give one verdict per item', async () => {
    const gates: Gate[] = [{ per: 'batch', check: () => [] }];
    await expect(runGates(gates, { seen: [] }, new Map([['sms', [{ id: 'x' }]]]))).rejects.toThrow(
      /0 verdicts for 1/,
    );
  });
});

describe('the delivery gates', () => {
  /**
   * Quiet hours join the send worker as one more gate: after the phone and paused-channel
   * gates and before the breaker, so a message held overnight takes neither a probe nor a
   * pacing slot nor an attempt. The real gate reads the database (quiet-hours.test.ts drives
   * it); here a stand-in decides by id in its place.
   */
  const quietUntil = new Map<string, number>([['quiet', 60_000]]);
  const quietHours: SendGate = {
    per: 'batch',
    check: (deps, group) =>
      group.map((send): Verdict<Send> => {
        const until = quietUntil.get(send.delivery.id);
        return until === undefined
          ? { kind: 'send' }
          : { kind: 'later', afterMs: until - deps.now() };
      }),
  };
  const [phone, paused, quiet, ...rest] = DELIVERY_GATES;
  const withQuietHours = [phone as SendGate, paused as SendGate, quietHours, ...rest];

  it('puts quiet hours after the phone and paused-channel gates, before the breaker and pacing', () => {
    expect(DELIVERY_GATES.map(({ per, check }) => `${per}:${check.name}`)).toEqual([
      'channel:phoneElsewhere',
      'channel:pausedChannel',
      'batch:quietHours',
      'channel:providerBreaker',
      'channel:pacingHorizon',
      'batch:claimAttempt',
    ]);
    expect(quiet?.per).toBe('batch');
  });

  const send = (id: string) =>
    ({
      job: { data: { deliveryId: id } },
      delivery: { id, created_at: new Date(0) },
      context: { orgPath: ['org'] },
      plan: { fallbackAfterMs: null },
      waitMs: 0,
      probe: false,
      attempt: 0,
    }) as unknown as Send;
  const adapter = { channel: 'sms', provider: 'twilio' } as ChannelAdapter;

  it('holds a quiet message before the breaker, which holds the rest', async () => {
    const admitted: number[] = [];
    const deps = {
      now: () => 1_000,
      outageHorizonMs: 3_600_000,
      phones: { whereHeld: async () => 'here' },
      breakers: {
        admit: async (_key: string, wanted: number) => {
          admitted.push(wanted);
          return { kind: 'none', afterMs: 2_000 };
        },
      },
    } as unknown as DispatchDeps;

    const run = await runGates(
      withQuietHours,
      deps,
      new Map([[adapter, [send('quiet'), send('loud')]]]),
    );

    // Only the loud one asked the breaker; the breaker held it, so pacing and the claim (which
    // would need the database) were never reached.
    expect(admitted).toEqual([1]);
    expect(run.passed).toEqual([]);
    expect(run.stopped.map(({ item, verdict }) => [item.delivery.id, verdict])).toEqual([
      ['quiet', { kind: 'later', afterMs: 59_000 }],
      [
        'loud',
        expect.objectContaining({
          kind: 'later',
          afterMs: 2_000,
          unavailableSince: 1_000,
          giveBack: false,
        }),
      ],
    ]);
  });
});
