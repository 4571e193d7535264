import { afterAll, beforeAll, it } from 'vitest';
import { startTestHub, type TestHub } from '../testing/test-hub.js';

let th: TestHub;
beforeAll(async () => { th = await startTestHub({ workers: false }); });
afterAll(() => th?.close());

it('probe', async () => {
  const app = th.hub.app;
  app.setErrorHandler((e, _req, reply) => { console.log('ERR', e.constructor.name, (e as any).code, e.message); reply.status(500).send('x'); });
  for (const payload of [
    { orgId: th.seed.schoolIds[0], role: 'parent', language: 'en', externalRef: 'a\u0000b' },
    { orgId: th.seed.schoolIds[0], role: 'parent', language: 'en', consents: { email: { status: 'granted', source: 'a\u0000b', at: '2017-04-03T10:00:00+06:00' } } },
  ]) {
    const r = await app.inject({ method: 'POST', url: '/v1/contacts', headers: th.auth, payload });
    console.log(r.statusCode, r.body.slice(0, 300));
  }
});
