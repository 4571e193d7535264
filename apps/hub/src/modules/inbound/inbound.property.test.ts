import type { InboundMessage } from '@safenet/channels';
import type { Consent } from '@safenet/core';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testDispatchDeps } from '../../testing/dispatch-deps.js';
import { testBackends } from '../../testing/test-env.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';
import { applyWebhookEvents } from '../delivery/index.js';

// Property: any permutation and any duplication of a set of STOP/START replies from one
// address ends in the same consent as applying each once in event-time order — and that is
// the newest event (ties: a withdrawal), unless the consent the contact already had is newer.
//
// WhatsApp stamps its messages: replays carry the original time and may come in any order.
// Twilio stamps nothing: the hub stamps each delivery with its receipt time, so a replay
// arrives with a later time than the original, and only the MessageSid tells them apart.

const T0 = Date.parse('2026-03-02T08:00:00Z');
const MINUTE = 60_000;
const INITIAL_SOURCE = 'parent meeting form';
const STOP = fc.constantFrom('STOP', 'stop', 'СТОП', 'Тоқтату', 'DỪNG');
const START = fc.constantFrom('START', 'Start', 'СТАРТ', 'БАСТАУ', 'BẮT ĐẦU');

/** One reply, as the contact sent it: keyword, and (WhatsApp) the minute it was stamped. */
interface Reply {
  stop: boolean;
  body: string;
  minute: number;
}

const reply: fc.Arbitrary<Reply> = fc
  .record({ stop: fc.boolean(), minute: fc.integer({ min: 0, max: 4 }) })
  .chain(({ stop, minute }) => (stop ? STOP : START).map((body) => ({ stop, body, minute })));

/** The replies, the consent held before (its minute) and the deliveries, in batches. */
interface Scenario {
  replies: Reply[];
  initialMinute: number;
  batches: number[][];
}

/**
 * A scenario: the replies, the consent the contact had before (granted, at a minute that may
 * be newer than some replies), and the order deliveries reach the hub: every reply at least
 * once, some again, shuffled, cut into webhook-sized batches.
 */
const scenario: fc.Arbitrary<Scenario> = fc
  .record({
    replies: fc.array(reply, { minLength: 1, maxLength: 5 }),
    initialMinute: fc.integer({ min: 0, max: 4 }),
    extra: fc.array(fc.nat(), { maxLength: 6 }),
    keys: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }),
    cuts: fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 12, maxLength: 12 }),
  })
  .map(({ replies, initialMinute, extra, keys, cuts }) => {
    const indices = [...replies.map((_, i) => i), ...extra.map((n) => n % replies.length)].map(
      (index, position) => ({ index, key: keys[position] ?? 0 }),
    );
    const order = indices.sort((a, b) => a.key - b.key).map((d) => d.index);
    const batches: number[][] = [];
    for (let start = 0, c = 0; start < order.length; c++) {
      const size = cuts[c % cuts.length] ?? 1;
      batches.push(order.slice(start, start + size));
      start += size;
    }
    return { replies, initialMinute, batches };
  });

/** The order of consents (consent.service.ts): time, then a withdrawal, then source bytes. */
function newer(a: Consent, b: Consent): boolean {
  const ta = Date.parse(a.at);
  const tb = Date.parse(b.at);
  if (ta !== tb) return ta > tb;
  if (a.status !== b.status) return a.status === 'revoked';
  return a.source > b.source;
}

const backends = await testBackends();

describe.each(backends)('replayed and reordered replies on $name', ({ database, run }) => {
  let th: TestHub;
  let deps: Awaited<ReturnType<typeof testDispatchDeps>>;
  let orgId: string;
  let runs = 0;

  beforeAll(async () => {
    if (!run) return;
    th = await startTestHub({ database, workers: false });
    deps = await testDispatchDeps(th, { throwErrors: true });
    const res = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/organisations',
      headers: th.auth,
      payload: { parentId: th.seed.ministryId, kind: 'association', name: 'Replay property' },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    orgId = res.json<{ id: string }>().id;
  });
  afterAll(async () => {
    await deps?.progress.close();
    await th?.close();
  });

  /** A new contact with consent on `channel` granted at `minute`; its phone number. */
  async function contact(channel: 'sms' | 'whatsapp', minute: number): Promise<[string, string]> {
    runs += 1;
    const phone = `+7701${String(runs).padStart(7, '0')}`;
    const res = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/contacts',
      headers: th.auth,
      payload: {
        orgId,
        role: 'parent',
        language: 'ru',
        addresses: { phone, whatsapp: phone },
        consents: {
          [channel]: {
            status: 'granted',
            source: INITIAL_SOURCE,
            at: new Date(T0 + minute * MINUTE).toISOString(),
          },
        },
      },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return [res.json<{ id: string }>().id, phone];
  }

  async function consentOf(id: string, channel: 'sms' | 'whatsapp'): Promise<Consent | undefined> {
    const row = await th.hub.db
      .selectFrom('contacts')
      .select('consents')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    return row.consents[channel];
  }

  async function deliver(channel: 'sms' | 'whatsapp', batch: InboundMessage[]): Promise<void> {
    await applyWebhookEvents(deps, channel, { statuses: [], inbound: batch });
  }

  /** The consent a model says the contact ends with: the newest of all it was given. */
  function expected(initial: Consent, events: { reply: Reply; at: Date }[], channel: string) {
    return events.reduce<Consent>((held, { reply, at }) => {
      const keyword = reply.stop ? 'STOP' : 'START';
      const candidate: Consent = {
        status: reply.stop ? 'revoked' : 'granted',
        source: `${keyword} reply on ${channel}`,
        at: at.toISOString(),
      };
      return newer(candidate, held) ? candidate : held;
    }, initial);
  }

  it.runIf(run)('WhatsApp: any order and any replay end where event-time order does', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ replies, initialMinute, batches }: Scenario) => {
        const [shuffledId, shuffledPhone] = await contact('whatsapp', initialMinute);
        const [orderedId, orderedPhone] = await contact('whatsapp', initialMinute);
        const message = (i: number, from: string, prefix: string): InboundMessage => ({
          from,
          body: replies[i]?.body as string,
          providerMessageId: `wamid.${prefix}${runs}.${i}`,
          at: new Date(T0 + (replies[i]?.minute ?? 0) * MINUTE),
        });
        for (const batch of batches) {
          await deliver(
            'whatsapp',
            batch.map((i) => message(i, shuffledPhone, 's')),
          );
        }
        // The reference: each reply once, oldest first (a stable sort keeps ties in order).
        const byTime = replies
          .map((_, i) => i)
          .sort((a, b) => message(a, '', '').at.getTime() - message(b, '', '').at.getTime());
        for (const i of byTime) await deliver('whatsapp', [message(i, orderedPhone, 'o')]);

        const shuffled = await consentOf(shuffledId, 'whatsapp');
        expect(shuffled).toEqual(await consentOf(orderedId, 'whatsapp'));
        const initial: Consent = {
          status: 'granted',
          source: INITIAL_SOURCE,
          at: new Date(T0 + initialMinute * MINUTE).toISOString(),
        };
        const events = replies.map((reply, i) => ({ reply, at: message(i, '', '').at }));
        expect(shuffled).toEqual(expected(initial, events, 'whatsapp'));
      }),
      { numRuns: 25 },
    );
  });

  it.runIf(run)('SMS: replays, stamped when they arrive, change nothing', async () => {
    await fc.assert(
      fc.asyncProperty(scenario, async ({ replies, batches }: Scenario) => {
        // Before every reply: Twilio's times are the hub's receipt times, all after it.
        const [replayedId, replayedPhone] = await contact('sms', 0);
        const [onceId, oncePhone] = await contact('sms', 0);
        let tick = 0;
        const received = new Map<number, Date>();
        const message = (i: number, from: string, prefix: string, at: Date): InboundMessage => ({
          from,
          body: replies[i]?.body as string,
          providerMessageId: `SM${prefix}${runs}x${i}`,
          at,
        });
        for (const batch of batches) {
          await deliver(
            'sms',
            batch.map((i) => {
              tick += 1;
              const at = new Date(T0 + 10 * MINUTE + tick * 1000);
              if (!received.has(i)) received.set(i, at);
              return message(i, replayedPhone, 'r', at);
            }),
          );
        }
        // The reference: each reply once, at its first receipt, in receipt order.
        const firsts = [...received].sort((a, b) => a[1].getTime() - b[1].getTime());
        for (const [i, at] of firsts) await deliver('sms', [message(i, oncePhone, 'o', at)]);

        const replayed = await consentOf(replayedId, 'sms');
        expect(replayed).toEqual(await consentOf(onceId, 'sms'));
        const initial: Consent = {
          status: 'granted',
          source: INITIAL_SOURCE,
          at: new Date(T0).toISOString(),
        };
        const events = firsts.map(([i, at]) => ({ reply: replies[i] as Reply, at }));
        expect(replayed).toEqual(expected(initial, events, 'sms'));
      }),
      { numRuns: 25 },
    );
  });
});
