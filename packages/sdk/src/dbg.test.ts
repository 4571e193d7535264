import { it } from 'vitest';
import { WebSocket as Ws } from 'ws';
import { SafenetClient } from './client.js';
import { startWsStub } from './testing/ws-stub.js';
it('dbg', async () => {
  await using hub = await startWsStub();
  const BrowserLike = function (url: string, protocols?: string | string[]) { console.log('ctor', url, protocols); return new Ws(url, protocols); } as any;
  const client = new SafenetClient({ baseUrl: hub.url, apiKey: 'k', WebSocket: BrowserLike });
  client.stream.subscribe({ onEvent: () => {}, onError: (e) => console.log('err', e, e.cause), onOpen: () => console.log('open') });
  await new Promise((r) => setTimeout(r, 1500));
  console.log(hub.connections.length);
});
