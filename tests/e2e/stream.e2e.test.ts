/**
 * The SDK's `onOpen` promise, end to end: once it fires, the hub has subscribed the socket,
 * so an event published right after is delivered. (Authenticating after the upgrade broke
 * this on PostgreSQL, where the key lookup takes a network round trip.)
 */
import type { AddressInfo } from 'node:net';
import { type SafenetApiError, SafenetClient, type StreamEvent } from '@safenet/sdk';
import { describe, expect, it } from 'vitest';
import { postgresVariant, shouldTestPostgres, startTestHub } from '../support/test-hub.js';

const postgres = await shouldTestPostgres();

describe('stream subscriptions are live once onOpen fires', () => {
  it('on the embedded database', async () => {
    await eventsAfterOpenArrive('embedded');
  });

  it.runIf(postgres)(postgresVariant(postgres), async () => {
    await eventsAfterOpenArrive('postgres');
  });

  it('closes the socket of an unknown key with unauthenticated, for good', async () => {
    await using th = await startTestHub({ workers: false });
    await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = th.hub.app.server.address() as AddressInfo;
    const client = new SafenetClient({
      baseUrl: `http://127.0.0.1:${port}`,
      apiKey: 'sn_this_key_was_never_issued_0000',
    });
    const errors: SafenetApiError[] = [];
    const subscription = client.stream.subscribe({
      onEvent: () => {},
      onError: (error) => errors.push(error),
    });
    try {
      await expect.poll(() => errors.length, { timeout: 10_000, interval: 20 }).toBe(1);
      expect(errors[0]).toMatchObject({ code: 'unauthenticated', status: 401, retryable: false });
    } finally {
      subscription.close();
    }
  });
});

async function eventsAfterOpenArrive(database: 'embedded' | 'postgres'): Promise<void> {
  await using th = await startTestHub({ database, workers: false });
  await th.hub.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = th.hub.app.server.address() as AddressInfo;
  const client = new SafenetClient({ baseUrl: `http://127.0.0.1:${port}`, apiKey: th.adminKey });
  const orgId = th.seed.ministryId;

  for (let round = 0; round < 5; round++) {
    const received: StreamEvent[] = [];
    const alert: StreamEvent = {
      type: 'alert',
      orgId,
      at: new Date().toISOString(),
      data: {
        alertId: '0190f5c2-0000-7000-8000-00000000a1e7',
        severity: 'critical',
        code: 'broadcast_failures',
        subject: { type: 'broadcast', id: '0190f5c2-0000-7000-8000-00000000b0b0' },
        message: `report ${round}`,
      },
    };
    const subscription = client.stream.subscribe({
      types: ['alert'],
      onEvent: (event) => received.push(event),
      // Published the moment the client sees the socket open.
      onOpen: () => void th.hub.bus.publish({ orgPath: [orgId], event: alert }),
    });
    try {
      await expect
        .poll(() => received, { timeout: 10_000, interval: 20 })
        .toEqual([{ ...alert, id: expect.stringMatching(/^\d+$/) }]);
    } finally {
      subscription.close();
    }
  }
}
