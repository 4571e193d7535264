import { test, expect } from 'vitest';
import { startTestHub } from '../apps/hub/src/testing/test-hub.js';

test('smoke', async () => {
  const t0 = Date.now();
  await using th = await startTestHub();
  console.log('start ms', Date.now() - t0);
  const r = await th.hub.app.inject({ method: 'GET', url: '/v1/organisations', headers: th.auth });
  console.log(r.statusCode, r.body.slice(0, 300));
  const c = await th.hub.app.inject({ method: 'POST', url: '/v1/segments/count', headers: th.auth, payload: { orgId: th.seed.ministryId, query: { roles: ['parent'] } } });
  console.log(c.statusCode, c.body);
  const b = await th.hub.app.inject({ method: 'POST', url: '/v1/broadcasts', headers: th.auth, payload: { orgId: th.seed.ministryId, segmentId: th.seed.segmentIds.allParents, channels: ['email','websocket'], content: { recommendationId: th.seed.recommendationIds[0] }, variables: { hotline: '111' } } });
  console.log(b.statusCode, b.body);
  const id = JSON.parse(b.body).id;
  for (let i = 0; i < 40; i++) {
    await new Promise(r => setTimeout(r, 500));
    const p = await th.hub.app.inject({ method: 'GET', url: `/v1/broadcasts/${id}/progress`, headers: th.auth });
    console.log(p.body);
    if (JSON.parse(p.body).status === 'completed') break;
  }
  const o = await th.hub.app.inject({ method: 'GET', url: `/v1/outbox?limit=2`, headers: th.auth });
  console.log(o.body.slice(0, 600));
  expect(r.statusCode).toBe(200);
});
