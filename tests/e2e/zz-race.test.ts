import type { AddressInfo } from 'node:net';
import { SafenetClient } from '@safenet/sdk';
import { expect, it } from 'vitest';
import { startTestHub } from '../support/test-hub.js';

it('race', async () => {
  await using th = await startTestHub({ workers: false, database: 'postgres' });
  await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = th.hub.app.server.address() as AddressInfo;
  const client = new SafenetClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: th.adminKey });
  let lost = 0;
  for (let i = 0; i < 20; i++) {
    const got: unknown[] = [];
    await new Promise<void>((resolve) => {
      const sub = client.stream.subscribe({
        onEvent: (e) => got.push(e),
        onOpen: () => {
          th.hub.bus.publish({ orgPath: [th.seed.ministryId], event: { type: 'alert', orgId: th.seed.ministryId, at: new Date().toISOString(), data: { severity: 'info', code: 'x', message: 'x' } } });
          setTimeout(() => { sub.close(); resolve(); }, 200);
        },
      });
    });
    if (got.length === 0) lost++;
  }
  console.log('lost', lost, 'of 20');
  expect(true).toBe(true);
});
