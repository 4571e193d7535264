import type { Broadcast, BroadcastInput, BroadcastProgress } from '@safenet/core';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countAll, expectProblem } from '../../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

// Without workers a created broadcast stays queued: these tests see what the API decides,
// not what dispatch does.
let th: TestHub;
let app: FastifyInstance;

beforeAll(async () => {
  th = await startTestHub({ workers: false });
  app = th.hub.app;
});
afterAll(() => th?.close());

const broadcast = (fields: Partial<BroadcastInput> = {}): BroadcastInput => ({
  orgId: th.seed.ministryId,
  segmentId: th.seed.segmentIds.kazakhAndRussianParents,
  channels: ['whatsapp', 'sms'],
  content: { body: { ru: 'Родительское собрание в пятницу', kk: 'Жұма күні ата-аналар жиналысы' } },
  ...fields,
});

const send = (payload: BroadcastInput) =>
  app.inject({ method: 'POST', url: '/v1/broadcasts', headers: th.auth, payload });

/** Sends `payload`, expecting a refusal, and checks that no broadcast was written. */
async function refused(payload: BroadcastInput) {
  const before = await countAll(app, th.auth, '/v1/broadcasts');
  const res = await send(payload);
  expect(await countAll(app, th.auth, '/v1/broadcasts')).toBe(before);
  return res;
}

async function segment(query: object): Promise<string> {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/segments',
    headers: th.auth,
    payload: { orgId: th.seed.ministryId, name: 'test segment', query },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

describe('POST /v1/broadcasts', () => {
  it('answers 422 segment_empty to a segment that matches nobody', async () => {
    const nobody = await segment({ roles: ['official'] }); // the demo has no officials
    const res = await refused(broadcast({ segmentId: nobody }));
    expectProblem(res, 422, 'segment_empty', new RegExp(`Segment ${nobody} matches no contact`));
  });

  it('answers 422 segment_empty when nobody is reachable on the channels, saying where they are', async () => {
    const res = await refused(broadcast({ channels: ['telegram'] })); // no demo contact has telegram
    expectProblem(
      res,
      422,
      'segment_empty',
      /none has an address and consent on telegram; reachable elsewhere: whatsapp/,
    );
  });

  it('answers 422 template_variable_missing to {{variables}} without values', async () => {
    const own = await refused(
      broadcast({ content: { body: { ru: 'Телефон доверия: {{hotline}}' } } }),
    );
    expectProblem(
      own,
      422,
      'template_variable_missing',
      /\{\{hotline\}\}: give values in "variables"/,
    );
    // The first demo memo ends with "Helpline: {{hotline}}".
    const memo = { recommendationId: th.seed.recommendationIds[0] as string };
    const saved = await refused(broadcast({ content: memo, variables: { hotlne: '111' } }));
    expectProblem(saved, 422, 'template_variable_missing', /\{\{hotline\}\}/);
  });

  it('accepts a broadcast with its variables: 202, queued, then cancellable once', async () => {
    const before = await countAll(app, th.auth, '/v1/broadcasts');
    const memo = { recommendationId: th.seed.recommendationIds[0] as string };
    const res = await send(broadcast({ content: memo, variables: { hotline: '150' } }));
    expect(res.statusCode, res.body).toBe(202);
    const created = res.json<Broadcast>();
    expect(created).toMatchObject({
      status: 'queued',
      channels: ['whatsapp', 'sms'],
      campaignId: null,
    });
    expect(await countAll(app, th.auth, '/v1/broadcasts')).toBe(before + 1);

    const progress = await app.inject({
      method: 'GET',
      url: `/v1/broadcasts/${created.id}/progress`,
      headers: th.auth,
    });
    expect(progress.json<BroadcastProgress>()).toEqual({
      broadcastId: created.id,
      status: 'queued',
      expanded: false,
      total: 0,
      recipients: 0,
      fallbacks: 0,
      deferred: 0,
      counts: {},
      channels: {},
    });
    const cancel = () =>
      app.inject({ method: 'POST', url: `/v1/broadcasts/${created.id}/cancel`, headers: th.auth });
    const cancelled = await cancel();
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json<Broadcast>().status).toBe('cancelled');
    expectProblem(await cancel(), 409, 'broadcast_not_cancellable', /already cancelled/);
  });
});
