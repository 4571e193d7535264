import type { ChannelAdapter, StatusUpdate } from '@safenet/channels';
import { applyStatus, type Broadcast, type DeliveryStatus } from '@safenet/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  drainSendQueues,
  type TestDispatchDeps,
  testDispatchDeps,
} from '../../testing/dispatch-deps.js';
import { seedParents } from '../../testing/parents-fixture.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { expandBroadcast } from '../broadcasts/index.js';
import { overrideAdapter } from '../channels/index.js';
import { applyWebhookEvents } from './receipts.js';

// Property: whatever order, repetition and timing provider receipts arrive in, a delivery
// ends where core's pure `applyStatus` fold says. Each run sends a fresh broadcast to the
// same three SMS contacts through a recording adapter, then plays receipts: some before the
// hub has recorded the message ids (parked in `pending_receipts`, applied when the send
// settles), the rest after, plus receipts for ids no delivery has.

type Receipt = StatusUpdate['status'];
const RECIPIENTS = 3;
/** Targets past the recipients are message ids no delivery owns. */
const GHOSTS = 2;

/** One receipt: for recipient `target` (or a ghost id), with a status. */
interface Update {
  target: number;
  status: Receipt;
}

/** The order the hub applies parked receipts in once their send settles (settle.ts). */
const PARKED_ORDER: readonly Receipt[] = ['sent', 'delivered', 'read', 'failed'];

const fold = (start: DeliveryStatus, statuses: readonly DeliveryStatus[]) =>
  statuses.reduce(applyStatus, start);
/** Where a delivery stands once its send settled: claimed (`sending`), then `sent`. */
const AFTER_SEND = applyStatus('sending', 'sent');

function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

/** Receipts in webhook-sized batches: each batch is one `applyWebhookEvents` call. */
const batches = (statuses: readonly Receipt[]) =>
  fc.array(
    fc.array(
      fc.record({
        target: fc.integer({ min: 0, max: RECIPIENTS + GHOSTS - 1 }),
        status: fc.constantFrom(...statuses),
      }),
      { minLength: 1, maxLength: 4 },
    ),
    { maxLength: 4 },
  );

/** Receipts before the send is recorded and after it. */
const scenario = (statuses: readonly Receipt[]) =>
  fc.record({ early: batches(statuses), late: batches(statuses) });

let th: TestHub;
let deps: TestDispatchDeps;
let segmentId: string;
let orgId: string;

beforeAll(async () => {
  th = await startTestHub({ workers: false });
  deps = await testDispatchDeps(th, { throwErrors: true });
  ({ orgId, segmentId } = await seedParents(th, {
    name: 'Receipts property test',
    count: RECIPIENTS,
    phonePrefix: '2',
  }));
});
afterAll(async () => {
  await deps?.progress.close();
  await th?.close();
});

/** Plans a fresh broadcast and sends it; message `i` of the run is `<broadcast>:<i>`. */
async function sendBroadcast(): Promise<{ broadcast: Broadcast; deliveryIds: string[] }> {
  const res = await th.hub.app.inject({
    method: 'POST',
    url: '/v1/broadcasts',
    headers: th.auth,
    payload: {
      orgId,
      segmentId,
      channels: ['sms'],
      content: { body: { en: 'Meeting on Friday' } },
    },
  });
  expect(res.statusCode, res.body).toBe(202);
  const broadcast = res.json<Broadcast>();
  await expandBroadcast(deps.expand, broadcast.id);
  const deliveryIds = (
    await th.hub.db
      .selectFrom('deliveries')
      .select('id')
      .where('broadcast_id', '=', broadcast.id)
      .orderBy('id')
      .execute()
  ).map((d) => d.id);
  expect(deliveryIds).toHaveLength(RECIPIENTS);
  return { broadcast, deliveryIds };
}

async function drainWith(adapter: ChannelAdapter): Promise<void> {
  const swapped = { ...deps, channels: overrideAdapter(deps.channels, adapter) };
  const results = await drainSendQueues(swapped);
  expect(results.filter((r) => r.status !== 'completed')).toEqual([]);
}

/** Plays one scenario; answers each delivery's stored status and what else it touched. */
async function play({ early, late }: { early: Update[][]; late: Update[][] }) {
  const { broadcast, deliveryIds } = await sendBroadcast();
  const messageId = (target: number) =>
    target < RECIPIENTS ? `${broadcast.id}:${target}` : `${broadcast.id}:ghost-${target}`;
  const deliver = async (batch: Update[]) => {
    await applyWebhookEvents(deps, 'sms', {
      statuses: batch.map((u) => ({
        providerMessageId: messageId(u.target),
        status: u.status,
        at: new Date(),
        ...(u.status === 'failed' ? { reason: 'provider_rejected', errorCode: '30008' } : {}),
      })),
      inbound: [],
    });
  };
  const others = () =>
    th.hub.db
      .selectFrom('deliveries')
      .select(['id', 'status', 'reason', 'provider_message_id'])
      .where('broadcast_id', '<>', broadcast.id)
      .orderBy('id')
      .execute();
  const before = await others();

  for (const batch of early) await deliver(batch);
  const recording: ChannelAdapter = {
    channel: 'sms',
    provider: 'recording-test-provider',
    async send(message) {
      return {
        status: 'sent',
        providerMessageId: messageId(deliveryIds.indexOf(message.deliveryId)),
      };
    },
  };
  await drainWith(recording);
  for (const batch of late) await deliver(batch);

  const rows = await th.hub.db
    .selectFrom('deliveries')
    .select(['id', 'status', 'provider_message_id'])
    .where('broadcast_id', '=', broadcast.id)
    .execute();
  const stored = deliveryIds.map((id) => rows.find((r) => r.id === id)?.status);
  const parked = (
    await th.hub.db
      .selectFrom('pending_receipts')
      .select('provider_message_id')
      .where('provider_message_id', 'like', `${broadcast.id}:%`)
      .execute()
  ).map((r) => r.provider_message_id);
  return {
    stored,
    parked,
    messageId,
    othersUnchanged: JSON.stringify(await others()) === JSON.stringify(before),
  };
}

/** The receipts of one recipient, in arrival order, split into parked and live. */
function receiptsOf(target: number, { early, late }: { early: Update[][]; late: Update[][] }) {
  const pick = (list: Update[][]) =>
    list
      .flat()
      .filter((u) => u.target === target)
      .map((u) => u.status);
  return { early: pick(early), late: pick(late) };
}

describe('receipts (property)', () => {
  it('every order of the same receipts ends in the same status', async () => {
    // Any mix, contradictions included (`failed` and `delivered` for one message): a delivery
    // receipt is believed over a failure report whichever comes first, so order is forgotten.
    await fc.assert(
      fc.asyncProperty(scenario(PARKED_ORDER), async (updates) => {
        const { stored, parked, messageId, othersUnchanged } = await play(updates);
        for (let target = 0; target < RECIPIENTS; target++) {
          const { early, late } = receiptsOf(target, updates);
          const distinct = [...new Set([...early, ...late])];
          for (const order of permutations(distinct)) {
            expect(stored[target], `recipient ${target}, order ${order.join(' → ')}`).toBe(
              fold(AFTER_SEND, order),
            );
          }
        }
        // Unknown ids moved nothing and wait parked; known ids left nothing parked.
        expect(othersUnchanged).toBe(true);
        const ghosts = updates.early
          .concat(updates.late)
          .flat()
          .filter((u) => u.target >= RECIPIENTS);
        expect(new Set(parked)).toEqual(new Set(ghosts.map((u) => messageId(u.target))));
      }),
      { numRuns: 30 },
    );
  });

  it('ends where the fold of the receipts as applied ends, contradictions included', async () => {
    // The stored status is exactly the pure fold of what the hub applied: parked receipts
    // in lifecycle order once the send settles (settle.ts), then live ones as they came.
    await fc.assert(
      fc.asyncProperty(scenario(PARKED_ORDER), async (updates) => {
        const { stored, othersUnchanged } = await play(updates);
        for (let target = 0; target < RECIPIENTS; target++) {
          const { early, late } = receiptsOf(target, updates);
          const parked = PARKED_ORDER.filter((s) => early.includes(s));
          expect(stored[target], `recipient ${target}`).toBe(
            fold(AFTER_SEND, [...parked, ...late]),
          );
        }
        expect(othersUnchanged).toBe(true);
      }),
      { numRuns: 20 },
    );
  });
});
