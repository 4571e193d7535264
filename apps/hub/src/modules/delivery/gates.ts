import type { ChannelAdapter, OutgoingMessage } from '@safenet/channels';
import { sql } from 'kysely';
import type { Admission } from './circuit-breaker.js';
import type { DispatchDeps } from './delivery.deps.js';
import { phoneSendQueue, type SendItem } from './delivery.queues.js';
import type { DeliveryRow } from './delivery.tables.js';
import { isPaced, type PaceGrant, reserveSlots } from './pacing.js';
import type { BroadcastContext, Plan } from './prepare.js';
import { quietHours } from './quiet-hours.gate.js';
import type { Outcome, Settlement } from './settle.js';

/**
 * The delivery gates: what a message planned as a send passes between its plan and its
 * provider. Each gate looks at a group of messages and gives each a {@link Verdict}: go on
 * to the next gate (the last one passed: send now), wait for a later job, end now, or drop.
 * {@link DELIVERY_GATES} lists them in the order they apply; {@link runGates} runs a list.
 */

/** Slots further ahead than this are left to a later job, so no worker sits on a batch. */
export const PACE_HORIZON_MS = 10_000;
/** How often a paused channel (a WhatsApp phone offline) is looked at again. */
const PAUSED_RECHECK_MS = 15_000;

/**
 * How a message waits for a later job: after `afterMs`, without spending an attempt when
 * `giveBack` (its claim counted one, but the provider failed for its own reasons or was
 * never called).
 */
export interface Wait {
  afterMs: number;
  /** Since when its provider has been unavailable: the next job's `unavailableSince`. */
  unavailableSince?: number;
  /** Failures of the provider itself in a row so far: the next job's `providerFailures`. */
  providerFailures?: number;
  giveBack?: boolean;
  /** The queue of the next job, when not the one its adapter's sends go to. */
  queue?: string;
}

/** A message to try again in a later job (see {@link Wait}). */
export interface Later extends Wait {
  delivery: DeliveryRow;
}

/**
 * What a gate decides for one message:
 * - `send`: it goes on to the next gate, and after the last one to its provider; `set` is
 *   what the gate learnt about it (its pacing slot, its attempt, …);
 * - `later`: it waits for a later job (see {@link Wait});
 * - `settle`: it ends now, with this settlement (e.g. `failed`, `channel_paused`);
 * - `drop`: nothing more to do in this batch — the delivery is no longer this batch's to send
 *   (settled or sent by someone else meanwhile); its job simply completes.
 */
export type Verdict<Item> =
  | { kind: 'send'; set?: Partial<Item> }
  | ({ kind: 'later' } & Wait)
  | { kind: 'settle'; settlement: Settlement }
  | { kind: 'drop' };

/** A verdict that stops a message: it waits for a later job, or ends now. */
export type Stop = Extract<Verdict<unknown>, { kind: 'later' | 'settle' }>;

type Verdicts<Item> = readonly Verdict<Item>[] | Promise<readonly Verdict<Item>[]>;

/**
 * One gate: a small function that gives each message of a group its verdict, in the group's
 * order — in one go, so that a gate backed by the database spends one statement on the group,
 * not one per message. A `channel` gate is called once per channel instance with that
 * channel's messages; a `batch` gate once with every message of the batch still going, after
 * the channel gates before it have seen every channel. A gate never sees an empty group.
 */
export type DeliveryGate<Item, Deps, Channel> =
  | {
      per: 'channel';
      check: (deps: Deps, group: readonly Item[], channel: Channel) => Verdicts<Item>;
    }
  | { per: 'batch'; check: (deps: Deps, items: readonly Item[]) => Verdicts<Item> };

/** What {@link runGates} leaves: the messages that passed every gate, and those stopped. */
export interface GateRun<Item> {
  /** In channel order, each channel's in its group's order. */
  passed: Item[];
  /** In the order the gates stopped them. */
  stopped: { item: Item; verdict: Stop }[];
}

/**
 * Runs messages grouped by channel through `gates` in order. Each run of consecutive channel
 * gates is taken channel by channel — every gate of the run on one channel's group, then the
 * next channel — and a batch gate on every message left; a message stopped (or dropped) by
 * one gate never reaches the next. What a passing verdict `set`s is written onto the message.
 */
export async function runGates<Item extends object, Deps, Channel>(
  gates: readonly DeliveryGate<Item, Deps, Channel>[],
  deps: Deps,
  groups: ReadonlyMap<Channel, readonly Item[]>,
): Promise<GateRun<Item>> {
  const stopped: GateRun<Item>['stopped'] = [];
  const going = [...groups].map(([channel, items]) => ({ channel, items }));
  /** The items of `items` that go on, given their verdicts from `offset` on. */
  const sift = (items: readonly Item[], verdicts: readonly Verdict<Item>[], offset = 0) => {
    const kept: Item[] = [];
    items.forEach((item, i) => {
      const verdict = verdicts[offset + i] as Verdict<Item>;
      if (verdict.kind === 'send') {
        if (verdict.set) Object.assign(item, verdict.set);
        kept.push(item);
      } else if (verdict.kind !== 'drop') stopped.push({ item, verdict });
    });
    return kept;
  };
  const checked = async (items: readonly Item[], verdicts: Verdicts<Item>) => {
    const all = await verdicts;
    if (all.length !== items.length) {
      throw new Error(`A delivery gate gave ${all.length} verdicts for ${items.length} messages`);
    }
    return all;
  };
  for (let at = 0; at < gates.length; ) {
    const gate = gates[at] as DeliveryGate<Item, Deps, Channel>;
    if (gate.per === 'batch') {
      at += 1;
      const items = going.flatMap((group) => group.items);
      if (items.length === 0) continue;
      const verdicts = await checked(items, gate.check(deps, items));
      let offset = 0;
      for (const group of going) {
        const { length } = group.items;
        group.items = sift(group.items, verdicts, offset);
        offset += length;
      }
      continue;
    }
    // A run of channel gates: all of them on one channel's group, then on the next channel's.
    const run: ((deps: Deps, group: readonly Item[], channel: Channel) => Verdicts<Item>)[] = [];
    for (let next = gates[at]; next?.per === 'channel'; next = gates[++at]) run.push(next.check);
    for (const group of going) {
      for (const check of run) {
        if (group.items.length === 0) break;
        group.items = sift(
          group.items,
          await checked(group.items, check(deps, group.items, group.channel)),
        );
      }
    }
  }
  return { passed: going.flatMap((group) => group.items), stopped };
}

/** One delivery of a send job, as if a job of its own: the job's id, the delivery's data. */
export interface JobItem {
  id: string;
  data: SendItem;
}

/** A message planned as a send, on its way through the gates to its provider. */
export interface Send {
  job: JobItem;
  delivery: DeliveryRow;
  context: BroadcastContext;
  plan: Extract<Plan, { kind: 'send' }>;
  /** Until its slot in the shared schedule: set by {@link pacingHorizon}. */
  waitMs: number;
  /**
   * One of the few sends that find out whether a half-open channel's provider is back: set by
   * {@link providerBreaker}.
   */
  probe: boolean;
  /** The attempt its claim counted: set by {@link claimAttempt}. */
  attempt: number;
  /** Going inside its recipient's quiet hours, its broadcast being urgent: set by `quietHours`. */
  quietHoursOverridden: boolean;
}

/** A gate of the send worker. */
export type SendGate = DeliveryGate<Send, DispatchDeps, ChannelAdapter>;

/** Go on to the next gate, nothing learnt. */
const GO: Verdict<Send> = { kind: 'send' };
/** Go on as a probe of a half-open channel. */
const PROBE: Verdict<Send> = { kind: 'send', set: { probe: true } };
/** The delivery is no longer this batch's. */
const DROP: Verdict<Send> = { kind: 'drop' };

/**
 * A phone held by another worker process (WhatsApp Web): its messages go to that worker, on
 * the phone's queue, at once and without spending an attempt. A phone held by no process is
 * left to the next gate: this process has not started it, so it is paused here.
 */
async function phoneElsewhere(
  deps: DispatchDeps,
  group: readonly Send[],
  adapter: ChannelAdapter,
): Promise<Verdict<Send>[]> {
  if ((await deps.phones.whereHeld(adapter)) !== 'elsewhere') return group.map(() => GO);
  return group.map(({ job }) => ({
    kind: 'later',
    afterMs: 0,
    queue: phoneSendQueue(adapter),
    unavailableSince: job.data.unavailableSince,
  }));
}

/**
 * A paused channel (a WhatsApp phone offline): its messages wait in a new job without
 * spending an attempt, but not past the broadcast's fallback time, after which they fail
 * `channel_paused` and the next channel takes over. Nothing else is asked of a paused
 * channel: not its breaker, not its pacing.
 */
function pausedChannel(
  deps: DispatchDeps,
  group: readonly Send[],
  adapter: ChannelAdapter,
): Verdict<Send>[] {
  if (!adapter.pausedReason?.()) return group.map(() => GO);
  return group.map((send) => holdWhilePaused(send, deps.now()));
}

/**
 * The channel's circuit breaker (its provider mostly failing lately): while it is open its
 * messages wait in a new job without spending an attempt, but for a few probes when it is
 * half-open; past the outage horizon a message fails `provider_unavailable`.
 */
async function providerBreaker(
  deps: DispatchDeps,
  group: readonly Send[],
  adapter: ChannelAdapter,
): Promise<Verdict<Send>[]> {
  const admission = await deps.breakers.admit(pacingKey(adapter), group.length);
  if (admission.kind === 'all') return group.map(() => GO);
  const probes = probesOf(admission);
  return group.map((send, i) => {
    if (i < probes) return PROBE;
    const held = holdForProvider(deps, send, admission.afterMs);
    return 'afterMs' in held
      ? { ...held, kind: 'later' }
      : { kind: 'settle', settlement: held.settlement };
  });
}

/**
 * Pacing: slots from the shared pacing state, so limits hold across every worker process. A
 * slot beyond the horizon (or a recipient's interval, the daily cap) waits in a new job
 * without spending an attempt; a slot within it goes, after its wait.
 */
async function pacingHorizon(
  deps: DispatchDeps,
  group: readonly Send[],
  adapter: ChannelAdapter,
): Promise<Verdict<Send>[]> {
  const grants = await paceGroup(deps, adapter, group);
  return group.map((send, i): Verdict<Send> => {
    const grant = grants[i] as PaceGrant;
    if (grant.kind === 'later') {
      return {
        kind: 'later',
        afterMs: grant.afterMs,
        unavailableSince: send.job.data.unavailableSince,
      };
    }
    return { kind: 'send', set: { waitMs: grant.waitMs } };
  });
}

/**
 * The claim: what goes now is marked `sending`, one attempt spent, before its provider is
 * called — one statement for the whole batch — so after a crash at most the claimed ones can
 * go out twice. A delivery no longer `queued` or `sending` is dropped. It waits no more (its
 * deferral is cleared), and one going inside quiet hours records the override.
 */
async function claimAttempt(deps: DispatchDeps, sends: readonly Send[]): Promise<Verdict<Send>[]> {
  const attempts = await claim(
    deps,
    sends.map((send) => send.delivery.id),
    sends.filter((send) => send.quietHoursOverridden).map((send) => send.delivery.id),
  );
  return sends.map((send) => {
    const attempt = attempts.get(send.delivery.id);
    return attempt === undefined ? DROP : { kind: 'send', set: { attempt } };
  });
}

/**
 * The gates a planned send passes, in order: phone held elsewhere → paused channel → quiet
 * hours → circuit breaker → pacing horizon → claim. What passes them all goes to its provider.
 *
 * Another rule of when a message may go is one more entry: a channel gate when it depends on
 * the channel, a batch gate when it reads the database for the whole batch (quiet hours). One
 * that holds a message for long goes before the breaker and the pacing, so a held message
 * takes neither a probe nor a slot, and before the claim, so it spends no attempt.
 */
export const DELIVERY_GATES: readonly SendGate[] = [
  { per: 'channel', check: phoneElsewhere },
  { per: 'channel', check: pausedChannel },
  { per: 'batch', check: quietHours },
  { per: 'channel', check: providerBreaker },
  { per: 'channel', check: pacingHorizon },
  { per: 'batch', check: claimAttempt },
];

/**
 * A message on a paused channel waits, without spending an attempt, but not past the
 * broadcast's fallback time: then it fails `channel_paused` and the next channel takes over.
 */
function holdWhilePaused({ job, delivery, plan }: Send, now: number): Verdict<Send> {
  const waited = now - delivery.created_at.getTime();
  const { fallbackAfterMs } = plan;
  if (fallbackAfterMs !== null && waited >= fallbackAfterMs) {
    return { kind: 'settle', settlement: { status: 'failed', reason: 'channel_paused' } };
  }
  const untilFallback = fallbackAfterMs === null ? PAUSED_RECHECK_MS : fallbackAfterMs - waited;
  return {
    kind: 'later',
    afterMs: Math.min(PAUSED_RECHECK_MS, untilFallback),
    unavailableSince: job.data.unavailableSince,
  };
}

/**
 * A message whose provider is unavailable — its channel's breaker open, or the provider
 * failing for its own reasons — waits without spending an attempt, from the first time it
 * met the outage until the outage horizon; then it fails `provider_unavailable`, which hands
 * the recipient over to the broadcast's next channel.
 */
export function holdForProvider(
  deps: DispatchDeps,
  { job, delivery, context }: Pick<Send, 'job' | 'delivery' | 'context'>,
  afterMs: number,
  giveBack = false,
): Outcome | Later {
  const now = deps.now();
  const since = job.data.unavailableSince ?? now;
  const left = since + deps.outageHorizonMs - now;
  if (left <= 0) {
    return {
      delivery,
      orgPath: context.orgPath,
      settlement: { status: 'failed', reason: 'provider_unavailable' },
    };
  }
  const failures = job.data.providerFailures;
  return {
    delivery,
    afterMs: Math.min(afterMs, left),
    unavailableSince: since,
    ...(failures ? { providerFailures: failures } : {}),
    giveBack,
  };
}

/** How many of a half-open channel's messages go as probes. */
function probesOf(admission: Admission): number {
  return admission.kind === 'probe' ? admission.probes : 0;
}

/** A message's cost in the adapter's pacing units (SMS segments), 1 when it has none. */
export function costOf(adapter: ChannelAdapter, message: OutgoingMessage): number {
  return adapter.cost?.(message) ?? 1;
}

/** The pacing key of a channel instance, shared by every hub process on the database. */
export function pacingKey(adapter: ChannelAdapter): string {
  return `${adapter.channel}:${adapter.provider}`;
}

async function paceGroup(
  deps: DispatchDeps,
  adapter: ChannelAdapter,
  group: readonly Send[],
): Promise<PaceGrant[]> {
  if (!isPaced(adapter.pacing)) {
    return group.map(() => ({ kind: 'now', waitMs: 0, at: Date.now() }));
  }
  return reserveSlots(
    deps.db,
    pacingKey(adapter),
    adapter.pacing,
    group.map(({ plan }) => ({ cost: costOf(adapter, plan.message), recipient: plan.message.to })),
    { horizonMs: PACE_HORIZON_MS },
  );
}

/**
 * Marks deliveries `sending`, counts the attempt, clears their deferral and records the
 * quiet-hours override of `overridden`; returns each claimed one's attempt.
 */
async function claim(
  deps: DispatchDeps,
  ids: readonly string[],
  overridden: readonly string[],
): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const claimed = await deps.db
    .updateTable('deliveries')
    .set((eb) => ({
      status: 'sending',
      attempts: eb('attempts', '+', 1),
      updated_at: new Date(),
      deferred_until: null,
      deferred_reason: null,
      ...(overridden.length === 0
        ? {}
        : {
            quiet_hours_overridden: sql<boolean>`${eb.ref('quiet_hours_overridden')} OR ${eb.ref(
              'id',
            )} = any(${[...overridden]}::uuid[])`,
          }),
    }))
    // One array parameter, not one per delivery.
    .where(sql<boolean>`id = any(${[...ids]}::uuid[])`)
    .where('status', 'in', ['queued', 'sending'])
    .returning(['id', 'attempts'])
    .execute();
  return new Map(claimed.map((row) => [row.id, row.attempts]));
}
