import type { ChannelAdapter, OutgoingMessage } from '@safenet/channels';
import type { Broadcast } from '@safenet/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  drainSendQueues,
  type TestDispatchDeps,
  testDispatchDeps,
} from '../../testing/dispatch-deps.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { expandBroadcast } from '../broadcasts/index.js';
import { overrideAdapter } from '../channels/index.js';
import type { DispatchDeps } from '../delivery/index.js';
import { applyWebhookEvents } from '../delivery/index.js';

// Property: whatever parents text back or change through the API, and whenever broadcasts
// are planned and sent in between, no message reaches a provider on a channel whose consent
// was withdrawn when it was sent; a recipient who opted out after planning ends
// `suppressed` / `opted_out`. A model keeps the consent each contact has right now.

const CHANNELS = ['whatsapp', 'sms'] as const;
type Ch = (typeof CHANNELS)[number];
const CONTACTS = 3;
const AT = '2017-04-03T10:00:00+06:00';
/**
 * The time of the next consent change: one second after the last, whatever its source, since
 * the hub keeps the newest consent and the model here keeps the last one made.
 */
let clock = Date.parse('2026-02-02T08:00:00Z');
function tick(): Date {
  clock += 1000;
  return new Date(clock);
}

type Op =
  | { kind: 'consent'; contact: number; channel: Ch; grant: boolean; via: 'reply' | 'api' }
  | { kind: 'plan' }
  | { kind: 'send' };

const op: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.record({
      kind: fc.constant('consent' as const),
      contact: fc.integer({ min: 0, max: CONTACTS - 1 }),
      channel: fc.constantFrom(...CHANNELS),
      grant: fc.boolean(),
      via: fc.constantFrom('reply' as const, 'api' as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'plan' as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: 'send' as const }) },
);
/** Keywords as parents type them; the hub must honour every language's. */
const STOP = fc.constantFrom('STOP', 'stop', 'СТОП', 'Тоқтату', 'DỪNG');
const START = fc.constantFrom('START', 'Start', 'СТАРТ', 'БАСТАУ', 'BẮT ĐẦU');

let th: TestHub;
let deps: TestDispatchDeps;
let orgId: string;
let segmentId: string;
/** Contact ids and phone numbers (WhatsApp on the same number), by index. */
const contacts: { id: string; phone: string }[] = [];

beforeAll(async () => {
  th = await startTestHub({ workers: false });
  deps = await testDispatchDeps(th, { throwErrors: true });
  orgId = (
    await post('/v1/organisations', {
      parentId: th.seed.ministryId,
      kind: 'association',
      name: 'Consent property test',
    })
  ).json<{ id: string }>().id;
  for (let i = 0; i < CONTACTS; i++) {
    const phone = `+8490555000${i}`;
    const res = await post('/v1/contacts', {
      orgId,
      role: 'parent',
      language: 'vi',
      addresses: { phone, whatsapp: phone },
    });
    contacts.push({ id: res.json<{ id: string }>().id, phone });
  }
  segmentId = (
    await post('/v1/segments', { orgId, name: 'Parents', query: { roles: ['parent'] } })
  ).json<{ id: string }>().id;
});
afterAll(async () => {
  await deps?.progress.close();
  await th?.close();
});

async function post(url: string, payload: object) {
  const res = await th.hub.app.inject({ method: 'POST', url, headers: th.auth, payload });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res;
}

/** Sets consent through the contacts API, as an operator's form would. */
async function patchConsent(contact: number, channel: Ch, grant: boolean, at: Date): Promise<void> {
  const res = await th.hub.app.inject({
    method: 'PATCH',
    url: `/v1/contacts/${contacts[contact]?.id}`,
    headers: th.auth,
    payload: {
      consents: {
        [channel]: {
          status: grant ? 'granted' : 'revoked',
          source: 'school office',
          at: at.toISOString(),
        },
      },
    },
  });
  expect(res.statusCode, res.body).toBe(200);
}

/** Every contact back to consent on both channels, for the next run. */
async function resetConsents(): Promise<void> {
  const consent = { status: 'granted', source: 'parent meeting form', at: AT };
  await th.hub.db
    .updateTable('contacts')
    .set({ consents: JSON.stringify({ whatsapp: consent, sms: consent }) })
    .where(
      'id',
      'in',
      contacts.map((c) => c.id),
    )
    .execute();
}

/** A message handed to a provider, with the consent the model held at that moment. */
interface Handed {
  message: OutgoingMessage;
  channel: Ch;
  granted: boolean;
}

/** A recipient of a planned broadcast: the channel planning picked, how it should end. */
interface Planned {
  broadcastId: string;
  contact: number;
  channel: Ch | null;
  /** Set by the send that handles it, from the consent held then. */
  expected?: { status: string; reason: string | null };
}

/** One run: the consent the hub should hold now, what was planned, what went out. */
interface World {
  granted: Record<Ch, boolean>[];
  planned: Planned[];
  handed: Handed[];
}

/** Gives or withdraws consent by a keyword reply (the provider's webhook) or the API. */
async function changeConsent(
  world: World,
  step: Extract<Op, { kind: 'consent' }>,
  keyword: string,
): Promise<void> {
  const { contact, channel, grant } = step;
  const at = tick();
  if (step.via === 'api') await patchConsent(contact, channel, grant, at);
  else {
    const from = contacts[contact]?.phone as string;
    await applyWebhookEvents(deps, channel, {
      statuses: [],
      inbound: [{ from, body: keyword, providerMessageId: `reply-${at.getTime()}`, at }],
    });
  }
  (world.granted[contact] as Record<Ch, boolean>)[channel] = grant;
}

/** Creates a broadcast to the three contacts and plans it: each on its first channel. */
async function plan(world: World): Promise<void> {
  const anyone = world.granted.some((g) => g.whatsapp || g.sms);
  const res = await th.hub.app.inject({
    method: 'POST',
    url: '/v1/broadcasts',
    headers: th.auth,
    payload: {
      orgId,
      segmentId,
      channels: CHANNELS,
      content: { body: { vi: 'Họp phụ huynh vào thứ Sáu.' } },
    },
  });
  // Nobody reachable: the hub refuses the broadcast rather than plan nothing.
  expect(res.statusCode, res.body).toBe(anyone ? 202 : 422);
  if (!anyone) return;
  const broadcast = res.json<Broadcast>();
  await expandBroadcast(deps.expand, broadcast.id);
  world.granted.forEach((granted, contact) => {
    const channel = CHANNELS.find((c) => granted[c]) ?? null;
    world.planned.push({ broadcastId: broadcast.id, contact, channel });
  });
}

/** Runs the send worker over every queued job, recording adapters on both channels. */
async function send(world: World): Promise<void> {
  const recording = (channel: Ch): ChannelAdapter => ({
    channel,
    provider: `recording-${channel}`,
    async send(message) {
      const i = contacts.findIndex((c) => c.id === message.contactId);
      world.handed.push({ message, channel, granted: world.granted[i]?.[channel] === true });
      return { status: 'sent', providerMessageId: `${message.deliveryId}:${channel}` };
    },
  });
  const swapped: DispatchDeps = {
    ...deps,
    channels: overrideAdapter(
      overrideAdapter(deps.channels, recording('whatsapp')),
      recording('sms'),
    ),
  };
  await drainSendQueues(swapped);
  // Sending decides on the consent held now, not at planning.
  for (const p of world.planned.filter((p) => !p.expected)) {
    p.expected =
      p.channel === null
        ? // Every contact has both addresses: reachable on neither, they withdrew on both.
          { status: 'suppressed', reason: 'opted_out' }
        : world.granted[p.contact]?.[p.channel]
          ? { status: 'sent', reason: null }
          : { status: 'suppressed', reason: 'opted_out' };
  }
}

/** Each planned delivery ended as the consent at its send decided; sent ones went once. */
async function checkOutcomes({ planned, handed }: World): Promise<void> {
  const broadcastIds = [...new Set(planned.map((p) => p.broadcastId))];
  if (broadcastIds.length === 0) return;
  const rows = await th.hub.db
    .selectFrom('deliveries')
    .select(['broadcast_id', 'contact_id', 'channel', 'status', 'reason'])
    .where('broadcast_id', 'in', broadcastIds)
    .execute();
  for (const p of planned) {
    const contactId = contacts[p.contact]?.id;
    const row = rows.find(
      (r) =>
        r.broadcast_id === p.broadcastId &&
        r.contact_id === contactId &&
        // Planning records one who withdrew everywhere on the first channel withdrawn.
        r.channel === (p.channel ?? CHANNELS[0]),
    );
    const label = `contact ${p.contact} on ${p.channel}`;
    expect(row && { status: row.status, reason: row.reason }, label).toEqual(p.expected);
    const times = handed.filter(
      (h) =>
        h.message.broadcastId === p.broadcastId &&
        h.message.contactId === contactId &&
        h.channel === p.channel,
    ).length;
    expect(times, label).toBe(p.expected?.status === 'sent' ? 1 : 0);
  }
}

describe('consent (property)', () => {
  it('never hands a message to a provider on a channel the contact opted out of', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(op, STOP, START), { maxLength: 10 }), async (steps) => {
        await resetConsents();
        const world: World = {
          granted: contacts.map(() => ({ whatsapp: true, sms: true })),
          planned: [],
          handed: [],
        };
        for (const [step, stop, start] of steps) {
          if (step.kind === 'consent') await changeConsent(world, step, step.grant ? start : stop);
          else if (step.kind === 'plan') await plan(world);
          else await send(world);
        }
        await send(world); // whatever is still queued
        // Safety: every message handed over was on a channel with consent at that moment.
        expect(world.handed.filter((h) => !h.granted)).toEqual([]);
        await checkOutcomes(world);
      }),
      { numRuns: 30 },
    );
  });
});
