import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectProblem } from '../../testing/http-helpers.js';
import { startTestHub, type TestHub } from '../../testing/test-hub.js';

// The channels as the API shows them on a hub with no provider configured. The pairing of a
// WhatsApp Web phone is followed end to end in tests/e2e/whatsapp-web.e2e.test.ts.

let th: TestHub;
beforeAll(async () => {
  th = await startTestHub({ workers: false });
});
afterAll(() => th?.close());

describe('GET /v1/channels', () => {
  it('lists one adapter per channel, saying which pair with a phone', async () => {
    const res = await th.hub.app.inject({ method: 'GET', url: '/v1/channels', headers: th.auth });
    expect(res.statusCode, res.body).toBe(200);
    const items = res.json<{ items: { channel: string; provider: string; pairs: boolean }[] }>()
      .items;
    expect(items.map((i) => [i.channel, i.provider, i.pairs]).sort()).toEqual([
      ['email', 'capture', false],
      ['sms', 'capture', false],
      ['telegram', 'capture', false],
      ['websocket', 'websocket', false],
      ['whatsapp', 'capture', false],
      ['zalo', 'capture', false],
    ]);
  });
});

describe('GET /v1/channels/:channel/session', () => {
  it('answers 404 channel_not_configured where nothing pairs, pointing at the list', async () => {
    for (const channel of ['whatsapp', 'sms']) {
      const res = await th.hub.app.inject({
        method: 'GET',
        url: `/v1/channels/${channel}/session`,
        headers: th.auth,
      });
      expectProblem(res, 404, 'channel_not_configured', /GET \/v1\/channels lists those/);
    }
  });

  it('refuses a channel that does not exist with 400, naming the channels', async () => {
    const res = await th.hub.app.inject({
      method: 'POST',
      url: '/v1/channels/fax/session/start',
      headers: th.auth,
    });
    expectProblem(res, 400, 'validation_failed', /whatsapp/);
  });
});
